package dev.crmoutbound.ledger;

import java.time.Instant;

/**
 * A lead whose fate is settled, as the system it came from is told about it.
 *
 * @param taskId the activity already logged for its call in the CRM (by an earlier pass), or null
 */
public record FinalLead(long leadId, String recordKey, LeadState state, String outcome, String reason,
                        String callId, int attempts, Integer durationSeconds, Instant finishedAt,
                        String transcriptExcerpt, String taskId) {

    public boolean wasCalled() {
        return callId != null;
    }
}
