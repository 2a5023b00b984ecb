package dev.crmoutbound.results;

import java.util.Arrays;
import java.util.List;

/**
 * The call columns appended to each input row.
 *
 * @param attemptOutcomes each attempt's number and outcome, such as {@code 1 no_answer; 2 completed}
 */
public record ResultRow(int rowNo, String status, String outcome, String reason, String callId, int attempts,
                        Integer durationSeconds, Integer costCents, String campaign, String attemptOutcomes) {

    public static final List<String> COLUMNS = List.of("status", "outcome", "reason", "call_id", "attempts",
            "duration_s", "cost_cents", "campaign", "attempt_outcomes");

    public List<String> cells() {
        return Arrays.asList(status, outcome, reason, callId, String.valueOf(attempts),
                durationSeconds == null ? null : durationSeconds.toString(),
                costCents == null ? null : costCents.toString(), campaign, attemptOutcomes);
    }
}
