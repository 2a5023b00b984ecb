package dev.crmoutbound.policy;

import dev.crmoutbound.config.ConfigurationException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * When a lead is called again, by the outcome of its last attempt: up to {@code maxAttempts} attempts in
 * all, each at least {@code minDelay} after the one before ended. An outcome without a rule (completed,
 * unless configured otherwise) is never redialed.
 */
public final class RedialPolicy {

    public record Rule(int maxAttempts, Duration minDelay) {
    }

    public static final RedialPolicy NEVER = new RedialPolicy(Map.of());

    private final Map<String, Rule> rules;

    public RedialPolicy(Map<String, Rule> rules) {
        rules.forEach((outcome, rule) -> {
            if (rule.maxAttempts() < 1 || rule.minDelay().isNegative()) {
                throw new ConfigurationException("redial rule for " + outcome + ": max attempts must be at least 1 "
                        + "and the delay not negative");
            }
        });
        this.rules = Map.copyOf(rules);
    }

    /** Parses {@code no_answer=3/2h, busy=3/30m, failed=2/15m}: outcome = max attempts / min delay. */
    public static RedialPolicy parse(String spec) {
        Map<String, Rule> rules = new LinkedHashMap<>();
        for (String part : spec.split("[,;]")) {
            if (part.isBlank()) {
                continue;
            }
            String[] kv = part.split("=", 2);
            String[] rule = kv.length == 2 ? kv[1].split("/", 2) : new String[0];
            if (rule.length != 2) {
                throw new ConfigurationException("redial rule '" + part.strip()
                        + "' must be outcome=max_attempts/min_delay, e.g. no_answer=3/2h");
            }
            rules.put(outcome(kv[0]), new Rule(attempts(rule[0]), Durations.parse(rule[1])));
        }
        return new RedialPolicy(rules);
    }

    /** The same rule for every outcome worth another try (the single-campaign settings' shorthand). */
    public static RedialPolicy uniform(int maxAttempts, Duration delay) {
        if (maxAttempts <= 1) {
            return NEVER;
        }
        Rule rule = new Rule(maxAttempts, delay);
        return new RedialPolicy(Map.of("no_answer", rule, "busy", rule, "failed", rule));
    }

    public static String outcome(String name) {
        return name.strip().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
    }

    /** When the lead may be dialed again after this attempt, or empty when it is done. */
    public Optional<Instant> nextAttempt(String outcome, int attemptsSoFar, Instant ended) {
        Rule rule = outcome == null ? null : rules.get(outcome);
        if (rule == null || attemptsSoFar >= rule.maxAttempts()) {
            return Optional.empty();
        }
        return Optional.of(ended.plus(rule.minDelay()));
    }

    public Map<String, Rule> rules() {
        return rules;
    }

    public String describe() {
        if (rules.isEmpty()) {
            return "no redials";
        }
        StringJoiner out = new StringJoiner(", ");
        rules.forEach((o, r) -> out.add(o + " up to " + r.maxAttempts() + " attempts, " + r.minDelay().toMinutes()
                + " min apart"));
        return out.toString();
    }

    private static int attempts(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new ConfigurationException("redial max attempts must be a whole number, was '" + text.strip() + "'");
        }
    }
}
