package dev.crmoutbound.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.crmoutbound.sandbox.LoopbackHttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HubSpot portal speaking the real endpoints' shapes, strict where HubSpot is: a private app's
 * Bearer token (401 INVALID_AUTHENTICATION otherwise); contact search with filterGroups (EQ, IN), one
 * sort, at most 200 a page and {@code after} paging; batch update of contacts (at most 100 inputs, 207
 * with OBJECT_NOT_FOUND for an unknown id); Call engagements created in batches with their associations
 * (type 194 to a contact that exists), {@code objectWriteTraceId} echoed, and searchable by a property;
 * its search limit (5 requests a second, 429 "secondly limit") and its burst limit (100 requests in
 * 10 s, 429 TEN_SECONDLY_ROLLING); and 429s with {@code Retry-After} on demand.
 */
public final class FakeHubSpot implements AutoCloseable {

    public static final String TOKEN = "pat-na1-test-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH_MAX = 100;
    private static final int PAGE_MAX = 200;

    /** A request the fake took: method, path, JSON body, when (ms). */
    public record Request(String path, JsonNode body, long atMillis, int status) {
    }

    /** A Call engagement: its id, properties and the contacts it is associated with (by type 194). */
    public record Call(String id, Map<String, String> properties, List<String> contactIds) {
    }

