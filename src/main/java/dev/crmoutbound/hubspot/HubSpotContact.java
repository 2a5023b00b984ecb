package dev.crmoutbound.hubspot;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.crmoutbound.source.CrmRecord;
import java.util.Map;
import java.util.TreeMap;

/** A HubSpot contact as a CRM search returns it: its id and the properties the search asked for. */
@JsonIgnoreProperties(ignoreUnknown = true)
public class HubSpotContact implements CrmRecord {

    private String id;
    /** By name, whatever its case: HubSpot's internal names are lower case, configured ones need not be. */
    private final Map<String, String> properties = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    public HubSpotContact() {
    }

    public HubSpotContact(String id, Map<String, String> properties) {
        this.id = id;
        setProperties(properties);
    }

    @Override
    @JsonProperty("id")
    public String id() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    @JsonProperty("properties")
    public Map<String, String> properties() {
        return properties;
    }

    public void setProperties(Map<String, String> values) {
        properties.clear();
        if (values != null) {
            values.forEach((name, value) -> {
                if (value != null) {
                    properties.put(name, value);
                }
            });
        }
    }

    @Override
    public String text(String property) {
        String value = "hs_object_id".equalsIgnoreCase(property) && !properties.containsKey(property) ? id
                : properties.get(property);
        if (value == null) {
            return null;
        }
        String stripped = value.strip();
        return stripped.isEmpty() ? null : stripped;
    }
}
