package dev.crmoutbound.policy.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A named set of jurisdiction rules a campaign opts into ({@code compliance: us-states}). A number is
 * called under its country's rule and its subdivision's ({@code US} and {@code US-FL}); a number whose
 * subdivision cannot be told, under its country's and every one of its subdivisions' (the strictest).
 */
public final class RuleSet {

    public static final RuleSet NONE = new RuleSet("none", Map.of());

    private final String name;
    private final Map<String, JurisdictionRule> byId;
    private final Map<String, List<JurisdictionRule>> applying = new ConcurrentHashMap<>();

    public RuleSet(String name, Map<String, JurisdictionRule> byId) {
        this.name = name;
        this.byId = Map.copyOf(byId);
    }

    public String name() {
        return name;
    }

    public Map<String, JurisdictionRule> rules() {
        return byId;
    }

    public boolean isEmpty() {
        return byId.isEmpty();
    }

    /** The rules a number of {@code jurisdiction} ({@code US-FL}, {@code US}, {@code GB}, null) is called under. */
    public List<JurisdictionRule> applying(String jurisdiction) {
        if (jurisdiction == null || byId.isEmpty()) {
            return List.of();
        }
        return applying.computeIfAbsent(jurisdiction, this::collect);
    }

    /** The subdivisions' rules first: where they and the country's close the same hours, theirs is named. */
    private List<JurisdictionRule> collect(String jurisdiction) {
        List<JurisdictionRule> rules = new ArrayList<>();
        int dash = jurisdiction.indexOf('-');
        String country = dash < 0 ? jurisdiction : jurisdiction.substring(0, dash);
        if (dash >= 0) {
            if (byId.containsKey(jurisdiction)) {
                rules.add(byId.get(jurisdiction));
            }
        } else {
            byId.values().stream().filter(r -> !r.isCountry() && r.country().equals(country))
                    .sorted(java.util.Comparator.comparing(JurisdictionRule::id)).forEach(rules::add);
        }
        if (byId.containsKey(country)) {
            rules.add(byId.get(country));
        }
        return List.copyOf(rules);
    }

    /** This set with {@code overrides}' rules in place of its own of the same id, and theirs added. */
    public RuleSet with(String newName, Map<String, JurisdictionRule> overrides) {
        Map<String, JurisdictionRule> merged = new LinkedHashMap<>(byId);
        merged.putAll(overrides);
        return new RuleSet(newName, merged);
    }
}
