package dev.crmoutbound.salesforce;

import dev.crmoutbound.intake.PhoneNormalizer;
import dev.crmoutbound.ledger.IncomingLead;
import dev.crmoutbound.ledger.LeadIntakeWriter;

/**
 * Takes a Salesforce record into the ledger as a lead keyed by its record id. A record seen again (the
 * next poll, a replayed event) is already there and changes nothing. A record whose do-not-call field
 * is set, or whose phone is not a number, is kept as rejected with the reason.
 */
public class SalesforceLeadIntake {

    public static final String SOURCE = "salesforce";

    private final String campaignId;
    private final PhoneNormalizer phones;
    private final LeadIntakeWriter writer;
    private final SalesforceMapping mapping;

    public SalesforceLeadIntake(String campaignId, PhoneNormalizer phones, LeadIntakeWriter writer,
                                SalesforceMapping mapping) {
        this.campaignId = campaignId;
        this.phones = phones;
        this.writer = writer;
        this.mapping = mapping;
    }

    /** True when the record entered the ledger now (queued or rejected); false when it was already there. */
    public boolean take(SalesforceRecord record) {
        String id = record.getId();
        if (id == null) {
            throw new IllegalArgumentException("a Salesforce record without an Id: select Id in SALESFORCE_SOQL");
        }
        PhoneNormalizer.Result phone = phones.normalise(record.text(mapping.phoneField()));
        String reason = phone.rejectReason();
        for (String field : mapping.doNotCallFields()) {
            if (record.isTrue(field)) {
                reason = "do not call (" + field + " is set in Salesforce)";
            }
        }
        return writer.writeRecordOnce(campaignId, SOURCE, new IncomingLead(null, id, phone.e164(), reason));
    }
}
