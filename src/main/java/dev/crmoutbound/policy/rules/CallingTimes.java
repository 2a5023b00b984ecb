package dev.crmoutbound.policy.rules;

import dev.crmoutbound.policy.CallingWindow;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;

/**
 * When a number may be called next: the campaign's calling window and the rules of its jurisdiction
 * (hours, weekdays and holidays with no calls) all at once, in every time zone the number may be in;
 * and which of them decided the time.
 */
public final class CallingTimes {

    /** The rule name of the campaign's own calling window. */
    public static final String CAMPAIGN_WINDOW = "campaign calling window";

    /** Enough rounds for a week of closed days and holidays; more means the rules never leave a time open. */
    private static final int MAX_ROUNDS = 200;

    /**
     * The first time at or after {@code from} when a call may be placed ({@code at} null: never), and the
     * rule that made it later than {@code from} (null when nothing did).
     */
    public record Opening(Instant at, String rule) {
    }

    private CallingTimes() {
    }

    public static Opening next(CallingWindow window, List<JurisdictionRule> rules, List<ZoneId> zones, Instant from) {
        Instant t = from;
        String decidedBy = null;
        // a day with no calls names the opening over the hours that then open it on a later day
        boolean dayClosed = false;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Instant before = t;
            Instant open = window.nextOpen(t, zones);
            if (open == null) {
                return new Opening(null, CAMPAIGN_WINDOW);
            }
            if (open.isAfter(t)) {
                t = open;
                decidedBy = dayClosed ? decidedBy : CAMPAIGN_WINDOW;
            }
            for (JurisdictionRule rule : rules) {
                if (rule.hours() != null) {
                    open = rule.hours().nextOpen(t, zones);
                    if (open == null) {
                        return new Opening(null, rule.id() + " hours " + rule.hoursSpec());
                    }
                    if (open.isAfter(t)) {
                        t = open;
                        decidedBy = dayClosed ? decidedBy : rule.id() + " hours " + rule.hoursSpec();
                    }
                }
                for (ZoneId zone : zones) {
                    LocalDate date = t.atZone(zone).toLocalDate();
                    String closed = closedOn(rule, date);
                    if (closed != null) {
                        t = date.plusDays(1).atStartOfDay(zone).toInstant();
                        decidedBy = closed;
                        dayClosed = true;
                    }
                }
            }
            if (t.equals(before)) {
                return new Opening(t, decidedBy);
            }
        }
        return new Opening(null, decidedBy);
    }

    /** Why {@code rule} allows no calls on {@code date}, or null when it allows some. */
    private static String closedOn(JurisdictionRule rule, LocalDate date) {
        if (rule.closedDays().contains(date.getDayOfWeek())) {
            return rule.id() + " no calls on " + date.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
        }
        Holiday holiday = rule.holidayOn(date);
        return holiday == null ? null : rule.id() + " holiday " + holiday.name() + " (" + date + ")";
    }

    /** The strictest cap on calls in 24 h among the rules, or null when none sets one. */
    public static Cap cap(List<JurisdictionRule> rules) {
        Cap strictest = null;
        for (JurisdictionRule rule : rules) {
            Integer perDay = rule.callsPer24h();
            if (perDay != null && (strictest == null || perDay < strictest.perDay())) {
                strictest = new Cap(perDay, rule.id() + " at most " + perDay + " calls in 24 h");
            }
        }
        return strictest;
    }

    /** A jurisdiction's cap on calls to a number in 24 h, and the rule that sets it. */
    public record Cap(int perDay, String rule) {
    }

    /** A call to the number that has ended, and how. */
    public record Ended(String outcome, Instant at) {
    }

    /** The longest time any rule keeps the number from being called again, or null. */
    public static Opening noRedialUntil(List<JurisdictionRule> rules, List<Ended> ended) {
        Opening latest = null;
        for (JurisdictionRule rule : rules) {
            if (rule.noRedialFor() == null) {
                continue;
            }
            for (Ended call : ended) {
                Instant until = call.at().plus(rule.noRedialFor());
                if (rule.noRedialOutcomes().contains(call.outcome()) && (latest == null || until.isAfter(latest.at()))) {
                    latest = new Opening(until, rule.id() + " no redial for " + rule.noRedialFor().toHours()
                            + " h after a " + call.outcome() + " call");
                }
            }
        }
        return latest;
    }

    /** The longest no-redial period among the rules (how far back ended calls matter), or null. */
    public static java.time.Duration longestNoRedial(List<JurisdictionRule> rules) {
        return rules.stream().map(JurisdictionRule::noRedialFor).filter(java.util.Objects::nonNull)
                .max(java.util.Comparator.naturalOrder()).orElse(null);
    }
}
