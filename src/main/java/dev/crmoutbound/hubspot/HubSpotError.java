package dev.crmoutbound.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What HubSpot refused and how to treat it: a record it will never take (deleted, or a value it rejects),
 * its rate limit, a setting to fix (the token, a scope, a property or option that does not exist), or a
 * passing fault (a 5xx, a connection that failed).
 */
public record HubSpotError(Kind kind, int status, String category, String message) {

    public enum Kind { RECORD, LIMIT, CONFIGURATION, TRANSIENT }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An answer's error body ({@code status, message, category}), as HubSpot sends it with a 4xx or 5xx. */
    public static HubSpotError of(int status, String body) {
        String category = null;
        String message = null;
        try {
            JsonNode error = JSON.readTree(body == null || body.isBlank() ? "{}" : body);
            category = text(error, "category");
            message = text(error, "message");
        } catch (java.io.IOException notJson) {
            message = body.length() > 200 ? body.substring(0, 200) : body;
        }
        // a request refused as a whole names what is wrong with all of it: the token, a scope, a property or
        // one of its options, the base URL; record-level refusals come one by one in a batch's errors
        Kind kind = status == 429 ? Kind.LIMIT
                : status >= 400 && status < 500 ? Kind.CONFIGURATION
                : Kind.TRANSIENT;
        return new HubSpotError(kind, status, category, message);
    }

    /** One entry of a batch answer's {@code errors}, naming the records it is about. */
    public static HubSpotError ofBatchEntry(JsonNode entry) {
        String category = text(entry, "category");
        Kind kind = "OBJECT_NOT_FOUND".equals(category) || "VALIDATION_ERROR".equals(category) ? Kind.RECORD
                : "RATE_LIMITS".equals(category) ? Kind.LIMIT : Kind.TRANSIENT;
        return new HubSpotError(kind, 207, category, text(entry, "message"));
    }

    public String describe() {
        return "HubSpot" + (status == 0 ? "" : " " + status) + (category == null ? "" : " " + category)
                + (message == null ? "" : ": " + message);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
