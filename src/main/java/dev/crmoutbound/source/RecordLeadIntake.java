package dev.crmoutbound.source;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one CRM's records into the ledger as leads keyed by record id, held until the source claims
 * each in its CRM. A record seen again (the next poll, a replayed event) is already there and changes
 * nothing. A record whose do-not-call field is set, or whose phone is not a number, is kept as rejected
 * with the reason. The mapped metadata fields are kept with the lead and sent with its call. A record
 * made ready again after its outcome was written back is not called again in this campaign: its outcome
 * is written back again instead. The campaign field, where one is mapped, picks the record's campaign
 * (else the default one), and the record is screened by that campaign's policy.
 */
public class RecordLeadIntake {

    private static final Logger LOG = LoggerFactory.getLogger(RecordLeadIntake.class);
    private static final int MAX_METADATA_VALUE_CHARS = 500;

    private final ObjectMapper json = new ObjectMapper();
    private final String source;
    private final String crm;
    private final Campaigns campaigns;
    private final LeadScreening screening;
    private final LeadIntakeWriter writer;
    private final RecordFields fields;
    private final CrmWritebacks writebacks;
    private final FaultLog faults;

    /** {@code source} names the leads' source in the ledger, {@code crm} the CRM in messages. */
    public RecordLeadIntake(String source, String crm, Campaigns campaigns, LeadScreening screening,
                            LeadIntakeWriter writer, RecordFields fields, CrmWritebacks writebacks, FaultLog faults) {
        this.source = source;
        this.crm = crm;
        this.campaigns = campaigns;
        this.screening = screening;
        this.writer = writer;
        this.fields = fields;
        this.writebacks = writebacks;
        this.faults = faults;
    }

    /** True when the record entered the ledger now (held or rejected); false when it was already there. */
    public boolean take(CrmRecord record) {
        // dialed only once the CRM has taken the claim on the record (the source's claim route)
        return takeIn(record, LeadState.HELD) != null;
    }

    /**
     * Takes the record in as a lead that may be called entering as {@code dialable} (QUEUED, or HELD
     * until its source claims it); returns the lead as screened, or null when the record was already there.
     */
    public IncomingLead takeIn(CrmRecord record, LeadState dialable) {
        String id = record.id();
        if (id == null) {
            throw new IllegalArgumentException("a " + crm + " record without an id");
        }
        IncomingLead lead = screen(id, record);
        if (writer.writeRecordOnce(source, lead, dialable)) {
            return lead;
        }
        if (writebacks.writeAgain(lead.campaignId(), source, id)) {
            LOG.warn("{} record {} is ready to call again, but campaign {} has called it already; its outcome "
                    + "is written back again (a record is called once per campaign)", crm, id, lead.campaignId());
        }
        return null;
    }

    /** The lead this record would become, screened by its campaign's policy; nothing is written (the dry run). */
    public IncomingLead preview(CrmRecord record) {
        return screen(record.id(), record);
    }

    public String source() {
        return source;
    }

    public RecordFields fields() {
        return fields;
    }

    /**
     * The record as a lead, queued or rejected with a reason; a record that cannot be judged at all is
     * rejected with what went wrong (and so marked rejected in the CRM, not read again every poll).
     */
    private IncomingLead screen(String id, CrmRecord record) {
        try {
            return screened(id, record);
        } catch (RuntimeException e) {
            faults.report("Judging a " + crm + " record", e);
            return new IncomingLead(null, campaigns.defaultCampaign().id(), id, null,
                    "this record could not be read: " + FaultLog.describe(e));
        }
    }

    private IncomingLead screened(String id, CrmRecord record) {
        String campaignName = fields.campaign() == null ? null : record.text(fields.campaign());
        Campaign campaign = campaignName == null || campaignName.isBlank() ? campaigns.defaultCampaign()
                : campaigns.find(campaignName).orElse(null);
        if (campaign == null) {
            return new IncomingLead(null, campaigns.defaultCampaign().id(), id, null, "unknown campaign "
                    + InputBounds.quote(campaignName) + " (" + fields.campaign() + ")", metadata(record), null, null);
        }
        IncomingLead lead = screening.screen(campaign, new LeadScreening.Raw(null, id, record.text(fields.phone()),
                field(record, fields.timeZone()), field(record, fields.consent()), fields.consent(), metadata(record)));
        for (String field : fields.doNotCall()) {
            if (record.isTrue(field)) {
                return lead.rejected("do not call (" + field + " is set in " + crm + ")");
            }
        }
        return lead;
    }

    private static String field(CrmRecord record, String name) {
        return name == null ? null : record.text(name);
    }

    private String metadata(CrmRecord record) {
        if (fields.metadata().isEmpty()) {
            return null;
        }
        ObjectNode metadata = json.createObjectNode();
        fields.metadata().forEach((key, field) -> {
            String value = record.text(field);
            if (value != null) {
                metadata.put(key, value.length() > MAX_METADATA_VALUE_CHARS
                        ? value.substring(0, MAX_METADATA_VALUE_CHARS) : value);
            }
        });
        return metadata.toString();
    }
}
