package dev.crmoutbound.ledger;

import java.time.Instant;

/**
 * A lead as read from its source and screened by its campaign's policy, before it enters the ledger.
 *
 * @param rowNo        position in its batch (1 = first data row), null for sources without batches
 * @param campaignId   the campaign it is called for
 * @param sourceKey    the source's own id for the record, or null when it has none
 * @param phoneE164    the normalised number, or null when it could not be normalised
 * @param rejectReason why the lead can never be dialed, or null when it can
 * @param metadataJson values from the source to send with the call as metadata (a JSON object), or null
 * @param timeZones    the recipient's possible time zones (comma-separated ids), or null
 * @param notBefore    the first time it may be dialed (its calling window), or null for now
 * @param deferredBy   the calling rule that put {@code notBefore} later than now, or null
 */
public record IncomingLead(Integer rowNo, String campaignId, String sourceKey, String phoneE164, String rejectReason,
                           String metadataJson, String timeZones, Instant notBefore, String deferredBy) {

    public IncomingLead(Integer rowNo, String campaignId, String sourceKey, String phoneE164, String rejectReason) {
        this(rowNo, campaignId, sourceKey, phoneE164, rejectReason, null, null, null, null);
    }

    public IncomingLead(Integer rowNo, String campaignId, String sourceKey, String phoneE164, String rejectReason,
                        String metadataJson, String timeZones, Instant notBefore) {
        this(rowNo, campaignId, sourceKey, phoneE164, rejectReason, metadataJson, timeZones, notBefore, null);
    }

    /** The same lead, never to be dialed, for this reason. */
    public IncomingLead rejected(String reason) {
        return new IncomingLead(rowNo, campaignId, sourceKey, phoneE164, reason, metadataJson, null, null, null);
    }
}
