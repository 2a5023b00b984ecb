package dev.crmoutbound.webhooks;

import dev.crmoutbound.dialer.CallSlots;
import dev.crmoutbound.ledger.WebhookLedger;
import dev.crmoutbound.ops.FaultLog;

/**
 * Verifies, records and applies one webhook delivery. Returns the HTTP status to answer: 401 for a bad
 * signature, 400 for a body that is not an event, 200 once the event is durably recorded.
 */
public class WebhookReceiver {

    private final WebhookSignature signature;
    private final CallEventParser parser;
    private final WebhookLedger ledger;
    private final CallSlots slots;
    private final FaultLog faults;

    public WebhookReceiver(WebhookSignature signature, CallEventParser parser, WebhookLedger ledger, CallSlots slots,
                           FaultLog faults) {
        this.faults = faults;
        this.signature = signature;
        this.parser = parser;
        this.ledger = ledger;
        this.slots = slots;
    }

    public boolean verified(byte[] body, String signatureHeader) {
        return signature.isValid(body, signatureHeader);
    }

    /** Records the event; returns what happened for the log line. */
    public String record(byte[] body) {
        CallEvent event = parser.parse(body);
        WebhookLedger.Recorded recorded = ledger.record(event);
        if (recorded.callEnded()) {
            slots.release(recorded.requestId());
        }
        if (!recorded.duplicate() && recorded.requestId() == null) {
            faults.report("Webhook events matching no lead's current attempt (recorded, not applied)", "unmatched",
                    event.type() + " " + event.eventId() + " for call " + event.callId(), null);
        }
        return event.type() + " " + event.eventId() + (recorded.duplicate() ? " (duplicate, ignored)"
                : recorded.applied() ? " applied" : " recorded");
    }
}
