package dev.crmoutbound.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.crmoutbound.policy.CallingWindow;
import dev.crmoutbound.policy.rules.JurisdictionRule;
import dev.crmoutbound.policy.rules.RuleSet;
import dev.crmoutbound.policy.Durations;
import dev.crmoutbound.policy.RedialPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads campaign definitions, one YAML file each, from the campaigns folder (see
 * {@code config/sample/campaigns/} for a commented example). Placeholders such as
 * {@code {{env:RENEWALS_FROM_NUMBER}}} are resolved first, so per-deployment values stay out of the file.
 */
public final class CampaignFiles {

    private static final Set<String> KEYS = Set.of("id", "from_number", "endpoint_id", "region", "max_duration",
            "metadata", "inbox_folder", "calling_window", "redial", "consent", "time_zone_column", "account", "compliance",
            "compliance_rules");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    private final UnaryOperator<String> placeholders;
    private final CampaignDefaults defaults;

    public CampaignFiles(UnaryOperator<String> placeholders, CampaignDefaults defaults) {
        this.placeholders = placeholders;
        this.defaults = defaults;
    }

    /** The campaigns defined in {@code dir}, by file name order; empty when the folder has none. */
    public List<Campaign> load(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Campaign> campaigns = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(CampaignFiles::isYaml).sorted().toList()) {
                campaigns.add(read(file));
            }
        } catch (IOException e) {
            throw new ConfigurationException("cannot read the campaigns folder " + dir + ": " + e.getMessage());
        }
        return campaigns;
    }

    Campaign read(Path file) {
        String name = file.getFileName().toString();
        try {
            JsonNode node = yaml.readTree(placeholders.apply(Files.readString(file, StandardCharsets.UTF_8)));
            if (node == null || !node.isObject()) {
                throw new ConfigurationException("campaign file " + name + " is not a YAML mapping");
            }
            return campaign(node, name);
        } catch (IOException e) {
            throw new ConfigurationException("campaign file " + name + " is not valid YAML: " + e.getMessage());
        } catch (ConfigurationException e) {
            throw e.getMessage().contains(name) ? e
                    : new ConfigurationException("campaign file " + name + ": " + e.getMessage());
        }
    }

    private Campaign campaign(JsonNode node, String file) {
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!KEYS.contains(key)) {
                throw new ConfigurationException("unknown key '" + key + "'; expected one of " + KEYS);
            }
        }
        String id = text(node, "id", file.replaceFirst("\\.ya?ml$", ""));
        if (!ID.matcher(id).matches()) {
            throw new ConfigurationException("id '" + id + "' must be letters, digits, '.', '_' or '-'");
        }
        JsonNode consent = node.path("consent");
        CampaignPolicy policy = new CampaignPolicy(
                window(node.get("calling_window")),
                redial(node.get("redial")),
                consent.path("required").asBoolean(false),
                consent.path("column").asText(CampaignPolicy.DEFAULT_CONSENT_COLUMN),
                text(node, "time_zone_column", CampaignPolicy.DEFAULT_TIME_ZONE_COLUMN),
                rules(node));
        Campaign campaign = new Campaign(id,
                text(node, "from_number", defaults.fromNumber()),
                text(node, "endpoint_id", defaults.endpointId()),
                text(node, "region", "US").toUpperCase(Locale.ROOT),
                node.path("max_duration").asInt(300),
                defaults.webhookUrl(),
                strings(node.get("metadata")),
                text(node, "inbox_folder", id),
                policy,
                text(node, "account", Campaign.DEFAULT_ACCOUNT));
        return CampaignLoader.checked(campaign, file + ": ");
    }

    /** The rule sets {@code compliance} names, with the campaign's own {@code compliance_rules} over them. */
    private RuleSet rules(JsonNode node) {
        RuleSet named = defaults.callingRules().load(text(node, "compliance", null));
        Map<String, JurisdictionRule> own = defaults.callingRules().jurisdictions(node.get("compliance_rules"),
                "compliance_rules");
        return own.isEmpty() ? named : named.with(named.name() + " with the campaign's own", own);
    }

    private CallingWindow window(JsonNode node) {
        if (node == null || node.isNull()) {
            return defaults.window();
        }
        return node.isObject() ? CallingWindow.of(strings(node)) : CallingWindow.parse(node.asText());
    }

    /** {@code no_answer: {max_attempts: 3, min_delay: 2h}} or {@code no_answer: 3/2h}. */
    private static RedialPolicy redial(JsonNode node) {
        if (node == null || node.isNull()) {
            return RedialPolicy.NEVER;
        }
        Map<String, RedialPolicy.Rule> rules = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode rule = e.getValue();
            if (rule.isObject()) {
                rules.put(RedialPolicy.outcome(e.getKey()), new RedialPolicy.Rule(rule.path("max_attempts").asInt(1),
                        Durations.parse(rule.path("min_delay").asText("0"))));
            } else {
                rules.putAll(RedialPolicy.parse(e.getKey() + "=" + rule.asText()).rules());
            }
        }
        return new RedialPolicy(rules);
    }

    private static String text(JsonNode node, String key, String fallback) {
        JsonNode value = node.get(key);
        return value == null || value.isNull() || value.asText().isBlank() ? fallback : value.asText().strip();
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }

    private static boolean isYaml(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".yaml") || n.endsWith(".yml");
    }
}
