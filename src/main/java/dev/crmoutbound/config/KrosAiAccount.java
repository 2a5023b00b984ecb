package dev.crmoutbound.config;

/**
 * A KrosAI account calls are placed on: where its API is, its key, the secret its webhooks are signed
 * with, and its plan's concurrent-call limit (shared by every campaign, and every instance, on it).
 */
public record KrosAiAccount(String id, String baseUrl, String apiKey, String webhookSecret, int limit) {

    @Override
    public String toString() {
        return "KrosAiAccount[" + id + " at " + baseUrl + ", limit " + limit + "]"; // never the key or the secret
    }
}
