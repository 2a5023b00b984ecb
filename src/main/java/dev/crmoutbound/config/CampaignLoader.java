package dev.crmoutbound.config;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crmoutbound.policy.CallingWindow;
import dev.crmoutbound.policy.RedialPolicy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Builds the single campaign of a deployment without campaign files, from the {@code campaign.*}
 * settings, failing early with the name of whatever is wrong.
 */
public final class CampaignLoader {

    private static final Pattern E164 = Pattern.compile("^\\+[1-9]\\d{6,14}$");

    private CampaignLoader() {
    }

    public static Campaign load(Settings s, CampaignDefaults defaults) {
        String from = s.optional("campaign.from-number").orElse(defaults.fromNumber());
        String endpoint = s.optional("campaign.endpoint-id").orElse(defaults.endpointId());
        int maxDuration = s.integer("campaign.max-duration");
        int maxAttempts = s.integer("campaign.max-attempts");
        if (maxAttempts < 1) {
            throw new ConfigurationException("CAMPAIGN_MAX_ATTEMPTS must be at least 1");
        }
        RedialPolicy redial = s.optional("campaign.redial").map(RedialPolicy::parse)
                .orElse(RedialPolicy.uniform(maxAttempts, Duration.ofSeconds(s.integer("campaign.retry-delay"))));
        CampaignPolicy policy = new CampaignPolicy(
                s.optional("campaign.calling-window").map(CallingWindow::parse).orElse(defaults.window()),
                redial,
                Boolean.parseBoolean(s.text("campaign.require-consent")),
                s.text("campaign.consent-column"),
                s.text("campaign.time-zone-column"),
                defaults.callingRules().load(s.optional("campaign.compliance").orElse(null)));
        String id = s.text("campaign.id");
        return checked(new Campaign(id, from, endpoint, s.text("campaign.region").toUpperCase(Locale.ROOT),
                maxDuration, defaults.webhookUrl(), metadata(s.optional("campaign.metadata")), id, policy,
                Campaign.DEFAULT_ACCOUNT),
                "CAMPAIGN_");
    }

    /** Checks what every campaign needs; {@code names} prefixes the setting names in messages. */
    static Campaign checked(Campaign c, String names) {
        if (c.fromNumber() == null) {
            throw new ConfigurationException(names + "FROM_NUMBER is required when KROSAI_BASE_URL points at a real API"
                    + " (campaign " + c.id() + ")");
        }
        if (!E164.matcher(c.fromNumber()).matches()) {
            throw new ConfigurationException(names + "FROM_NUMBER must be E.164 such as +14155550100, was '"
                    + c.fromNumber() + "' (campaign " + c.id() + ")");
        }
        if (c.endpointId() == null) {
            throw new ConfigurationException(names + "ENDPOINT_ID is required when KROSAI_BASE_URL points at a real API"
                    + " (campaign " + c.id() + ")");
        }
        new dev.crmoutbound.intake.PhoneNormalizer(c.region()); // fails on a region libphonenumber does not know
        if (c.maxDurationSeconds() < 1) {
            throw new ConfigurationException(names + "MAX_DURATION must be at least 1 (campaign " + c.id() + ")");
        }
        return c;
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
