package dev.crmoutbound.hubspot;

import dev.crmoutbound.ledger.FinalLead;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What HubSpot is told once a lead is final: the contact's status, last call id, outcome and time; and
 * for a call that was placed, a Call engagement associated with the contact (status, duration,
 * disposition, the start of the transcript), carrying the KrosAI call id in {@code callKey} so that a
 * pass cut short never logs a call twice.
 */
public class HubSpotOutcome {

    /** HubSpot's association type for a call to a contact. */
    static final int CALL_TO_CONTACT = 194;
    private static final int MAX_TEXT = 255;

    private final HubSpotMapping mapping;
    private final String callKey;
    private final Map<String, String> dispositions;

    /** {@code dispositions}: KrosAI outcome to the GUID of a HubSpot call outcome. */
    public HubSpotOutcome(HubSpotMapping mapping, String callKey, Map<String, String> dispositions) {
        this.mapping = mapping;
        this.callKey = callKey;
        this.dispositions = dispositions;
    }

    /** The batch update input of the contact once its lead is final. */
    public Map<String, Object> contactUpdate(FinalLead lead) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(mapping.status(), lead.wasCalled() ? mapping.called() : mapping.rejected());
        if (lead.wasCalled()) {
            properties.put(mapping.callId(), lead.callId());
        }
        properties.put(mapping.outcome(), truncate(lead.wasCalled() ? lead.outcome() : lead.reason()));
        properties.put(mapping.calledAt(), lead.finishedAt().toString());
        return HubSpotMapping.update(lead.recordKey(), properties);
    }

    /** A search for the Call engagements already logged for these KrosAI calls (a pass cut short after creating them). */
    public Map<String, Object> existingCallsSearch(List<String> callIds) {
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("propertyName", callKey);
        filter.put("operator", "IN");
        // HubSpot matches a string property's IN values in lower case
        filter.put("values", callIds.stream().map(id -> id.toLowerCase(Locale.ROOT)).toList());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("filterGroups", List.of(Map.of("filters", List.of(filter))));
        body.put("properties", List.of(callKey));
        body.put("limit", Math.max(1, callIds.size()));
        return body;
    }

    public String callKey() {
        return callKey;
    }

    /** The Call engagement input that logs the call on the contact; null when no call was placed. */
    public Map<String, Object> call(FinalLead lead) {
        if (!lead.wasCalled()) {
            return null;
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("hs_timestamp", lead.finishedAt().toString());
        properties.put("hs_call_title", "AI call: " + lead.outcomeLabel());
        properties.put("hs_call_direction", "OUTBOUND");
        properties.put("hs_call_status", callStatus(lead.outcome()));
        if (lead.durationSeconds() != null) {
            properties.put("hs_call_duration", String.valueOf(Duration.ofSeconds(lead.durationSeconds()).toMillis()));
        }
        String disposition = lead.outcome() == null ? null : dispositions.get(lead.outcome());
        if (disposition != null) {
            properties.put("hs_call_disposition", disposition);
        }
        properties.put("hs_call_body", lead.activityText());
        properties.put(callKey, lead.callId());
        Map<String, Object> association = Map.of("to", Map.of("id", lead.recordKey()), "types", List.of(Map.of(
                "associationCategory", "HUBSPOT_DEFINED", "associationTypeId", CALL_TO_CONTACT)));
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("properties", properties);
        input.put("associations", List.of(association));
        // the answer's results need not follow the inputs' order: each comes back with its trace id
        input.put("objectWriteTraceId", String.valueOf(lead.leadId()));
        return input;
    }

    /** KrosAI's terminal status as HubSpot's call status. */
    static String callStatus(String outcome) {
        return switch (outcome == null ? "" : outcome.toLowerCase(Locale.ROOT)) {
            case "completed" -> "COMPLETED";
            case "busy" -> "BUSY";
            case "no_answer" -> "NO_ANSWER";
            default -> "FAILED";
        };
    }

    private static String truncate(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
    }
}
