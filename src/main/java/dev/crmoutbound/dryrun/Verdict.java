package dev.crmoutbound.dryrun;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;

/** The dry run's word on one lead: called from a time on, or rejected with the reason. */
record Verdict(String campaign, boolean call, String reason, Instant earliest, String recipientTime) {

    static final List<String> COLUMNS = List.of("campaign", "would", "reason", "earliest_call_at", "recipient_time");

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    static Verdict reject(String campaign, String reason) {
        return new Verdict(campaign, false, reason, null, null);
    }

    /** {@code waitedFor}: why the first dial is later than the lead's window opening, if it is. */
    static Verdict call(String campaign, Instant at, List<ZoneId> zones, String waitedFor) {
        ZoneId zone = zones.get(0);
        return new Verdict(campaign, true, waitedFor, at, LOCAL.format(at.atZone(zone)) + " " + zone.getId());
    }

    List<String> cells() {
        return Arrays.asList(campaign, call ? "call" : "reject", reason, earliest == null ? null : earliest.toString(),
                recipientTime);
    }
}
