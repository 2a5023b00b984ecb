package dev.crmoutbound.salesforce;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import java.util.Map;
import org.apache.camel.component.salesforce.api.dto.AbstractSObjectBase;

/**
 * One record of whatever object and fields the configured SOQL selects: the fields are not known
 * until the query is, so they are kept by name.
 */
public class SalesforceRecord extends AbstractSObjectBase implements dev.crmoutbound.source.CrmRecord {

    /** By name, whatever its case: configured names need not match the org's spelling (donotcall, DoNotCall). */
    private final Map<String, Object> fields = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    @JsonAnySetter
    public void setField(String name, Object value) {
        fields.put(name, value);
    }

    @JsonAnyGetter
    public Map<String, Object> getFields() {
        return fields;
    }

    @Override
    public String id() {
        return getId();
    }

    /** A field's value as text, or null when absent or empty; {@code Account.Name} follows a relationship. */
    @Override
    public String text(String name) {
        Object v = "Id".equalsIgnoreCase(name) ? getId() : "Name".equalsIgnoreCase(name) ? getName() : fields.get(name);
        int dot = name.indexOf('.');
        if (v == null && dot > 0 && fields.get(name.substring(0, dot)) instanceof Map<?, ?> related) {
            String field = name.substring(dot + 1);
            v = related.entrySet().stream().filter(e -> field.equalsIgnoreCase(String.valueOf(e.getKey())))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }
        if (v == null) {
            return null;
        }
        String s = String.valueOf(v).strip();
        return s.isEmpty() ? null : s;
    }
}
