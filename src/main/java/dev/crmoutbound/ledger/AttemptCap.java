package dev.crmoutbound.ledger;

import dev.crmoutbound.ops.PhoneMask;
import dev.crmoutbound.policy.rules.CallingTimes;
import dev.crmoutbound.policy.rules.JurisdictionRule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * At most {@code perDay} attempts per number in any 24 hours, across all campaigns; 0 is no cap.
 * {@code rule} names the jurisdiction rule that set it, null for the service's own cap.
 */
public record AttemptCap(int perDay, String rule) {

    public AttemptCap(int perDay) {
        this(perDay, null);
    }

    /** How long a number waits before its next attempt, why, and the rule that says so (null: the service's cap). */
    public record Wait(Instant until, String reason, String rule) {
    }

    /**
     * Whether a number may be tried at {@code now}: its attempts' starts in the last 24 h against this cap
     * or its jurisdiction's stricter one, and its ended calls against a jurisdiction's pause after some
     * outcomes. Null when it may.
     */
    public Wait check(List<JurisdictionRule> rules, String phoneE164, List<Instant> startsInLastDay,
                      List<CallingTimes.Ended> ended, Instant now) {
        AttemptCap capped = stricter(rules);
        Instant until = capped.blockedUntil(startsInLastDay);
        if (until != null) {
            return new Wait(until, capped.reason(phoneE164, startsInLastDay.size(), until), capped.rule());
        }
        CallingTimes.Opening pause = CallingTimes.noRedialUntil(rules, ended);
        if (pause != null && pause.at().isAfter(now)) {
            return new Wait(pause.at(), PhoneMask.mask(phoneE164) + " is not redialled yet (" + pause.rule()
                    + "); waits until " + pause.at(), pause.rule());
        }
        return null;
    }

    /** This cap, or the number's jurisdiction's when it is as strict or stricter (so that the rule is named). */
    public AttemptCap stricter(List<JurisdictionRule> rules) {
        CallingTimes.Cap jurisdiction = CallingTimes.cap(rules);
        return jurisdiction != null && (perDay <= 0 || jurisdiction.perDay() <= perDay)
                ? new AttemptCap(jurisdiction.perDay(), jurisdiction.rule()) : this;
    }

    public static final Duration DAY = Duration.ofHours(24);

    /** When the number may be tried again, given its attempts' starts in the last 24 h (oldest first); null: now. */
    public Instant blockedUntil(List<Instant> startsInLastDay) {
        if (perDay <= 0 || startsInLastDay.size() < perDay) {
            return null;
        }
        return startsInLastDay.get(startsInLastDay.size() - perDay).plus(DAY);
    }

    public String reason(String phoneE164, int attempts, Instant until) {
        return PhoneMask.mask(phoneE164) + " had " + attempts + " attempts in the last 24 h (cap " + perDay
                + (rule == null ? "" : ", " + rule) + "); waits until " + until;
    }
}
