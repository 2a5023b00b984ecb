package dev.crmoutbound.module;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crmoutbound.ledger.IncomingLead;
import dev.crmoutbound.ledger.LeadState;
import dev.crmoutbound.source.RecordLeadIntake;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code direct:crm-outbound-call}: takes a lead from the embedding application into the ledger once,
 * queued to be called within the plan limit or rejected with a reason, and answers which. A lead sent
 * again (same key, same campaign) changes nothing and is answered {@code known}.
 */
public class EmbeddedLeads {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RecordLeadIntake intake;
    private final String idField;

    public EmbeddedLeads(RecordLeadIntake intake, String idField) {
        this.intake = intake;
        this.idField = idField;
    }

    /** The answer: {@code key}, {@code status} (queued, rejected or known) and, when rejected, {@code reason}. */
    public Map<String, Object> take(Object body) {
        Map<String, ?> fields = fields(body);
        String phone = new EmbeddedLead(null, fields).text(intake.fields().phone());
        String key = new EmbeddedLead(null, fields).text(idField);
        if (key == null && phone == null) {
            throw new IllegalArgumentException("a lead needs a " + intake.fields().phone() + " field (and may have an "
                    + idField + " field); it has " + fields.keySet());
        }
        IncomingLead lead = intake.takeIn(new EmbeddedLead(key != null ? key : phone, fields), LeadState.QUEUED);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("key", key != null ? key : phone);
        if (lead == null) {
            answer.put("status", "known");
        } else if (lead.rejectReason() != null) {
            answer.put("status", "rejected");
            answer.put("reason", lead.rejectReason());
        } else {
            answer.put("status", "queued");
            answer.put("campaign", lead.campaignId());
        }
        return answer;
    }

    private static Map<String, ?> fields(Object body) {
        if (body instanceof Map<?, ?> map) {
            Map<String, Object> fields = new LinkedHashMap<>();
            map.forEach((k, v) -> fields.put(String.valueOf(k), v));
            return fields;
        }
        String text = body instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
                : body == null ? null : body.toString();
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a lead is a JSON object or a Map of fields; the body is empty");
        }
        try {
            return JSON.readValue(text, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a lead is a JSON object or a Map of fields; this body is neither: "
                    + e.getOriginalMessage());
        }
    }
}
