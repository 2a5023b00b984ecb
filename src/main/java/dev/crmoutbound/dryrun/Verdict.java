package dev.crmoutbound.dryrun;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;

/**
 * The dry run's word on one lead: called from a time on, or rejected with the reason; and the calling
 * rule that decided it (the one that deferred or refused it, else those it is called under).
 */
record Verdict(String campaign, boolean call, String reason, Instant earliest, String recipientTime, String rule) {

    static final List<String> COLUMNS = List.of("campaign", "would", "reason", "earliest_call_at", "recipient_time",
            "rule");

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    static Verdict reject(String campaign, String reason) {
        return reject(campaign, reason, null);
    }

    static Verdict reject(String campaign, String reason, String rule) {
        return new Verdict(campaign, false, reason, null, null, rule);
    }

    /** {@code waitedFor}: why the first dial is later than the lead's window opening, if it is. */
    static Verdict call(String campaign, Instant at, List<ZoneId> zones, String waitedFor, String rule) {
        ZoneId zone = zones.get(0);
        return new Verdict(campaign, true, waitedFor, at, LOCAL.format(at.atZone(zone)) + " " + zone.getId(), rule);
    }

    List<String> cells() {
        return Arrays.asList(campaign, call ? "call" : "reject", reason, earliest == null ? null : earliest.toString(),
                recipientTime, rule);
    }
}
