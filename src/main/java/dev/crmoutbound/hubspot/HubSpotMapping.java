package dev.crmoutbound.hubspot;

import dev.crmoutbound.source.RecordFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which contact properties mean what: the intake's fields, the status property whose values mark a
 * contact ready, queued (claimed), called or rejected, and the properties the outcome is written to.
 * It builds the bodies HubSpot is sent: searches for ready contacts, claims and outcome updates.
 */
public record HubSpotMapping(RecordFields fields, String status, String ready, String queued, String called,
                             String rejected, String callId, String outcome, String calledAt, int pageSize) {

    /** The leads' source in the ledger. */
    public static final String SOURCE = "hubspot";
    /** HubSpot's own id property, usable in search filters. */
    static final String OBJECT_ID = "hs_object_id";
    /** A search answers at most this many results; asking past them is refused (400). */
    static final int SEARCH_CAP = 10_000;

    /** A search for contacts ready to call, from cursor {@code after} (null: the first page), oldest first. */
    public Map<String, Object> readySearch(String after) {
        return search(List.of(filter(status, "EQ", ready)), after);
    }

    /** A search for the named contacts, if they are still ready to call (webhooks name them). */
    public Map<String, Object> requestedSearch(List<String> ids, String after) {
        Map<String, Object> byId = new LinkedHashMap<>();
        byId.put("propertyName", OBJECT_ID);
        byId.put("operator", "IN");
        byId.put("values", ids);
        return search(List.of(byId, filter(status, "EQ", ready)), after);
    }

    /**
     * The same search from the page after {@code page}, or null when {@code page} was the last, or the next
     * would go past the search's 10,000-result cap: the rest are found by the next poll, as the contacts
     * taken meanwhile are claimed and leave the ready ones.
     */
    public Map<String, Object> nextPage(Map<String, Object> search, HubSpotSearchPage page) {
        String after = page.nextAfter();
        if (after == null || pastCap(after)) {
            return null;
        }
        Map<String, Object> next = new LinkedHashMap<>(search);
        next.put("after", after);
        return next;
    }

    private boolean pastCap(String after) {
        try {
            return Long.parseLong(after) + pageSize > SEARCH_CAP;
        } catch (NumberFormatException notAnOffset) {
            return false;
        }
    }

    /** The properties a search returns: what the intake reads, and the status. */
    public List<String> properties() {
        List<String> names = new ArrayList<>(fields.read());
        if (!names.contains(status)) {
            names.add(status);
        }
        return names;
    }

    /** The batch update input that marks a contact as taken, so later polls and other instances skip it. */
    public Map<String, Object> claim(String contactId) {
        return update(contactId, Map.of(status, queued));
    }

    private Map<String, Object> search(List<Map<String, Object>> filters, String after) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("filterGroups", List.of(Map.of("filters", filters)));
        body.put("sorts", List.of(Map.of("propertyName", OBJECT_ID, "direction", "ASCENDING")));
        body.put("properties", properties());
        body.put("limit", pageSize);
        if (after != null) {
            body.put("after", after);
        }
        return body;
    }

    private static Map<String, Object> filter(String property, String operator, String value) {
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("propertyName", property);
        filter.put("operator", operator);
        filter.put("value", value);
        return filter;
    }

    static Map<String, Object> update(String contactId, Map<String, ?> properties) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("id", contactId);
        input.put("properties", properties);
        return input;
    }
}
