package dev.crmoutbound.salesforce;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crmoutbound.intake.PhoneNormalizer;
import dev.crmoutbound.ledger.CrmWritebacks;
import dev.crmoutbound.ledger.IncomingLead;
import dev.crmoutbound.ledger.LeadIntakeWriter;

/**
 * Takes a Salesforce record into the ledger as a lead keyed by its record id. A record seen again (the
 * next poll, a replayed event) is already there and changes nothing. A record whose do-not-call field
 * is set, or whose phone is not a number, is kept as rejected with the reason. The mapped metadata
 * fields are kept with the lead and sent with its call. A record marked ready again after its outcome
 * was written back is not called again in this campaign: its outcome is written back again instead.
 */
public class SalesforceLeadIntake {

    public static final String SOURCE = "salesforce";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SalesforceLeadIntake.class);
    private static final int MAX_METADATA_VALUE_CHARS = 500;

    private final ObjectMapper json = new ObjectMapper();
    private final String campaignId;
    private final PhoneNormalizer phones;
    private final LeadIntakeWriter writer;
    private final SalesforceMapping mapping;
    private final CrmWritebacks writebacks;

    public SalesforceLeadIntake(String campaignId, PhoneNormalizer phones, LeadIntakeWriter writer,
                                SalesforceMapping mapping, CrmWritebacks writebacks) {
        this.campaignId = campaignId;
        this.writebacks = writebacks;
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
        boolean isNew = writer.writeRecordOnce(campaignId, SOURCE,
                new IncomingLead(null, id, phone.e164(), reason, metadata(record)));
        if (!isNew && writebacks.writeAgain(campaignId, SOURCE, id)) {
            LOG.warn("Salesforce record {} is ready to call again, but campaign {} has called it already; its outcome "
                    + "is written back again (a record is called once per campaign)", id, campaignId);
        }
        return isNew;
    }

    private String metadata(SalesforceRecord record) {
        if (mapping.metadataFields().isEmpty()) {
            return null;
        }
        ObjectNode metadata = json.createObjectNode();
        mapping.metadataFields().forEach((key, field) -> {
            String value = record.text(field);
            if (value != null) {
                metadata.put(key, value.length() > MAX_METADATA_VALUE_CHARS
                        ? value.substring(0, MAX_METADATA_VALUE_CHARS) : value);
            }
        });
        return metadata.toString();
    }
}
