package dev.crmoutbound.module;

import dev.crmoutbound.source.CrmRecord;
import java.util.Map;

/** A lead an embedding application sends, as the record intake reads it: its fields by name. */
record EmbeddedLead(String id, Map<String, ?> fields) implements CrmRecord {

    @Override
    public String text(String field) {
        Object value = fields.get(field);
        if (value == null) {
            return null;
        }
        String text = value.toString().strip();
        return text.isEmpty() ? null : text;
    }
}
