package dev.crmoutbound.webhooks;

/**
 * A KrosAI webhook event reduced to what the ledger needs.
 *
 * @param attempt the attempt number the project put in metadata, null when absent
 * @param status  the call status this event reports, normalised; null for events that carry none
 *                (recordings, transcripts)
 */
public record CallEvent(String eventId, String type, String callId, String requestId, Integer attempt, String status,
                        Integer durationSeconds, Integer costCents, String hangupCause, String errorCode) {
}
