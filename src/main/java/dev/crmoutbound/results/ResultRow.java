package dev.crmoutbound.results;

import java.util.Arrays;
import java.util.List;

/**
 * The call columns appended to each input row.
 *
 * @param attemptOutcomes each attempt's number and outcome, such as {@code 1 no_answer; 2 completed}
 * @param deferredBy      the calling rule that last made the lead wait ({@code US-FL hours 08:00-20:00}), or null
 */
public record ResultRow(int rowNo, String status, String outcome, String reason, String callId, int attempts,
                        Integer durationSeconds, Integer costCents, String campaign, String attemptOutcomes,
                        String deferredBy) {

    public static final List<String> COLUMNS = List.of("status", "outcome", "reason", "call_id", "attempts",
            "duration_s", "cost_cents", "campaign", "attempt_outcomes", "deferred_by");

    public List<String> cells() {
        return Arrays.asList(status, outcome, reason, callId, String.valueOf(attempts),
                durationSeconds == null ? null : durationSeconds.toString(),
                costCents == null ? null : costCents.toString(), campaign, attemptOutcomes, deferredBy);
    }
}
