package dev.crmoutbound.dialer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crmoutbound.config.Campaign;
import dev.crmoutbound.config.Campaigns;
import dev.crmoutbound.ledger.LeadRow;

/**
 * Builds the POST /outbound-calls body for a lead: its campaign's call settings, its metadata, the
 * lead's own metadata from its source, and the lead's source, record key, request id and attempt so
 * that webhooks can be matched back (those keys win over any of the same name).
 */
public class CallRequestBuilder {

    private final ObjectMapper json = new ObjectMapper();
    private final Campaigns campaigns;

    public CallRequestBuilder(Campaigns campaigns) {
        this.campaigns = campaigns;
    }

    public String toJson(LeadRow lead) {
        Campaign campaign = campaigns.get(lead.campaignId());
        ObjectNode body = json.createObjectNode();
        body.put("from_number", campaign.fromNumber());
        body.put("to_number", lead.phoneE164());
        body.put("endpoint_id", campaign.endpointId());
        body.put("max_duration", campaign.maxDurationSeconds());
        if (campaign.webhookUrl() != null) {
            body.put("webhook_url", campaign.webhookUrl());
        }
        ObjectNode metadata = body.putObject("metadata");
        campaign.metadata().forEach(metadata::put);
        if (lead.metadataJson() != null) {
            metadata.setAll(leadMetadata(lead));
        }
        metadata.put("campaign_id", lead.campaignId());
        metadata.put("source", lead.source());
        metadata.put("record_key", lead.recordKey());
        metadata.put("request_id", lead.requestId());
        metadata.put("attempt", lead.attempts());
        return body.toString();
    }

    private ObjectNode leadMetadata(LeadRow lead) {
        try {
            return (ObjectNode) json.readTree(lead.metadataJson());
        } catch (java.io.IOException | ClassCastException e) {
            throw new IllegalStateException("lead " + lead.requestId() + " has unreadable metadata in the ledger", e);
        }
    }
}
