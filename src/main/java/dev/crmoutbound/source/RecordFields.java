package dev.crmoutbound.source;

import dev.crmoutbound.config.ConfigurationException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which fields of a CRM's records mean what to the intake: the phone, the checkboxes that forbid a call,
 * the fields sent with the call as metadata (key to field), and the optional fields naming the campaign,
 * holding consent or the recipient's time zone (null when not mapped).
 */
public record RecordFields(String phone, List<String> doNotCall, Map<String, String> metadata, String campaign,
                           String consent, String timeZone) {

    /** Every field the intake reads, each once, the phone first: what a source's query selects. */
    public Set<String> read() {
        Set<String> fields = new LinkedHashSet<>(List.of(phone));
        fields.addAll(doNotCall);
        fields.addAll(metadata.values());
        Stream.of(campaign, consent, timeZone).filter(Objects::nonNull).forEach(fields::add);
        return fields;
    }

    /** A comma-separated list of field names, blanks left out; none for an unset setting. */
    public static List<String> names(String commaSeparated) {
        if (commaSeparated == null) {
            return List.of();
        }
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(f -> !f.isEmpty()).toList();
    }

    /**
     * {@code Company, product=Product_Interest__c}: a field under its own name, or under the key given;
     * {@code setting} names the setting in the error a malformed entry gets.
     */
    public static Map<String, String> keyed(String spec, String setting) {
        Map<String, String> byKey = new LinkedHashMap<>();
        for (String entry : names(spec)) {
            int eq = entry.indexOf('=');
            String key = eq < 0 ? entry : entry.substring(0, eq).strip();
            String field = eq < 0 ? entry : entry.substring(eq + 1).strip();
            if (key.isEmpty() || field.isEmpty()) {
                throw new ConfigurationException(setting + ": '" + entry + "' is not Field or key=Field");
            }
            byKey.put(key, field);
        }
        return Collections.unmodifiableMap(byKey);
    }
}
