package dev.crmoutbound.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;

/**
 * A batch endpoint's answer (200 or 201, or 207 when some inputs failed): the records it took, and per
 * record the error it gave ({@code errors[]}). A record is known by its id ({@code results[].id},
 * {@code context.ids}) or by the {@code objectWriteTraceId} its input carried (a new record has no id
 * yet). A record named nowhere was not answered for.
 */
final class BatchAnswer {

    /** Taken records: id or trace id to the record's id. */
    private final Map<String, String> taken = new HashMap<>();
    private final Map<String, HubSpotError> refused = new HashMap<>();

    BatchAnswer(JsonNode answer) {
        answer.path("results").forEach(result -> {
            String id = result.path("id").asText();
            taken.put(id, id);
            if (result.hasNonNull("objectWriteTraceId")) {
                taken.put(result.get("objectWriteTraceId").asText(), id);
            }
        });
        answer.path("errors").forEach(entry -> {
            HubSpotError error = HubSpotError.ofBatchEntry(entry);
            entry.path("context").path("ids").forEach(id -> refused.put(id.asText(), error));
            entry.path("context").path("objectWriteTraceId").forEach(id -> refused.put(id.asText(), error));
        });
    }

    /** Null when HubSpot took the record, else its error (a passing one when it said nothing of it). */
    HubSpotError errorOf(String idOrTrace) {
        if (taken.containsKey(idOrTrace)) {
            return null;
        }
        HubSpotError error = refused.get(idOrTrace);
        return error != null ? error
                : new HubSpotError(HubSpotError.Kind.TRANSIENT, 207, null, "no answer for " + idOrTrace);
    }

    /** The id HubSpot gave the record created from the input with this trace id, or null. */
    String createdId(String trace) {
        return taken.get(trace);
    }
}
