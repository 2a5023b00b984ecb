package dev.crmoutbound.kamelet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crmoutbound.webhooks.CallEvent;
import dev.crmoutbound.webhooks.CallEventParser;
import dev.crmoutbound.webhooks.WebhookSignature;
import java.io.IOException;

/**
 * The krosai-call-events-source Kamelet's work on each webhook: the signature checked on the raw bytes
 * ({@code X-Webhook-Signature}), and the event, in whichever documented shape KrosAI sent it, as a
 * CloudEvents 1.0 JSON message: {@code id} the event's, {@code type} {@code com.krosai.call.<event>},
 * {@code subject} the call id, {@code data} the call's status, duration, cost, hangup cause and the
 * metadata the call was placed with.
 */
public class CallEventMessages {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final CallEventParser parser = new CallEventParser();
    private WebhookSignature signature;

    public void setWebhookSecret(String webhookSecret) {
        this.signature = new WebhookSignature(webhookSecret);
    }

    /** True when the body is not signed with the webhook secret. */
    public boolean unsigned(byte[] body, String header) {
        return signature == null || !signature.isValid(body, header);
    }

    /** The event's id, by which repeats are told (IllegalArgumentException: not a call event). */
    public String eventId(byte[] body) {
        return parser.parse(body).eventId();
    }

    public String cloudEvent(byte[] body) throws IOException {
        CallEvent event = parser.parse(body);
        JsonNode raw = JSON.readTree(body);
        ObjectNode message = JSON.createObjectNode();
        message.put("specversion", "1.0");
        message.put("id", event.eventId());
        message.put("source", "krosai");
        message.put("type", "com.krosai.call." + event.type().replaceFirst("^call\\.", ""));
        message.put("subject", event.callId());
        if (raw.hasNonNull("created_at")) {
            message.put("time", raw.get("created_at").asText());
        } else if (raw.hasNonNull("timestamp")) {
            message.put("time", raw.get("timestamp").asText());
        }
        message.put("datacontenttype", "application/json");
        ObjectNode data = message.putObject("data");
        data.put("call_id", event.callId());
        data.put("status", event.status());
        putIfSet(data, "duration_seconds", event.durationSeconds());
        putIfSet(data, "cost_cents", event.costCents());
        if (event.hangupCause() != null) {
            data.put("hangup_cause", event.hangupCause());
        }
        if (event.errorCode() != null) {
            data.put("error_code", event.errorCode());
        }
        JsonNode metadata = raw.path("data").path("metadata");
        data.set("metadata", metadata.isObject() ? metadata : JSON.createObjectNode());
        return message.toString();
    }

    private static void putIfSet(ObjectNode node, String field, Integer value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
