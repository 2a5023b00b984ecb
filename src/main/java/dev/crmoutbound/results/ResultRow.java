package dev.crmoutbound.results;

import java.util.List;

/** The call columns appended to each input row. */
public record ResultRow(int rowNo, String status, String outcome, String reason, String callId, int attempts,
                        Integer durationSeconds, Integer costCents) {

    public static final List<String> COLUMNS =
            List.of("status", "outcome", "reason", "call_id", "attempts", "duration_s", "cost_cents");

    public List<String> cells() {
        return java.util.Arrays.asList(status, outcome, reason, callId, String.valueOf(attempts),
                durationSeconds == null ? null : durationSeconds.toString(),
                costCents == null ? null : costCents.toString());
    }
}
