package dev.crmoutbound.webhooks;

import dev.crmoutbound.dialer.CallSlots;
import dev.crmoutbound.ledger.WebhookLedger;
import dev.crmoutbound.ops.FaultLog;
import dev.crmoutbound.ops.LogContext;
import dev.crmoutbound.ops.ServiceMetrics;

/**
 * Verifies, records and applies one webhook delivery. Returns the HTTP status to answer: 401 for a bad
 * signature, 400 for a body that is not an event, 200 once the event is durably recorded.
 */
public class WebhookReceiver {

    private final java.util.List<WebhookSignature> signatures;
    private final CallEventParser parser;
    private final WebhookLedger ledger;
    private final CallSlots slots;
    private final FaultLog faults;
    private final Runnable slotFreed;
    private final ServiceMetrics metrics;

    /** {@code signatures}: one per KrosAI account; an event signed for any of them is taken. */
    public WebhookReceiver(java.util.List<WebhookSignature> signatures, CallEventParser parser, WebhookLedger ledger, CallSlots slots,
                           FaultLog faults, Runnable slotFreed, ServiceMetrics metrics) {
        this.faults = faults;
        this.metrics = metrics;
        this.slotFreed = slotFreed;
        this.signatures = signatures;
        this.parser = parser;
        this.ledger = ledger;
        this.slots = slots;
    }

    public boolean verified(byte[] body, String signatureHeader) {
        for (WebhookSignature signature : signatures) {
            if (signature.isValid(body, signatureHeader)) {
                return true;
            }
        }
        return false;
    }

    /** Records the event; returns what happened for the log line. */
    public String record(byte[] body) {
        long started = System.nanoTime();
        CallEvent event = parser.parse(body);
        try (LogContext ids = LogContext.of(null, null, event.callId())) {
            return record(event, started, ids);
        }
    }

    private String record(CallEvent event, long started, LogContext ids) {
        WebhookLedger.Recorded recorded = ledger.record(event);
        ids.lead(recorded.campaignId(), recorded.requestId());
        if (recorded.callEnded() && !slots.release(recorded.requestId())) {
            slotFreed.run(); // another instance placed the call: its slot is free in the ledger now
        }
        if (recorded.callEnded()) {
            metrics.callEnded(recorded.campaignId(), event.status());
        }
        if (!recorded.duplicate() && recorded.requestId() == null) {
            faults.report("Webhook events matching no lead's current attempt (recorded, not applied)", "unmatched",
                    event.type() + " " + event.eventId() + " for call " + event.callId(), null);
        }
        metrics.webhook(recorded.duplicate() ? "duplicate" : recorded.requestId() == null ? "unknown_call" : "accepted",
                java.time.Duration.ofNanos(System.nanoTime() - started));
        return event.type() + " " + event.eventId() + (recorded.duplicate() ? " (duplicate, ignored)"
                : recorded.applied() ? " applied" : " recorded");
    }
}
