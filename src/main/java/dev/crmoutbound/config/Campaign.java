package dev.crmoutbound.config;

import java.time.Duration;
import java.util.Map;

/** What every call of a campaign is placed with, and how often a lead may be tried. */
public record Campaign(
        String id,
        String fromNumber,
        String endpointId,
        String region,
        int maxDurationSeconds,
        int maxAttempts,
        Duration retryDelay,
        String webhookUrl,
        Map<String, String> metadata) {
}
