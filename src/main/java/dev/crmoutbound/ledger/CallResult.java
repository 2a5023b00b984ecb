package dev.crmoutbound.ledger;

/** What a finished call attempt reports: from a terminal webhook, a failed POST, or reconciliation. */
public record CallResult(String callId, String outcome, Integer durationSeconds, Integer costCents,
                         String hangupCause, String reason) {
}
