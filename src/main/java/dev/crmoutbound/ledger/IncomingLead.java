package dev.crmoutbound.ledger;

/**
 * A lead as read from its source, before it enters the ledger.
 *
 * @param rowNo        position in its batch (1 = first data row), null for sources without batches
 * @param sourceKey    the source's own id for the record, or null when it has none
 * @param phoneE164    the normalised number, or null when it could not be normalised
 * @param rejectReason why the lead can never be dialed, or null when it can
 * @param metadataJson values from the source to send with the call as metadata (a JSON object), or null
 */
public record IncomingLead(Integer rowNo, String sourceKey, String phoneE164, String rejectReason, String metadataJson) {

    public IncomingLead(Integer rowNo, String sourceKey, String phoneE164, String rejectReason) {
        this(rowNo, sourceKey, phoneE164, rejectReason, null);
    }
}