    private final HttpServer server;
    private final java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newFixedThreadPool(4);
    private final Map<String, Map<String, String>> contacts = Collections.synchronizedMap(new TreeMap<>(
            (a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b))));
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Map<String, Object>> contactUpdates = new CopyOnWriteArrayList<>();
    private final Deque<Long> searchTimes = new ArrayDeque<>();
    private final Deque<Long> allTimes = new ArrayDeque<>();
    private final AtomicInteger nextCallId = new AtomicInteger(9000);
    private final AtomicInteger rateLimitNext = new AtomicInteger();
    private final AtomicInteger failNextCallCreatesAfterCreating = new AtomicInteger();
    private final Set<String> deleteOnClaim = ConcurrentHashMap.newKeySet();
    private final AtomicInteger refusedForRate = new AtomicInteger();
    private volatile String retryAfterSeconds;
    private volatile String validToken = TOKEN;

    private FakeHubSpot() throws IOException {
        server = LoopbackHttpServer.create(0, 0);
        server.createContext("/crm/v3/objects/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public static FakeHubSpot start() throws IOException {
        return new FakeHubSpot();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Points the app at this fake with its token. */
    public Map<String, String> addSettings(Map<String, String> settings) {
        settings.put("hubspot.base-url", baseUrl());
        settings.put("hubspot.token", TOKEN);
        return settings;
    }

    public void addContact(String id, Map<String, String> properties) {
        Map<String, String> p = new TreeMap<>(properties);
        p.put("hs_object_id", id);
        contacts.put(id, p);
    }

    public Map<String, String> contact(String id) {
        synchronized (contacts) {
            Map<String, String> c = contacts.get(id);
            return c == null ? null : Map.copyOf(c);
        }
    }

    public void setProperty(String id, String property, String value) {
        synchronized (contacts) {
            contacts.get(id).put(property, value);
        }
    }

    /** The contact is deleted the moment a claim for it arrives (after the search found it). */
    public void deleteOnClaim(String id) {
        deleteOnClaim.add(id);
    }

    /** The next {@code n} requests are refused with 429 and, when given, Retry-After in seconds. */
    public void rateLimitNext(int n, String retryAfter) {
        retryAfterSeconds = retryAfter;
        rateLimitNext.set(n);
    }

    /** The next batch create of calls creates them, then answers 500 as if the connection broke. */
    public void failNextCallCreatesAfterCreating(int n) {
        failNextCallCreatesAfterCreating.set(n);
    }

    public void revokeToken() {
        validToken = "revoked";
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> callsOf(String contactId) {
        return calls.stream().filter(c -> c.contactIds().contains(contactId)).toList();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Each contact update as sent: id and properties. */
    public List<Map<String, Object>> contactUpdates() {
        return List.copyOf(contactUpdates);
    }

    /** Requests HubSpot's own limits would have refused (not those refused on demand). */
    public int refusedForRate() {
        return refusedForRate.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        JsonNode body = null;
        int status;
        try {
            byte[] raw = ex.getRequestBody().readAllBytes();
            body = raw.length == 0 ? JSON.nullNode() : JSON.readTree(raw);
            status = route(ex, path, body);
        } catch (RuntimeException e) {
            status = respond(ex, 500, error("error", "INTERNAL_ERROR", String.valueOf(e)));
        }
        requests.add(new Request(path, body, System.currentTimeMillis(), status));
    }

    private int route(HttpExchange ex, String path, JsonNode body) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.equals("Bearer " + validToken)) {
            ex.getResponseHeaders().add("X-HubSpot-Auth-Failure", "401 Unauthorized");
            return respond(ex, 401, error("error", "INVALID_AUTHENTICATION", "Authentication credentials not found."));
        }
        if (!"POST".equals(ex.getRequestMethod())) {
            return respond(ex, 405, error("error", "VALIDATION_ERROR", "method not allowed"));
        }
        if (rateLimitNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            if (retryAfterSeconds != null) {
                ex.getResponseHeaders().add("Retry-After", retryAfterSeconds);
            }
            return respond(ex, 429, rateLimit("TEN_SECONDLY_ROLLING", "You have reached your ten_secondly_rolling limit."));
        }
        boolean search = path.endsWith("/search");
        String over = overLimit(search);
        if (over != null) {
            refusedForRate.incrementAndGet();
            return respond(ex, 429, rateLimit(search ? "SECONDLY" : "TEN_SECONDLY_ROLLING", over));
        }
        return switch (path) {
            case "/crm/v3/objects/contacts/search" -> searchContacts(ex, body);
            case "/crm/v3/objects/contacts/batch/update" -> updateContacts(ex, body);
            case "/crm/v3/objects/calls/batch/create" -> createCalls(ex, body);
            case "/crm/v3/objects/calls/search" -> searchCalls(ex, body);
            default -> respond(ex, 404, error("error", "OBJECT_NOT_FOUND", "no endpoint " + path));
        };
    }

    private synchronized String overLimit(boolean search) {
        long now = System.currentTimeMillis();
        prune(allTimes, now - 10_000);
        if (allTimes.size() >= 100) {
            return "You have reached your ten_secondly_rolling limit.";
        }
        allTimes.add(now);
        if (search) {
            prune(searchTimes, now - 1_000);
            if (searchTimes.size() >= 5) {
                return "You have reached your secondly limit.";
            }
            searchTimes.add(now);
        }
        return null;
    }

    private static void prune(Deque<Long> times, long before) {
        while (!times.isEmpty() && times.peekFirst() <= before) {
            times.removeFirst();
        }
    }

    private int searchContacts(HttpExchange ex, JsonNode body) throws IOException {
        int limit = body.path("limit").asInt(10);
        if (limit > PAGE_MAX) {
            return respond(ex, 400, error("error", "VALIDATION_ERROR", "limit must be at most " + PAGE_MAX));
        }
        List<String> wanted = new ArrayList<>();
        body.path("properties").forEach(p -> wanted.add(p.asText()));
        List<Map<String, String>> matching = new ArrayList<>();
        synchronized (contacts) {
            contacts.values().stream().filter(c -> matches(c, body.path("filterGroups"))).forEach(c -> matching.add(Map.copyOf(c)));
        }
        return page(ex, matching, wanted, limit, body.path("after").asText("0"));
    }

    private int searchCalls(HttpExchange ex, JsonNode body) throws IOException {
        List<String> wanted = new ArrayList<>();
        body.path("properties").forEach(p -> wanted.add(p.asText()));
        List<Map<String, String>> matching = new ArrayList<>();
        for (Call call : calls) {
            if (matches(call.properties(), body.path("filterGroups"))) {
                Map<String, String> p = new TreeMap<>(call.properties());
                p.put("hs_object_id", call.id());
                matching.add(p);
            }
        }
        return page(ex, matching, wanted, body.path("limit").asInt(10), body.path("after").asText("0"));
    }

    private int page(HttpExchange ex, List<Map<String, String>> matching, List<String> wanted, int limit, String after)
            throws IOException {
        int from = Integer.parseInt(after);
        ObjectNode answer = JSON.createObjectNode();
        answer.put("total", matching.size());
        ArrayNode results = answer.putArray("results");
        for (Map<String, String> record : matching.subList(Math.min(from, matching.size()), Math.min(from + limit, matching.size()))) {
            ObjectNode r = results.addObject();
            r.put("id", record.get("hs_object_id"));
            ObjectNode props = r.putObject("properties");
            props.put("hs_object_id", record.get("hs_object_id"));
            wanted.forEach(w -> props.put(w, record.get(w)));
            r.put("createdAt", "2026-01-01T00:00:00Z");
            r.put("updatedAt", "2026-01-01T00:00:00Z");
            r.put("archived", false);
        }
        if (from + limit < matching.size()) {
            answer.putObject("paging").putObject("next").put("after", String.valueOf(from + limit))
                    .put("link", baseUrl() + "/crm/v3/objects/contacts/search?after=" + (from + limit));
        }
        return respond(ex, 200, answer.toString());
    }

    private static boolean matches(Map<String, String> record, JsonNode groups) {
        if (groups.isEmpty()) {
            return true;
        }
        for (JsonNode group : groups) {
            boolean all = true;
            for (JsonNode filter : group.path("filters")) {
                String value = record.get(filter.path("propertyName").asText());
                String op = filter.path("operator").asText();
                boolean ok = switch (op) {
                    case "EQ" -> value != null && value.equalsIgnoreCase(filter.path("value").asText());
                    case "IN" -> {
                        boolean in = false;
                        for (JsonNode v : filter.path("values")) {
                            // HubSpot matches string IN values given in lower case only
                            in |= value != null && value.toLowerCase(Locale.ROOT).equals(v.asText());
                        }
                        yield in;
                    }
                    default -> throw new IllegalArgumentException("operator " + op + " not faked");
                };
                all &= ok;
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    private int updateContacts(HttpExchange ex, JsonNode body) throws IOException {
        JsonNode inputs = body.path("inputs");
        if (inputs.size() > BATCH_MAX) {
            return respond(ex, 400, error("error", "VALIDATION_ERROR", "at most " + BATCH_MAX + " inputs"));
        }
        ObjectNode answer = batchAnswer();
        List<String> missing = new ArrayList<>();
        for (JsonNode input : inputs) {
            String id = input.path("id").asText();
            Map<String, String> contact;
            synchronized (contacts) {
                if (deleteOnClaim.remove(id)) {
                    contacts.remove(id);
                }
                contact = contacts.get(id);
                if (contact != null) {
                    input.path("properties").fields().forEachRemaining(f -> contact.put(f.getKey(),
                            f.getValue().isNull() ? null : f.getValue().asText()));
                }
            }
            if (contact == null) {
                missing.add(id);
                continue;
            }
            Map<String, Object> update = new LinkedHashMap<>();
            update.put("id", id);
            update.put("properties", JSON.convertValue(input.path("properties"), Map.class));
            contactUpdates.add(update);
            answer.withArray("results").addObject().put("id", id).set("properties", input.path("properties"));
        }
        if (!missing.isEmpty()) {
            ObjectNode err = answer.withArray("errors").addObject();
            err.put("status", "error").put("category", "OBJECT_NOT_FOUND")
                    .put("message", "Could not get some CONTACT objects, they may be deleted or not exist.");
            ArrayNode ids = err.putObject("context").putArray("ids");
            missing.forEach(ids::add);
            answer.put("numErrors", 1);
        }
        return respond(ex, missing.isEmpty() ? 200 : 207, answer.toString());
    }

    private int createCalls(HttpExchange ex, JsonNode body) throws IOException {
        JsonNode inputs = body.path("inputs");
        if (inputs.size() > BATCH_MAX) {
            return respond(ex, 400, error("error", "VALIDATION_ERROR", "at most " + BATCH_MAX + " inputs"));
        }
        ObjectNode answer = batchAnswer();
        List<ObjectNode> results = new ArrayList<>();
        for (JsonNode input : inputs) {
            if (!input.path("properties").hasNonNull("hs_timestamp")) {
                return respond(ex, 400, error("error", "VALIDATION_ERROR", "hs_timestamp is required"));
            }
            List<String> contactIds = new ArrayList<>();
            for (JsonNode association : input.path("associations")) {
                int type = association.path("types").path(0).path("associationTypeId").asInt();
                String to = association.path("to").path("id").asText();
                if (type != 194 || contact(to) == null) {
                    return respond(ex, 400, error("error", "VALIDATION_ERROR", "bad association to " + to + " type " + type));
                }
                contactIds.add(to);
            }
            Map<String, String> properties = new TreeMap<>();
            input.path("properties").fields().forEachRemaining(f -> properties.put(f.getKey(), f.getValue().asText()));
            Call call = new Call(String.valueOf(nextCallId.incrementAndGet()), properties, contactIds);
            calls.add(call);
            ObjectNode r = JSON.createObjectNode();
            r.put("id", call.id());
            r.set("properties", input.path("properties"));
            if (input.hasNonNull("objectWriteTraceId")) {
                r.put("objectWriteTraceId", input.get("objectWriteTraceId").asText());
            }
            results.add(r);
        }
        if (failNextCallCreatesAfterCreating.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return respond(ex, 502, "<html>Bad gateway</html>");
        }
        // HubSpot does not promise the inputs' order
        Collections.reverse(results);
        results.forEach(answer.withArray("results")::add);
        return respond(ex, 201, answer.toString());
    }

    private static ObjectNode batchAnswer() {
        ObjectNode answer = JSON.createObjectNode();
        answer.put("status", "COMPLETE");
        answer.putArray("results");
        answer.put("startedAt", "2026-01-01T00:00:00Z");
        answer.put("completedAt", "2026-01-01T00:00:01Z");
        return answer;
    }

    private static String error(String status, String category, String message) {
        ObjectNode e = JSON.createObjectNode();
        e.put("status", status).put("message", message).put("correlationId", "c0ffee00-0000-4000-8000-000000000000")
                .put("category", category);
        return e.toString();
    }

    private static String rateLimit(String policy, String message) {
        ObjectNode e = JSON.createObjectNode();
        e.put("status", "error").put("message", message).put("errorType", "RATE_LIMIT")
                .put("correlationId", "c0ffee00-0000-4000-8000-000000000001").put("policyName", policy);
        return e.toString();
    }

    private static int respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json;charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (var out = ex.getResponseBody()) {
            out.write(bytes);
        }
        return status;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
