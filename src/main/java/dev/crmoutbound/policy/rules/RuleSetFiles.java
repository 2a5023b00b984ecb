package dev.crmoutbound.policy.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.crmoutbound.config.ConfigurationException;
import dev.crmoutbound.policy.CallingWindow;
import dev.crmoutbound.policy.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads rule sets by name: {@code <name>.yaml} in the rules folder (CALLING_RULES_DIR) when there is
 * one, else the one shipped in the jar ({@code config/calling-rules/}). A file lists its jurisdictions
 * and may {@code extends:} another set, whose rules it replaces or adds to. A campaign may name several
 * sets ({@code us-states, uk}) and override single jurisdictions in its own file.
 */
public final class RuleSetFiles {

    private static final Set<String> FILE_KEYS = Set.of("extends", "jurisdictions");
    private static final Set<String> RULE_KEYS = Set.of("hours", "closed", "holidays", "calls_per_24h",
            "no_redial_after", "source");
    private static final Pattern ID = Pattern.compile("[A-Z]{2}(-[A-Z0-9]{1,3})?");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    private final Path dir;
    private final Map<String, RuleSet> loaded = new LinkedHashMap<>();

    public RuleSetFiles(Path dir) {
        this.dir = dir;
    }

    /** The sets {@code names} lists (comma-separated), as one; {@link RuleSet#NONE} when it is blank. */
    public synchronized RuleSet load(String names) {
        if (names == null || names.isBlank()) {
            return RuleSet.NONE;
        }
        RuleSet combined = RuleSet.NONE;
        for (String name : names.split(",")) {
            combined = combined.with(names.strip(), load(name.strip(), new HashSet<>()).rules());
        }
        return combined;
    }

