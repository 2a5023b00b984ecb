package dev.crmoutbound.salesforce;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.component.salesforce.api.dto.AbstractSObjectBase;

/**
 * One record of whatever object and fields the configured SOQL selects: the fields are not known
 * until the query is, so they are kept by name.
 */
public class SalesforceRecord extends AbstractSObjectBase {

    private final Map<String, Object> fields = new LinkedHashMap<>();

    @JsonAnySetter
    public void setField(String name, Object value) {
        fields.put(name, value);
    }

    @JsonAnyGetter
    public Map<String, Object> getFields() {
        return fields;
    }

    /** A field's value as text, or null when absent or empty; {@code Account.Name} follows a relationship. */
    public String text(String name) {
        Object v = "Id".equals(name) ? getId() : "Name".equals(name) ? getName() : fields.get(name);
        int dot = name.indexOf('.');
        if (v == null && dot > 0 && fields.get(name.substring(0, dot)) instanceof Map<?, ?> related) {
            v = related.get(name.substring(dot + 1));
        }
        if (v == null) {
            return null;
        }
        String s = String.valueOf(v).strip();
        return s.isEmpty() ? null : s;
    }

    public boolean isTrue(String name) {
        return "true".equalsIgnoreCase(text(name));
    }
}
