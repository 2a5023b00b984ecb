package dev.crmoutbound.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads KrosAI accounts beside the default one, one YAML file each, from the accounts folder (see
 * {@code config/sample/accounts/}). The key and the webhook secret come from the environment through
 * {@code {{env:...}}} placeholders, resolved first.
 */
public final class KrosAiAccountFiles {

    private static final Set<String> KEYS = Set.of("id", "base_url", "api_key", "webhook_secret", "plan", "concurrent_limit");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    private final UnaryOperator<String> placeholders;

    public KrosAiAccountFiles(UnaryOperator<String> placeholders) {
        this.placeholders = placeholders;
    }

    public List<KrosAiAccount> load(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<KrosAiAccount> accounts = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(KrosAiAccountFiles::isYaml).sorted().toList()) {
                accounts.add(read(file));
            }
        } catch (IOException e) {
            throw new ConfigurationException("cannot read the accounts folder " + dir + ": " + e.getMessage());
        }
        return accounts;
    }

    KrosAiAccount read(Path file) {
        String name = file.getFileName().toString();
        JsonNode node;
        try {
            node = yaml.readTree(placeholders.apply(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new ConfigurationException("account file " + name + " is not valid YAML: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new ConfigurationException("account file " + name + " is not a YAML mapping");
        }
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!KEYS.contains(key)) {
                throw new ConfigurationException("account file " + name + ": unknown key '" + key + "'; expected one of " + KEYS);
            }
        }
        String id = text(node, "id", name.replaceFirst("(?i)\\.ya?ml$", ""));
        if (!ID.matcher(id).matches() || id.equals(Campaign.DEFAULT_ACCOUNT)) {
            throw new ConfigurationException("account file " + name + ": id '" + id + "' must be letters, digits, '.', "
                    + "'_' or '-', and not '" + Campaign.DEFAULT_ACCOUNT + "' (that one is the KROSAI_* settings)");
        }
        String baseUrl = required(node, "base_url", name);
        int limit = PlanLimit.resolve(text(node, "plan", "free"), limit(text(node, "concurrent_limit", "0"), name),
                "account file " + name + ": plan");
        return new KrosAiAccount(id, baseUrl.replaceAll("/+$", ""), required(node, "api_key", name),
                required(node, "webhook_secret", name), limit);
    }

    private static int limit(String text, String file) {
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 0) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new ConfigurationException("account file " + file + ": concurrent_limit must be a whole number, was '" + text + "'");
    }

    private static String required(JsonNode node, String key, String file) {
        String value = text(node, key, null);
        if (value == null) {
            throw new ConfigurationException("account file " + file + ": " + key + " is required");
        }
        return value;
    }

    private static String text(JsonNode node, String key, String fallback) {
        JsonNode value = node.get(key);
        return value == null || value.isNull() || value.asText().isBlank() ? fallback : value.asText().strip();
    }

    private static boolean isYaml(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".yaml") || n.endsWith(".yml");
    }
}
