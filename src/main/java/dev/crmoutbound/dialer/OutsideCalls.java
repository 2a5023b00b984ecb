package dev.crmoutbound.dialer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crmoutbound.config.KrosAiAccount;
import dev.crmoutbound.config.KrosAiAccounts;
import dev.crmoutbound.ledger.AccountSlots;
import dev.crmoutbound.ops.FaultLog;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the calls in progress on each KrosAI account that this service did not place (another
 * integration, a person in the KrosAI console): they use the account's slots, so the ledger's limit
 * for it is lowered by as many instead of the dialer meeting 429s. A call is this service's when its
 * metadata carries a request id. Read from {@code GET /calls?status=...}, every status of a call in
 * progress, page by page; the count is stored only once the whole listing was read.
 */
public class OutsideCalls {

    static final List<String> IN_PROGRESS = List.of("queued", "initiated", "ringing", "answered", "in_progress");
    private static final int PAGE = 100;

    private record Reading(int statusIndex, int offset, int outside) {
    }

    private final KrosAiAccounts accounts;
    private final AccountSlots slots;
    private final FaultLog faults;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Reading> readings = new ConcurrentHashMap<>();

    public OutsideCalls(KrosAiAccounts accounts, AccountSlots slots, FaultLog faults) {
        this.accounts = accounts;
        this.slots = slots;
        this.faults = faults;
    }

    public List<String> accountIds() {
        return accounts.all().stream().map(KrosAiAccount::id).toList();
    }

    /** The query of the first page to read for the account. */
    public String start(String account) {
        Reading first = new Reading(0, 0, 0);
        readings.put(account, first);
        return query(first);
    }

    /** Takes one page in; returns the next page's query, or null when the account is done (or failed). */
    public String page(String account, int status, String body) {
        Reading at = readings.get(account);
        if (at == null) {
            return null;
        }
        if (status != 200) {
            readings.remove(account);
            faults.report("Counting calls placed outside this service (tried again later)", "HTTP " + status,
                    "GET /calls on account " + account + " answered " + status, null);
            return null;
        }
        JsonNode page = read(body);
        JsonNode calls = page.has("calls") ? page.get("calls") : page.path("data");
        int outside = at.outside();
        for (JsonNode call : calls) {
            if (call.path("metadata").path("request_id").asText("").isEmpty()) {
                outside++;
            }
        }
        int nextOffset = at.offset() + calls.size();
        Reading next = calls.size() == PAGE && nextOffset < page.path("total").asInt(Integer.MAX_VALUE)
                ? new Reading(at.statusIndex(), nextOffset, outside)
                : new Reading(at.statusIndex() + 1, 0, outside);
        if (next.statusIndex() == IN_PROGRESS.size()) {
            readings.remove(account);
            slots.outsideCalls(account, outside);
            return null;
        }
        readings.put(account, next);
        return query(next);
    }

    private static String query(Reading r) {
        return "status=" + IN_PROGRESS.get(r.statusIndex()) + "&limit=" + PAGE + "&offset=" + r.offset();
    }

    private JsonNode read(String body) {
        try {
            return body == null ? json.missingNode() : json.readTree(body);
        } catch (Exception e) {
            return json.missingNode();
        }
    }
}
