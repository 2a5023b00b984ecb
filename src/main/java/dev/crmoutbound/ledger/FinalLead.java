package dev.crmoutbound.ledger;

import java.time.Instant;

/**
 * A lead whose fate is settled, as the system it came from is told about it.
 *
 * @param taskId the activity already logged for its call in the CRM (by an earlier pass), or null
 * @param deferredBy the calling rule that last made it wait, or null
 */
public record FinalLead(long leadId, String recordKey, LeadState state, String outcome, String reason,
                        String callId, int attempts, Integer durationSeconds, Instant finishedAt,
                        String transcriptExcerpt, String taskId, String deferredBy) {

    public FinalLead(long leadId, String recordKey, LeadState state, String outcome, String reason, String callId,
                     int attempts, Integer durationSeconds, Instant finishedAt, String transcriptExcerpt, String taskId) {
        this(leadId, recordKey, state, outcome, reason, callId, attempts, durationSeconds, finishedAt,
                transcriptExcerpt, taskId, null);
    }

    public boolean wasCalled() {
        return callId != null;
    }

    /** What the CRM's activity for the call (a Salesforce Task, a HubSpot call) says of it, for audit. */
    public String activityText() {
        return "Outbound AI call " + callId + ": " + outcomeLabel()
                + (durationSeconds == null ? "" : ", " + durationSeconds + " s")
                + (reason == null ? "" : ". " + reason)
                + ". Attempts: " + attempts + "."
                + (deferredBy == null ? "" : " Deferred by the calling rule " + deferredBy + ".")
                + (transcriptExcerpt == null ? "" : "\n\nTranscript (start):\n" + transcriptExcerpt);
    }

    /** The outcome as words: {@code no answer}. */
    public String outcomeLabel() {
        return outcome == null ? "unknown" : outcome.replace('_', ' ');
    }
}
