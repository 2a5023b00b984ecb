package dev.crmoutbound.dialer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crmoutbound.ledger.InputBounds;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Classifies KrosAI's answer to POST /outbound-calls: by error {@code code} first, HTTP status second,
 * accepting both documented error bodies ({@code {"error":"msg","code":"X"}} and
 * {@code {"error":{"code":"X","message":"msg"}}}).
 */
public class DialResponseClassifier {

    private final ObjectMapper json = new ObjectMapper();

    public DialVerdict classify(int status, String body, String retryAfter) {
        JsonNode root = parse(body);
        if (status >= 200 && status < 300) {
            return success(root);
        }
        String code = errorCode(root);
        String message = errorMessage(root, status);
        if (code != null) {
            switch (code) {
                case "INVALID_PHONE_NUMBER":
                    return DialVerdict.of("REJECT", code, "KrosAI rejected the number: " + message);
                case "NUMBER_NOT_OWNED":
                    return DialVerdict.of("STOP", code, "from_number is not owned by the KrosAI organization: " + message);
                case "OUTBOUND_DISABLED":
                    return DialVerdict.of("STOP", code, "outbound calling is disabled for from_number: " + message);
                case "ENDPOINT_NOT_FOUND":
                    return DialVerdict.of("STOP", code, "endpoint_id is not a KrosAI endpoint: " + message);
                case "INSUFFICIENT_BALANCE":
                    return DialVerdict.of("PAUSE", code, "KrosAI account has insufficient balance: " + message);
                case "RATE_LIMIT_EXCEEDED":
                    return retry(code, message, retryAfter);
                default:
                    break;
            }
        }
        if (status == 401) {
            return DialVerdict.of("STOP", "UNAUTHORIZED", "KrosAI refused the API key (401): check KROSAI_API_KEY");
        }
        if (status == 402) {
            return DialVerdict.of("PAUSE", code, "KrosAI account has insufficient balance: " + message);
        }
        if (status == 403) {
            return DialVerdict.of("STOP", code, "KrosAI refused the call (403): " + message);
        }
        if (status == 404) {
            return DialVerdict.of("STOP", code, "KrosAI endpoint or resource not found (404): " + message);
        }
        if (status == 429) {
            return retry(code == null ? "RATE_LIMIT_EXCEEDED" : code, message, retryAfter);
        }
        if (status == 504) { // a gateway gave up waiting: like our own timeout, it may hide a placed call
            return DialVerdict.of("UNCERTAIN", code == null ? "GATEWAY_TIMEOUT" : code,
                    "a gateway timed out waiting for KrosAI (504); the call may have been placed: " + message);
        }
        if (status == 408 || status >= 500) {
            return retry(code, message, retryAfter);
        }
        return DialVerdict.of("FAILED", code, "KrosAI answered " + status + ": " + message);
    }

    /** The request never reached KrosAI (connection refused, DNS): nothing was placed. */
    public DialVerdict unreachable(String message) {
        return DialVerdict.of("RETRY", "UNREACHABLE", "KrosAI unreachable: " + message);
    }

    /** The request was refused before any of it was sent ({@link DialFence}): nothing was placed. */
    public DialVerdict unsent(String message) {
        return DialVerdict.of("UNSENT", "HELD_BACK", "call request held back unsent: " + message);
    }

    /** The request may have reached KrosAI but no answer came back: a call may exist. */
    public DialVerdict unknownOutcome(String message) {
        return DialVerdict.of("UNCERTAIN", "NO_ANSWER_FROM_API", "no answer to the call request: " + message);
    }

    private static DialVerdict success(JsonNode root) {
        String callId = text(root, "call_id");
        String status = text(root, "status");
        if (status != null && "failed".equals(status.toLowerCase(Locale.ROOT))) {
            String message = text(root, "message");
            return new DialVerdict("FAILED", callId, "failed", "call failed to start"
                    + (message == null ? "" : ": " + message), null);
        }
        if (callId == null) {
            return DialVerdict.of("UNCERTAIN", "NO_CALL_ID", "KrosAI answered 2xx without a call_id");
        }
        if (callId.length() > InputBounds.CALL_ID) {
            return DialVerdict.of("UNCERTAIN", "CALL_ID_TOO_LONG", "KrosAI answered 2xx with a call_id longer than "
                    + InputBounds.CALL_ID + " characters");
        }
        return DialVerdict.placed(callId);
    }

    private static DialVerdict retry(String code, String message, String retryAfter) {
        return new DialVerdict("RETRY", null, code, "KrosAI busy: " + message, parseRetryAfter(retryAfter));
    }

    static Duration parseRetryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofMillis(Math.max(0, (long) (Double.parseDouble(value.strip()) * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (RuntimeException notADate) {
                return null;
            }
        }
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return json.missingNode();
        }
        try {
            return json.readTree(body);
        } catch (Exception e) {
            return json.missingNode();
        }
    }

    private static String errorCode(JsonNode root) {
        JsonNode error = root.path("error");
        String nested = error.isObject() ? text(error, "code") : null;
        return nested != null ? nested : text(root, "code");
    }

    private static String errorMessage(JsonNode root, int status) {
        JsonNode error = root.path("error");
        String message = error.isObject() ? text(error, "message") : text(root, "error");
        return message != null ? message : "HTTP " + status;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
    }
}