    /** Jurisdictions as a rules file writes them: a campaign's own overrides. */
    public Map<String, JurisdictionRule> jurisdictions(JsonNode node, String where) {
        Map<String, JurisdictionRule> rules = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return rules;
        }
        if (!node.isObject()) {
            throw new ConfigurationException(where + ": jurisdictions must be a mapping of id (US-FL) to its rule");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String id = e.getKey().strip().toUpperCase(Locale.ROOT);
            if (!ID.matcher(id).matches()) {
                throw new ConfigurationException(where + ": '" + e.getKey() + "' is not a jurisdiction such as US, US-FL or GB");
            }
            rules.put(id, rule(id, e.getValue(), where + ", " + id));
        }
        return rules;
    }

    private RuleSet load(String name, Set<String> seen) {
        return load(name, seen, true);
    }

    /** {@code yours}: a file of the rules folder may stand in for the shipped set (else only the shipped one). */
    private RuleSet load(String name, Set<String> seen, boolean yours) {
        if (!NAME.matcher(name).matches()) {
            throw new ConfigurationException("calling rules '" + name + "': a rule set's name is lower-case letters, "
                    + "digits, '.', '_' or '-'");
        }
        Path own = dir.resolve(name + ".yaml");
        boolean fromFolder = yours && Files.isRegularFile(own);
        String key = (fromFolder ? "" : "shipped:") + name;
        RuleSet known = loaded.get(key);
        if (known != null) {
            return known;
        }
        if (!seen.add(key)) {
            throw new ConfigurationException("calling rules '" + name + "' extend themselves (through " + seen + ")");
        }
        String where = "calling rules " + (fromFolder ? own.toString() : name + ".yaml (shipped)");
        JsonNode file = read(fromFolder ? own : null, name, where);
        for (Iterator<String> keys = file.fieldNames(); keys.hasNext(); ) {
            String fileKey = keys.next();
            if (!FILE_KEYS.contains(fileKey)) {
                throw new ConfigurationException(where + ": unknown key '" + fileKey + "'; expected one of " + FILE_KEYS);
            }
        }
        String base = file.hasNonNull("extends") ? file.get("extends").asText().strip() : null;
        // a file of yours named as a shipped set may build on the shipped one: extends its own name
        RuleSet extended = base == null ? RuleSet.NONE : load(base, seen, !(fromFolder && base.equals(name)));
        RuleSet set = extended.with(name, jurisdictions(file.get("jurisdictions"), where));
        loaded.put(key, set);
        return set;
    }

    private JsonNode read(Path own, String name, String where) {
        try (InputStream in = own != null ? Files.newInputStream(own)
                : RuleSetFiles.class.getClassLoader().getResourceAsStream("config/calling-rules/" + name + ".yaml")) {
            if (in == null) {
                throw new ConfigurationException("no calling rules named '" + name + "' (" + dir.resolve(name + ".yaml")
                        + " does not exist, and none is shipped by that name)");
            }
            JsonNode node = yaml.readTree(in);
            if (node == null || !node.isObject()) {
                throw new ConfigurationException(where + " is not a YAML mapping");
            }
            return node;
        } catch (IOException e) {
            throw new ConfigurationException(where + " is not valid YAML: " + e.getMessage());
        }
    }

    private static JurisdictionRule rule(String id, JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw new ConfigurationException(where + ": a rule is a mapping (hours, closed, holidays, calls_per_24h, "
                    + "no_redial_after, source)");
        }
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!RULE_KEYS.contains(key)) {
                throw new ConfigurationException(where + ": unknown key '" + key + "'; expected one of " + RULE_KEYS);
            }
        }
        String source = node.path("source").asText("").strip();
        if (source.isEmpty()) {
            throw new ConfigurationException(where + ": every rule cites its source (source: the statute or rule)");
        }
        String hours = node.hasNonNull("hours") ? node.get("hours").asText().strip() : null;
        Integer cap = node.hasNonNull("calls_per_24h") ? node.get("calls_per_24h").asInt() : null;
        if (cap != null && cap < 1) {
            throw new ConfigurationException(where + ": calls_per_24h must be at least 1");
        }
        JsonNode noRedial = node.path("no_redial_after");
        Set<String> outcomes = new HashSet<>();
        noRedial.path("outcomes").forEach(o -> outcomes.add(o.asText().strip().toLowerCase(Locale.ROOT)));
        Duration noRedialFor = noRedial.hasNonNull("for") ? Durations.parse(noRedial.get("for").asText()) : null;
        if (!noRedial.isMissingNode() && (outcomes.isEmpty() || noRedialFor == null)) {
            throw new ConfigurationException(where + ": no_redial_after needs outcomes (a list) and for (such as 72h)");
        }
        return new JurisdictionRule(id, hours, hours(hours, where), closed(node.get("closed"), where),
                holidays(node.get("holidays"), where), cap, Set.copyOf(outcomes), noRedialFor, source);
    }

    private static CallingWindow hours(String spec, String where) {
        try {
            return spec == null ? null : CallingWindow.parse(spec);
        } catch (ConfigurationException e) {
            throw new ConfigurationException(where + ": hours " + e.getMessage().replaceFirst("^calling window ", ""));
        }
    }

    /** {@code [saturday, sunday]}, or one day alone ({@code sunday}). */
    private static Set<DayOfWeek> closed(JsonNode node, String where) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        if (node == null || node.isNull()) {
            return days;
        }
        if (!node.isArray() && !node.isTextual()) {
            throw new ConfigurationException(where + ": closed is a weekday or a list of them, such as [sunday]");
        }
        for (JsonNode day : node.isArray() ? node : List.of(node)) {
            days.add(CallingWindow.weekday(day.asText(), where + " closed"));
        }
        return days;
    }

    private static List<Holiday> holidays(JsonNode node, String where) {
        List<Holiday> holidays = new ArrayList<>();
        if (node != null) {
            for (JsonNode h : node) {
                String name = h.path("name").asText("").strip();
                if (name.isEmpty() || !h.hasNonNull("date")) {
                    throw new ConfigurationException(where + ": each holiday has a name and a date rule");
                }
                try {
                    holidays.add(new Holiday(name, h.get("date").asText(), h.path("observed").asBoolean(false)));
                } catch (ConfigurationException e) {
                    throw new ConfigurationException(where + ": " + e.getMessage());
                }
            }
        }
        return List.copyOf(holidays);
    }
}
