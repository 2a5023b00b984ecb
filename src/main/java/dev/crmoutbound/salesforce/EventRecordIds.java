package dev.crmoutbound.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The records a Pub/Sub event asks to call. A Platform Event carries one in a configured field. A
 * Change Data Capture event names them in {@code ChangeEventHeader.recordIds}, but only a change that
 * can have made them ready counts: a create or undelete, a gap event (its fields are unknown), or an
 * update that set the status field to the ready status. Every other update, the service's own
 * claims and outcomes first among them, asks for nothing, so it costs no lookup.
 */
public class EventRecordIds {

    private final ObjectMapper json = new ObjectMapper();
    private final String recordIdField;
    private final String statusField;
    private final String readyStatus;

    public EventRecordIds(String recordIdField, String statusField, String readyStatus) {
        this.recordIdField = recordIdField;
        this.statusField = statusField;
        this.readyStatus = readyStatus;
    }

    public List<String> of(String event) throws IOException {
        JsonNode root = json.readTree(event);
        List<String> ids = new ArrayList<>();
        JsonNode header = field(root, "ChangeEventHeader");
        if (header != null && header.isObject()) {
            if (mayHaveMadeReady(root, header)) {
                field(header, "recordIds").forEach(id -> ids.add(id.asText()));
            }
        } else {
            JsonNode id = field(root, recordIdField);
            if (id != null && id.isTextual() && !id.asText().isBlank()) {
                ids.add(id.asText().strip());
            }
        }
        return ids.stream().filter(id -> id.matches("[A-Za-z0-9]{15,18}")).toList();
    }

    private boolean mayHaveMadeReady(JsonNode root, JsonNode header) {
        JsonNode type = field(header, "changeType");
        String changeType = type == null ? "" : type.asText();
        if (changeType.equals("UPDATE")) {
            JsonNode status = field(root, statusField);
            return status != null && readyStatus.equalsIgnoreCase(status.asText());
        }
        return changeType.equals("CREATE") || changeType.equals("UNDELETE") || changeType.startsWith("GAP_")
                || changeType.isEmpty();
    }

    /** A field by name, whatever its case. */
    private static JsonNode field(JsonNode node, String name) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equalsIgnoreCase(name)) {
                return f.getValue();
            }
        }
        return null;
    }
}
