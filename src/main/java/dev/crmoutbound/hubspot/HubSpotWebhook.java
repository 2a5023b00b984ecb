package dev.crmoutbound.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crmoutbound.ledger.RecordRequests;
import dev.crmoutbound.ops.FaultLog;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * CRM-triggered calling: a HubSpot workflow's "Send a webhook" action (or a webhook subscription) names
 * contacts to call. A request signed (v3) and fresh has the contacts it names kept as requests in the
 * ledger before it is answered; source-hubspot-requested then looks them up and takes in those still
 * ready. The body may be one object or an array of them, each naming its contact as {@code objectId},
 * {@code hs_object_id} (alone or among {@code properties}), {@code vid} or {@code id}.
 */
public class HubSpotWebhook {

    public static final int ACCEPTED = 204;
    public static final int UNSIGNED = 401;
    public static final int NOT_A_CONTACT = 400;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HubSpotSignature signature;
    private final String publicUrl;
    private final RecordRequests requests;
    private final FaultLog faults;

    /**
     * {@code publicUrl}: the URL HubSpot posts to, as it signs it; null to take the URL the request came to
     * (which differs behind a proxy that ends TLS: HubSpot signs https).
     */
    public HubSpotWebhook(HubSpotSignature signature, String publicUrl, RecordRequests requests, FaultLog faults) {
        this.signature = signature;
        this.publicUrl = publicUrl;
        this.requests = requests;
        this.faults = faults;
    }

    /** The status to answer: 204 once the named contacts are kept, 401 unsigned or stale, 400 naming none. */
    public int receive(byte[] body, String requestUrl, String timestamp, String signed) {
        int q = requestUrl == null ? -1 : requestUrl.indexOf('?');
        String uri = publicUrl == null ? requestUrl : publicUrl + (q < 0 ? "" : requestUrl.substring(q));
        String refused = signature.refusal("POST", uri, body, timestamp, signed);
        if (refused != null) {
            faults.report("HubSpot webhook refused (401)", null, refused, null);
            return UNSIGNED;
        }
        List<String> ids = contactIds(body);
        if (ids.isEmpty()) {
            faults.report("HubSpot webhook refused (400)", null, "it names no contact (objectId, hs_object_id, vid or id)",
                    null);
            return NOT_A_CONTACT;
        }
        requests.add(ids);
        return ACCEPTED;
    }

    static List<String> contactIds(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException notJson) {
            return List.of();
        }
        Set<String> ids = new LinkedHashSet<>();
        if (root != null && root.isArray()) {
            root.forEach(event -> addId(event, ids));
        } else if (root != null) {
            addId(root, ids);
        }
        return List.copyOf(ids);
    }

    private static void addId(JsonNode event, Set<String> ids) {
        JsonNode properties = event.path("properties");
        JsonNode nested = properties.path("hs_object_id");
        for (JsonNode candidate : List.of(event.path("objectId"), event.path("hs_object_id"), nested.path("value"),
                nested, event.path("vid"), event.path("id"))) {
            String id = candidate.isValueNode() ? candidate.asText().strip() : "";
            if (id.matches("\\d{1,19}")) {
                ids.add(id);
                return;
            }
        }
    }
}
