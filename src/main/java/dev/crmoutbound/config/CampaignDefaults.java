package dev.crmoutbound.config;

import dev.crmoutbound.policy.CallingWindow;

/**
 * What a campaign gets where its definition is silent: the sandbox's number and endpoint when KrosAI is
 * the embedded sandbox (null otherwise, so they are required), the webhook URL, the calling window.
 */
public record CampaignDefaults(String fromNumber, String endpointId, String webhookUrl, CallingWindow window) {
}
