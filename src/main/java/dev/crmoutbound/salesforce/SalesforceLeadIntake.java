package dev.crmoutbound.salesforce;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crmoutbound.config.Campaign;
import dev.crmoutbound.config.Campaigns;
import dev.crmoutbound.ledger.CrmWritebacks;
import dev.crmoutbound.ledger.IncomingLead;
import dev.crmoutbound.ledger.InputBounds;
import dev.crmoutbound.ledger.LeadIntakeWriter;
import dev.crmoutbound.ledger.LeadState;
import dev.crmoutbound.ops.FaultLog;
import dev.crmoutbound.policy.LeadScreening;

/**
 * Takes a Salesforce record into the ledger as a lead keyed by its record id. A record seen again (the
 * next poll, a replayed event) is already there and changes nothing. A record whose do-not-call field
 * is set, or whose phone is not a number, is kept as rejected with the reason. The mapped metadata
 * fields are kept with the lead and sent with its call. A record marked ready again after its outcome
 * was written back is not called again in this campaign: its outcome is written back again instead.
 * The campaign field, where one is mapped, picks the record's campaign (else the default one), and the
 * record is screened by that campaign's policy.
 */
public class SalesforceLeadIntake {

    public static final String SOURCE = "salesforce";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SalesforceLeadIntake.class);
    private static final int MAX_METADATA_VALUE_CHARS = 500;

    private final ObjectMapper json = new ObjectMapper();
    private final Campaigns campaigns;
    private final LeadScreening screening;
    private final LeadIntakeWriter writer;
    private final SalesforceMapping mapping;
    private final CrmWritebacks writebacks;
    private final FaultLog faults;

    public SalesforceLeadIntake(Campaigns campaigns, LeadScreening screening, LeadIntakeWriter writer,
                                SalesforceMapping mapping, CrmWritebacks writebacks, FaultLog faults) {
        this.faults = faults;
        this.campaigns = campaigns;
        this.screening = screening;
        this.writebacks = writebacks;
        this.writer = writer;
        this.mapping = mapping;
    }

    /** True when the record entered the ledger now (queued or rejected); false when it was already there. */
    public boolean take(SalesforceRecord record) {
        String id = record.getId();
        if (id == null) {
            throw new IllegalArgumentException("a Salesforce record without an Id: select Id in SALESFORCE_SOQL");
        }
        IncomingLead lead = screen(id, record);
        // dialed only once Salesforce has taken the claim on the record (salesforce-claim-records)
        boolean isNew = writer.writeRecordOnce(SOURCE, lead, LeadState.HELD);
        if (!isNew && writebacks.writeAgain(lead.campaignId(), SOURCE, id)) {
            LOG.warn("Salesforce record {} is ready to call again, but campaign {} has called it already; its outcome "
                    + "is written back again (a record is called once per campaign)", id, lead.campaignId());
        }
        return isNew;
    }

    /** The lead this record would become, screened by its campaign's policy; nothing is written (the dry run). */
    public IncomingLead preview(SalesforceRecord record) {
        return screen(record.getId(), record);
    }

    /**
     * The record as a lead, queued or rejected with a reason; a record that cannot be judged at all is
     * rejected with what went wrong (and so marked Rejected in Salesforce, not read again every poll).
     */
    private IncomingLead screen(String id, SalesforceRecord record) {
        try {
            return screened(id, record);
        } catch (RuntimeException e) {
            faults.report("Judging a Salesforce record", e);
            return new IncomingLead(null, campaigns.defaultCampaign().id(), id, null,
                    "this record could not be read: " + FaultLog.describe(e));
        }
    }

    private IncomingLead screened(String id, SalesforceRecord record) {
        String campaignName = mapping.campaignField() == null ? null : record.text(mapping.campaignField());
        Campaign campaign = campaignName == null || campaignName.isBlank() ? campaigns.defaultCampaign()
                : campaigns.find(campaignName).orElse(null);
        if (campaign == null) {
            return new IncomingLead(null, campaigns.defaultCampaign().id(), id, null, "unknown campaign " + InputBounds.quote(campaignName)
                    + " (" + mapping.campaignField() + ")", metadata(record), null, null);
        }
        IncomingLead lead = screening.screen(campaign, new LeadScreening.Raw(null, id, record.text(mapping.phoneField()),
                field(record, mapping.timeZoneField()), field(record, mapping.consentField()), mapping.consentField(),
                metadata(record)));
        for (String field : mapping.doNotCallFields()) {
            if (record.isTrue(field)) {
                return lead.rejected("do not call (" + field + " is set in Salesforce)");
            }
        }
        return lead;
    }

    private static String field(SalesforceRecord record, String name) {
        return name == null ? null : record.text(name);
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
