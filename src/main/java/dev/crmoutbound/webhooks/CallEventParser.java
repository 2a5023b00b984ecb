package dev.crmoutbound.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crmoutbound.ledger.CallStatus;
import dev.crmoutbound.ledger.InputBounds;
import java.io.IOException;
import java.util.Locale;

/**
 * Reads a webhook envelope {@code {"id","event","timestamp","data"}} and works out the call status it
 * reports, accepting both documented event-name families: data.status when present, else derived from
 * the event name and error_code / hangup_cause.
 */
public class CallEventParser {

    private final ObjectMapper json = new ObjectMapper();

    public CallEvent parse(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("webhook body is not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("webhook body is not a JSON object");
        }
        String id = text(root, "id");
        String type = text(root, "event");
        JsonNode data = root.path("data");
        String callId = text(data, "call_id");
        if (id == null || type == null || callId == null) {
            throw new IllegalArgumentException("webhook event needs id, event and data.call_id");
        }
        if (id.length() > InputBounds.EVENT_ID || type.length() > InputBounds.EVENT_TYPE
                || callId.length() > InputBounds.CALL_ID) {
            throw new IllegalArgumentException("webhook event id, event or data.call_id is too long");
        }
        String hangup = InputBounds.clip(lower(text(data, "hangup_cause")), InputBounds.HANGUP_CAUSE);
        String error = InputBounds.clip(lower(text(data, "error_code")), InputBounds.QUOTED);
        JsonNode metadata = data.path("metadata");
        return new CallEvent(id, type, callId, text(metadata, "request_id"), integer(metadata, "attempt"),
                statusOf(type.toLowerCase(Locale.ROOT), CallStatus.normalise(text(data, "status")), hangup, error),
                integer(data, "duration"), integer(data, "cost_cents"), hangup, error,
                TranscriptExcerpt.of(data.get("transcript")));
    }

    static String statusOf(String type, String status, String hangupCause, String errorCode) {
        boolean known = CallStatus.rank(status) > 0;
        switch (type) {
            case "call.initiated":
                return known ? status : "initiated";
            case "call.ringing":
                return known ? status : "ringing";
            case "call.answered":
            case "call.started":
                return known ? status : "answered";
            case "call.completed":
                return known && CallStatus.isTerminal(status) ? status : CallStatus.COMPLETED;
            case "call.ended":
                return known && CallStatus.isTerminal(status) ? status : endedOutcome(hangupCause, errorCode);
            case "call.failed":
                return known && CallStatus.isTerminal(status) && !CallStatus.COMPLETED.equals(status)
                        ? status : failedOutcome(hangupCause, errorCode);
            default:
                // recording / transcript events and anything new: only a status they carry counts
                return known ? status : null;
        }
    }

    /** call.ended carries no status in its family: a normal hangup (or none given) is a completed call. */
    private static String endedOutcome(String hangupCause, String errorCode) {
        if (errorCode == null && (hangupCause == null || isNormalHangup(hangupCause))) {
            return CallStatus.COMPLETED;
        }
        return failedOutcome(hangupCause, errorCode);
    }

    private static boolean isNormalHangup(String cause) {
        return "normal_clearing".equals(cause) || "user_hangup".equals(cause) || "agent_hangup".equals(cause)
                || "timeout".equals(cause);
    }

    private static String failedOutcome(String hangupCause, String errorCode) {
        for (String cause : new String[] {errorCode, hangupCause}) {
            if (cause == null) {
                continue;
            }
            if (cause.contains("no_answer") || cause.equals("timeout")) {
                return CallStatus.NO_ANSWER;
            }
            if (cause.contains("busy")) {
                return CallStatus.BUSY;
            }
        }
        return CallStatus.FAILED;
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }

    private static Integer integer(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || !v.canConvertToInt() && !v.isTextual() ? null
                : v.isTextual() ? parseOrNull(v.asText()) : Integer.valueOf(v.asInt());
    }

    private static Integer parseOrNull(String s) {
        try {
            return (int) Math.round(Double.parseDouble(s));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
