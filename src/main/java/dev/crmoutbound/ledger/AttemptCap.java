package dev.crmoutbound.ledger;

import dev.crmoutbound.ops.PhoneMask;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** At most {@code perDay} attempts per number in any 24 hours, across all campaigns; 0 is no cap. */
public record AttemptCap(int perDay) {

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
                + "); waits until " + until;
    }
}
