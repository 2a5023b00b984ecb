package dev.crmoutbound.config;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Builds the campaign from settings, failing early with the name of whatever is wrong. */
public final class CampaignLoader {

    private static final Pattern E164 = Pattern.compile("^\\+[1-9]\\d{6,14}$");

    private CampaignLoader() {
    }

    public static Campaign load(Settings s, String defaultFromNumber, String defaultEndpointId, String webhookUrl) {
        String from = s.optional("campaign.from-number").orElse(defaultFromNumber);
        if (from == null) {
            throw new ConfigurationException("CAMPAIGN_FROM_NUMBER is required when KROSAI_BASE_URL points at a real API");
        }
        if (!E164.matcher(from).matches()) {
            throw new ConfigurationException("CAMPAIGN_FROM_NUMBER must be E.164 such as +14155550100, was '" + from + "'");
        }
        String endpoint = s.optional("campaign.endpoint-id").orElse(defaultEndpointId);
        if (endpoint == null) {
            throw new ConfigurationException("CAMPAIGN_ENDPOINT_ID is required when KROSAI_BASE_URL points at a real API");
        }
        int maxDuration = s.integer("campaign.max-duration", 300);
        int maxAttempts = s.integer("campaign.max-attempts", 1);
        if (maxDuration < 1 || maxAttempts < 1) {
            throw new ConfigurationException("CAMPAIGN_MAX_DURATION and CAMPAIGN_MAX_ATTEMPTS must be at least 1");
        }
        return new Campaign(
                s.text("campaign.id", "default"),
                from,
                endpoint,
                s.text("campaign.region", "US").toUpperCase(java.util.Locale.ROOT),
                maxDuration,
                maxAttempts,
                Duration.ofSeconds(s.integer("campaign.retry-delay", 900)),
                webhookUrl,
                metadata(s.optional("campaign.metadata")));
    }

    /** CAMPAIGN_METADATA is a JSON object of string values, e.g. {"campaign":"spring-renewals"}. */
    static Map<String, String> metadata(Optional<String> json) {
        if (json.isEmpty()) {
            return Map.of();
        }
        try {
            Map<String, Object> raw = new ObjectMapper().readValue(json.get(), new TypeReference<>() { });
            Map<String, String> out = new LinkedHashMap<>();
            raw.forEach((k, v) -> out.put(k, String.valueOf(v)));
            return Map.copyOf(out);
        } catch (Exception e) {
            throw new ConfigurationException("CAMPAIGN_METADATA must be a JSON object such as {\"campaign\":\"q4\"}: "
                    + e.getMessage());
        }
    }
}
