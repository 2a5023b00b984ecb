package dev.crmoutbound.dialer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crmoutbound.config.Campaign;
import dev.crmoutbound.ledger.LeadRow;

/**
 * Builds the POST /outbound-calls body for a lead: the campaign's call settings, its metadata, and
 * the lead's source, record key, request id and attempt so that webhooks can be matched back.
 */
public class CallRequestBuilder {

    private final ObjectMapper json = new ObjectMapper();
    private final Campaign campaign;

    public CallRequestBuilder(Campaign campaign) {
        this.campaign = campaign;
    }

    public String toJson(LeadRow lead) {
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
        metadata.put("campaign_id", lead.campaignId());
        metadata.put("source", lead.source());
        metadata.put("record_key", lead.recordKey());
        metadata.put("request_id", lead.requestId());
        metadata.put("attempt", lead.attempts());
        return body.toString();
    }
}
