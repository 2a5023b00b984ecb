package dev.crmoutbound.webhooks;

/**
 * A KrosAI webhook event reduced to what the ledger needs.
 *
 * @param attempt the attempt number the project put in metadata, null when absent
 * @param status  the call status this event reports, normalised; null for events that carry none
 *                (recordings, transcripts)
 * @param transcriptExcerpt the start of the transcript when the event carries one, else null
 */
public record CallEvent(String eventId, String type, String callId, String requestId, Integer attempt, String status,
                        Integer durationSeconds, Integer costCents, String hangupCause, String errorCode,
                        String transcriptExcerpt) {

    public CallEvent(String eventId, String type, String callId, String requestId, Integer attempt, String status,
                     Integer durationSeconds, Integer costCents, String hangupCause, String errorCode) {
        this(eventId, type, callId, requestId, attempt, status, durationSeconds, costCents, hangupCause, errorCode, null);
    }
}
