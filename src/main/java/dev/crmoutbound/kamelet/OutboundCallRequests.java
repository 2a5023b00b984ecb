package dev.crmoutbound.kamelet;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crmoutbound.intake.PhoneNormalizer;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The krosai-outbound-call-sink Kamelet's request: a lead (JSON text or a map) with its phone in
 * {@code phone}, {@code to_number} or {@code phone_number}, turned into a POST /outbound-calls body with
 * the Kamelet's campaign settings. The number is normalised to E.164 (a number that cannot be called is
 * refused before KrosAI is asked); the lead's other fields and the Kamelet's {@code metadata} go with the
 * call as its metadata, echoed in its webhooks.
 */
public class OutboundCallRequests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] PHONE_FIELDS = {"phone", "to_number", "phone_number"};

    private String fromNumber;
    private String endpointId;
    private int maxDuration = 300;
    private String region = "US";
    private String webhookUrl;
    private String metadata;
    private PhoneNormalizer phones;

    public void setFromNumber(String fromNumber) {
        this.fromNumber = fromNumber;
    }

    public void setEndpointId(String endpointId) {
        this.endpointId = endpointId;
    }

    public void setMaxDuration(int maxDuration) {
        this.maxDuration = maxDuration;
    }

    public void setRegion(String region) {
        this.region = region;
        this.phones = null;
    }

    public void setWebhookUrl(String webhookUrl) {
        this.webhookUrl = webhookUrl;
    }

    public void setMetadata(String metadata) {
        this.metadata = metadata;
    }

    /** The call request for this lead, as JSON text. */
    public String request(Object lead) {
        Map<String, Object> fields = fields(lead);
        String raw = null;
        for (String name : PHONE_FIELDS) {
            Object value = fields.remove(name);
            if (raw == null && value != null && !value.toString().isBlank()) {
                raw = value.toString();
            }
        }
        if (raw == null) {
            throw new KrosAiCallException.InvalidNumber("the lead has no phone (phone, to_number or phone_number)");
        }
        PhoneNormalizer.Result number = normalizer().normalise(raw);
        if (!number.valid()) {
            throw new KrosAiCallException.InvalidNumber(number.rejectReason());
        }
        ObjectNode request = JSON.createObjectNode();
        request.put("from_number", fromNumber);
        request.put("to_number", number.e164());
        if (endpointId != null && !endpointId.isBlank()) {
            request.put("endpoint_id", endpointId);
        }
        request.put("max_duration", maxDuration);
        if (webhookUrl != null && !webhookUrl.isBlank()) {
            request.put("webhook_url", webhookUrl);
        }
        ObjectNode meta = request.putObject("metadata");
        configuredMetadata().forEach((k, v) -> meta.set(k, JSON.valueToTree(v)));
        fields.forEach((k, v) -> meta.set(k, JSON.valueToTree(v)));
        return request.toString();
    }

    private PhoneNormalizer normalizer() {
        if (phones == null) {
            phones = new PhoneNormalizer(region);
        }
        return phones;
    }

    private Map<String, Object> configuredMetadata() {
        if (metadata == null || metadata.isBlank()) {
            return Map.of();
        }
        try {
            return JSON.readValue(metadata, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (IOException e) {
            throw new KrosAiCallException.Configuration("INVALID_METADATA", "metadata must be a JSON object: " + e.getMessage());
        }
    }

    private static Map<String, Object> fields(Object lead) {
        if (lead instanceof Map<?, ?> map) {
            Map<String, Object> fields = new LinkedHashMap<>();
            map.forEach((k, v) -> fields.put(String.valueOf(k), v));
            return fields;
        }
        String text = lead instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
                : lead == null ? "" : lead.toString();
        try {
            return JSON.readValue(text, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (IOException e) {
            throw new KrosAiCallException.InvalidNumber("the lead is neither a map nor a JSON object: " + e.getMessage());
        }
    }
}
