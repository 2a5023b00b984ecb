package dev.crmoutbound.webhooks;

import dev.crmoutbound.dialer.CallSlots;
import dev.crmoutbound.ledger.WebhookLedger;

/**
 * Verifies, records and applies one webhook delivery. Returns the HTTP status to answer: 401 for a bad
 * signature, 400 for a body that is not an event, 200 once the event is durably recorded.
 */
public class WebhookReceiver {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WebhookReceiver.class);

    private final WebhookSignature signature;
    private final CallEventParser parser;
    private final WebhookLedger ledger;
    private final CallSlots slots;

    public WebhookReceiver(WebhookSignature signature, CallEventParser parser, WebhookLedger ledger, CallSlots slots) {
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
            LOG.warn("Webhook {} ({}) for call {} matches no lead of this campaign's current attempts; recorded, not applied",
                    event.eventId(), event.type(), event.callId());
        }
        return event.type() + " " + event.eventId() + (recorded.duplicate() ? " (duplicate, ignored)"
                : recorded.applied() ? " applied" : " recorded");
    }
}
