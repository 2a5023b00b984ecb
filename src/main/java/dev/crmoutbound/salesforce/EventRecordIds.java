package dev.crmoutbound.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The records a Pub/Sub event asks to call: a Change Data Capture event names them in
 * {@code ChangeEventHeader.recordIds}; a Platform Event carries one in a configured field.
 */
public class EventRecordIds {

    private final ObjectMapper json = new ObjectMapper();
    private final String recordIdField;

    public EventRecordIds(String recordIdField) {
        this.recordIdField = recordIdField;
    }

    public List<String> of(String event) throws IOException {
        JsonNode root = json.readTree(event);
        List<String> ids = new ArrayList<>();
        JsonNode header = root.path("ChangeEventHeader");
        if (header.isObject()) {
            header.path("recordIds").forEach(id -> ids.add(id.asText()));
        } else {
            JsonNode id = root.path(recordIdField);
            if (id.isTextual() && !id.asText().isBlank()) {
                ids.add(id.asText().strip());
            }
        }
        return ids.stream().filter(id -> id.matches("[A-Za-z0-9]{15,18}")).toList();
    }
}
