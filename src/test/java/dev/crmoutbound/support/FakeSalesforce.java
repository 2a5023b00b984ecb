package dev.crmoutbound.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.crmoutbound.sandbox.LoopbackHttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local Salesforce org for the real camel-salesforce component, strict where a real org is: a login
 * server (OAuth: password, refresh token, JWT bearer, client credentials) that hands out an
 * {@code instance_url} on another port, where the data API lives; SOQL with pages joined by
 * nextRecordsUrl; sObject PATCH and POST and the sObject Collections API (at most 200 records, partial
 * success); field names matched without case and answered in their canonical case; assignment rules
 * that reassign a Lead's owner on any update without {@code Sforce-Auto-Assign: FALSE}; converted and
 * deleted leads, read-only fields, validation rules and locked rows refused with Salesforce's error
 * codes; a daily API allowance reported in {@code Sforce-Limit-Info} and enforced with 403
 * REQUEST_LIMIT_EXCEEDED; and a counter of the API calls made.
 */
public final class FakeSalesforce implements AutoCloseable {

    public static final String CLIENT_ID = "test-client";
    public static final String CLIENT_SECRET = "test-secret";
    public static final String USER = "ops@example.com";
    public static final String PASSWORD = "pw-and-token";
    /** The owner assignment rules give a Lead updated without {@code Sforce-Auto-Assign: FALSE}. */
    public static final String ASSIGNMENT_RULE_OWNER = "00G000000000RULE";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int COLLECTION_MAX = 200;

    private final HttpServer login;
    private final HttpServer instance;
    private final java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newFixedThreadPool(4);
    private final Map<String, Map<String, Object>> records = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, List<Map<String, Object>>> pages = new ConcurrentHashMap<>();
    private final List<Write> writes = new CopyOnWriteArrayList<>();
    private final List<String> grants = new CopyOnWriteArrayList<>();
    private final List<String> jwtAudiences = new CopyOnWriteArrayList<>();
    private final AtomicInteger failNextTaskCreates = new AtomicInteger();
    private final AtomicInteger failNextPages = new AtomicInteger();
    private final AtomicInteger apiCalls = new AtomicInteger();
    private final Map<String, Integer> apiCallsByKind = new java.util.concurrent.ConcurrentSkipListMap<>();
    private final Map<String, AtomicInteger> lockedRows = new ConcurrentHashMap<>();
    private final Map<String, String> validationRules = new ConcurrentHashMap<>();
    private final Set<String> readOnlyFields = ConcurrentHashMap.newKeySet();
    private final Set<String> deleted = ConcurrentHashMap.newKeySet();
    private final Set<String> deleteAfterUpdate = ConcurrentHashMap.newKeySet();
    private final AtomicInteger refusedForLimit = new AtomicInteger();
    private volatile String validToken = "";
    private volatile int pageSize = 2;
    private volatile int apiMax = 15_000;
    private volatile int apiUsed;

    /** A record write the fake took, with its JSON body (fields in their canonical case). */
    public record Write(String method, String object, String id, Map<String, Object> body) {
    }

    private FakeSalesforce() throws IOException {
        login = LoopbackHttpServer.create(0, 0);
        login.createContext("/services/oauth2/token", this::token);
        login.createContext("/services/oauth2/revoke", ex -> respond(ex, 200, ""));
        login.start();
        instance = LoopbackHttpServer.create(0, 0);
        // a My Domain host answers OAuth too: camel-salesforce logs in again there when a session expires
        instance.createContext("/services/oauth2/token", this::token);
        instance.createContext("/services/oauth2/revoke", ex -> respond(ex, 200, ""));
        instance.createContext("/services/data/", this::data);
        instance.setExecutor(executor);
        instance.start();
    }

    public static FakeSalesforce start() throws IOException {
        return new FakeSalesforce();
    }

    /** Points the app at this fake, logging in with the username-password flow. */
    public Map<String, String> addLoginSettings(Map<String, String> settings) {
        settings.put("salesforce.login-url", loginUrl());
        settings.put("salesforce.client-id", CLIENT_ID);
        settings.put("salesforce.client-secret", CLIENT_SECRET);
        settings.put("salesforce.username", USER);
        settings.put("salesforce.password", PASSWORD);
        return settings;
    }

    public String loginUrl() {
        return "http://127.0.0.1:" + login.getAddress().getPort();
    }

    /** Where the org's data API is, as the token answer says: not the login server. */
    public String instanceUrl() {
        return "http://127.0.0.1:" + instance.getAddress().getPort();
    }

    public void addLead(String id, Map<String, Object> fields) {
        Map<String, Object> r = new LinkedHashMap<>(fields);
        r.put("Id", id);
        r.putIfAbsent("OwnerId", "005000000000OWNR");
        r.putIfAbsent("IsConverted", false);
        records.put(id, r);
    }

    /** A user changing a field in Salesforce. */
    public void setField(String id, String field, Object value) {
        synchronized (records) {
            records.get(id).put(canonical(records.get(id), field), value);
        }
    }

    public Map<String, Object> record(String id) {
        return records.get(id);
    }

    /** The lead was deleted (it stays readable here for a test's assertions; the API says ENTITY_IS_DELETED). */
    public void delete(String id) {
        deleted.add(id);
    }

    /** A user deletes the record right after its first update (the service's claim) goes through. */
    public void deleteAfterFirstUpdate(String id) {
        deleteAfterUpdate.add(id);
    }

    /** Calls refused with REQUEST_LIMIT_EXCEEDED. */
    public int refusedForLimit() {
        return refusedForLimit.get();
    }

    /** The integration user may read but not edit this field: an update naming it fails for every record. */
    public void readOnly(String field) {
        readOnlyFields.add(field.toLowerCase());
    }

    /** A validation rule that refuses every update of this record. */
    public void validationRule(String id, String message) {
        validationRules.put(id, message);
    }

    /** The next {@code n} updates of this record fail with UNABLE_TO_LOCK_ROW (another process holds it). */
    public void lockRow(String id, int n) {
        lockedRows.put(id, new AtomicInteger(n));
    }

    /** The org's daily API allowance: at {@code max} calls made, every call is refused until {@link #resetApiUsage()}. */
    public void apiAllowance(int max) {
        apiMax = max;
    }

    /** The rolling 24 h window has moved on: the allowance is free again. */
    public void resetApiUsage() {
        apiUsed = 0;
    }

    /** API calls made to the data API (login excluded), refused ones included. */
    /** The API calls by method and resource ("PATCH composite/sobjects", "GET query"), for a failure's message. */
    public Map<String, Integer> apiCallsByKind() {
        return Map.copyOf(apiCallsByKind);
    }

    public int apiCalls() {
        return apiCalls.get();
    }

    public List<Write> writes() {
        return List.copyOf(writes);
    }

    public List<Write> tasks() {
        return writes.stream().filter(w -> w.method().equals("POST") && w.object().equals("Task")).toList();
    }

    public List<String> grants() {
        return List.copyOf(grants);
    }

    /** The {@code aud} claim of each JWT bearer assertion received. */
    public List<String> jwtAudiences() {
        return List.copyOf(jwtAudiences);
    }

    public void pageSize(int size) {
        pageSize = size;
    }

    /** Requests are answered 401 INVALID_SESSION_ID until the client logs in again, as when a session times out. */
    public void expireSession() {
        validToken = "expired";
    }

    /** The next {@code n} Task creations are refused with STORAGE_LIMIT_EXCEEDED. */
    public void failNextTaskCreates(int n) {
        failNextTaskCreates.set(n);
    }

    /** The next {@code n} next-page requests are answered 400 INVALID_QUERY_LOCATOR, as when a locator expires. */
    public void failNextPages(int n) {
        failNextPages.set(n);
    }

    private void token(HttpExchange ex) throws IOException {
        Map<String, String> form = form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String grant = form.getOrDefault("grant_type", "");
        grants.add(grant);
        boolean ok = switch (grant) {
            case "password" -> CLIENT_ID.equals(form.get("client_id")) && CLIENT_SECRET.equals(form.get("client_secret"))
                    && USER.equals(form.get("username")) && PASSWORD.equals(form.get("password"));
            case "refresh_token" -> CLIENT_ID.equals(form.get("client_id")) && "refresh-123".equals(form.get("refresh_token"));
            case "client_credentials" -> CLIENT_ID.equals(form.get("client_id")) && CLIENT_SECRET.equals(form.get("client_secret"));
            case "urn:ietf:params:oauth:grant-type:jwt-bearer" -> jwtBearer(form.get("assertion"));
            default -> false;
        };
        if (!ok) {
            respond(ex, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"authentication failure\"}");
            return;
        }
        validToken = "00Dfake!" + UUID.randomUUID();
        respond(ex, 200, JSON.writeValueAsString(Map.of("access_token", validToken, "instance_url", instanceUrl(),
                "id", loginUrl() + "/id/00D000000000001AAA/005000000000001AAA", "token_type", "Bearer",
                "issued_at", String.valueOf(System.currentTimeMillis()), "signature", "sig")));
    }

    private boolean jwtBearer(String assertion) {
        if (assertion == null || assertion.split("\\.").length < 2) {
            return false;
        }
        try {
            Map<?, ?> claims = JSON.readValue(java.util.Base64.getUrlDecoder().decode(assertion.split("\\.")[1]), Map.class);
            jwtAudiences.add(String.valueOf(claims.get("aud")));
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    private void data(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.equals("Bearer " + validToken)) {
            respond(ex, 401, "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]");
            return;
        }
        apiCalls.incrementAndGet();
        String[] parts = ex.getRequestURI().getPath().split("/"); // "", services, data, v56.0, ...
        if (parts.length <= 4) {
            respond(ex, 200, "{}"); // the version's resources: not an API call in a real org, nor here
            return;
        }
        String resource = parts.length > 5 && !parts[4].equals("query") ? parts[4] + "/" + parts[5] : parts[4];
        apiCallsByKind.merge(ex.getRequestMethod() + " " + resource, 1, Integer::sum);
        if (apiUsed >= apiMax) {
            refusedForLimit.incrementAndGet();
            respond(ex, 403, "[{\"message\":\"TotalRequests Limit exceeded.\",\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\"}]");
            return;
        }
        apiUsed++;
        try {
            switch (parts[4]) {
                case "query" -> query(ex, parts);
                case "sobjects" -> sobject(ex, parts);
                case "composite" -> collection(ex, parts);
                case "limits" -> respond(ex, 200, JSON.writeValueAsString(Map.of("DailyApiRequests",
                        Map.of("Max", apiMax, "Remaining", Math.max(0, apiMax - apiUsed)))));
                default -> respond(ex, 404, "[{\"message\":\"not found\",\"errorCode\":\"NOT_FOUND\"}]");
            }
        } catch (RuntimeException e) {
            respond(ex, 500, "[{\"message\":\"" + e + "\",\"errorCode\":\"UNKNOWN_EXCEPTION\"}]");
        }
    }

    private void query(HttpExchange ex, String[] parts) throws IOException {
        List<Map<String, Object>> rest;
        if (parts.length > 5) {
            rest = pages.remove(parts[5]);
            if (rest == null || failNextPages.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                respond(ex, 400, "[{\"message\":\"invalid query locator\",\"errorCode\":\"INVALID_QUERY_LOCATOR\"}]");
                return;
            }
        } else {
            String soql = form(ex.getRequestURI().getRawQuery()).getOrDefault("q", "");
            rest = soql.contains("FROM Task") ? tasksMatching(soql) : leadsMatching(soql);
        }
        int total = rest.size();
        List<Map<String, Object>> page = rest.subList(0, Math.min(pageSize, total));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("totalSize", total);
        answer.put("done", page.size() == total);
        if (page.size() < total) {
            String locator = "01g" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            pages.put(locator, new ArrayList<>(rest.subList(page.size(), total)));
            answer.put("nextRecordsUrl", "/services/data/" + parts[3] + "/query/" + locator);
        }
        answer.put("records", new ArrayList<>(page));
        respond(ex, 200, JSON.writeValueAsString(answer));
    }

    /**
     * Answers the Lead queries the service sends: {@code field = 'value'} and {@code field = false}
     * conditions joined by AND, and {@code Id IN (...)}; each record holds only the fields selected, in
     * their canonical case, as Salesforce's would.
     */
    private List<Map<String, Object>> leadsMatching(String soql) {
        Matcher select = Pattern.compile("(?i)SELECT (.*?) FROM").matcher(soql);
        List<String> selected = select.find() ? Arrays.stream(select.group(1).split(",")).map(String::strip).toList()
                : List.of();
        Map<String, String> equals = new LinkedHashMap<>();
        Matcher eq = Pattern.compile("(\\w+) = ('([^']*)'|true|false)").matcher(soql);
        while (eq.find()) {
            equals.put(eq.group(1), eq.group(3) != null ? eq.group(3) : eq.group(2));
        }
        Matcher in = Pattern.compile("(?i)\\bId IN \\(([^)]*)\\)").matcher(soql);
        List<String> ids = in.find() ? Arrays.stream(in.group(1).split(",")).map(id -> id.strip().replace("'", "")).toList()
                : null;
        List<Map<String, Object>> out = new ArrayList<>();
        synchronized (records) {
            for (Map<String, Object> r : records.values()) {
                if (deleted.contains(r.get("Id")) || (ids != null && !ids.contains(r.get("Id")))) {
                    continue;
                }
                boolean matches = equals.entrySet().stream().allMatch(c ->
                        c.getValue().equals(String.valueOf(r.get(canonical(r, c.getKey())))));
                if (matches) {
                    Map<String, Object> copy = selectedFields(r, selected);
                    copy.put("attributes", Map.of("type", "Lead", "url", "/services/data/v56.0/sobjects/Lead/" + r.get("Id")));
                    out.add(copy);
                }
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> selectedFields(Map<String, Object> record, List<String> selected) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String field : selected) {
            int dot = field.indexOf('.');
            if (dot < 0) {
                String name = canonical(record, field);
                out.put(name, record.get(name));
            } else if (record.get(canonical(record, field.substring(0, dot))) instanceof Map<?, ?> related) {
                String relation = canonical(record, field.substring(0, dot));
                ((Map<String, Object>) out.computeIfAbsent(relation, k -> new LinkedHashMap<>()))
                        .put(field.substring(dot + 1), related.get(field.substring(dot + 1)));
            }
        }
        return out;
    }

    /** The field's name as the org spells it (SOQL and JSON bodies may spell it in any case). */
    private static String canonical(Map<String, Object> record, String field) {
        for (String name : record.keySet()) {
            if (name.equalsIgnoreCase(field)) {
                return name;
            }
        }
        return field;
    }

    /** Answers {@code SELECT Id, CallObject FROM Task WHERE CallObject IN (...)} or {@code CallObject = '...'}. */
    private List<Map<String, Object>> tasksMatching(String soql) {
        Matcher in = Pattern.compile("CallObject (?:IN \\(([^)]*)\\)|= '([^']*)')").matcher(soql);
        if (!in.find()) {
            throw new IllegalArgumentException("the fake does not answer " + soql);
        }
        List<String> callIds = in.group(1) != null
                ? Arrays.stream(in.group(1).split(",")).map(c -> c.strip().replace("'", "")).toList() : List.of(in.group(2));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Write t : tasks()) {
            if (callIds.contains(String.valueOf(t.body().get("CallObject")))) {
                Map<String, Object> task = new LinkedHashMap<>();
                task.put("attributes", Map.of("type", "Task"));
                task.put("Id", t.id());
                task.put("CallObject", t.body().get("CallObject"));
                out.add(task);
            }
        }
        return out;
    }

    /** One sObject REST call: PATCH a record, POST a new one. */
    @SuppressWarnings("unchecked")
    private void sobject(HttpExchange ex, String[] parts) throws IOException {
        String object = parts.length > 5 ? parts[5] : "";
        String id = parts.length > 6 ? parts[6] : null;
        String method = ex.getRequestMethod();
        if ("POST".equals(method) && "PATCH".equalsIgnoreCase(ex.getRequestURI().getQuery() == null ? ""
                : form(ex.getRequestURI().getQuery()).get("_HttpMethod"))) {
            method = "PATCH";
        }
        Map<String, Object> body = JSON.readValue(ex.getRequestBody(), Map.class);
        body.remove("attributes");
        boolean autoAssignOff = "false".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Sforce-Auto-Assign"));
        Map<String, Object> result = "PATCH".equals(method) && id != null ? update(object, id, body, autoAssignOff)
                : "POST".equals(method) && id == null ? create(object, body) : null;
        if (result == null) {
            respond(ex, 405, "[{\"message\":\"method not allowed\",\"errorCode\":\"METHOD_NOT_ALLOWED\"}]");
        } else if (Boolean.TRUE.equals(result.get("success"))) {
            respond(ex, "PATCH".equals(method) ? 204 : 201, "PATCH".equals(method) ? "" : JSON.writeValueAsString(result));
        } else {
            List<Map<String, Object>> errors = (List<Map<String, Object>>) result.get("errors");
            Map<String, Object> error = errors.get(0);
            int status = "ENTITY_IS_DELETED".equals(error.get("statusCode")) ? 404 : 400;
            respond(ex, status, JSON.writeValueAsString(List.of(Map.of("message", error.get("message"),
                    "errorCode", error.get("statusCode"), "fields", error.get("fields")))));
        }
    }

    /** The sObject Collections API: PATCH (update) or POST (create) of up to 200 records, each answered alone. */
    @SuppressWarnings("unchecked")
    private void collection(HttpExchange ex, String[] parts) throws IOException {
        if (parts.length != 6 || !"sobjects".equals(parts[5])) {
            respond(ex, 404, "[{\"message\":\"not found\",\"errorCode\":\"NOT_FOUND\"}]");
            return;
        }
        Map<String, Object> body = JSON.readValue(ex.getRequestBody(), Map.class);
        List<Map<String, Object>> sent = (List<Map<String, Object>>) body.getOrDefault("records", List.of());
        if (sent.size() > COLLECTION_MAX) {
            respond(ex, 400, "[{\"message\":\"Maximum number of records exceeded: 200\",\"errorCode\":\"EXCEEDED_ID_LIMIT\"}]");
            return;
        }
        boolean autoAssignOff = "false".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Sforce-Auto-Assign"));
        String method = ex.getRequestMethod();
        List<Map<String, Object>> results = new ArrayList<>();
        for (Map<String, Object> record : sent) {
            Map<String, Object> fields = new LinkedHashMap<>(record);
            Map<String, Object> attributes = (Map<String, Object>) fields.remove("attributes");
            String object = attributes == null ? "" : String.valueOf(attributes.get("type"));
            String id = (String) (fields.containsKey("id") ? fields.remove("id") : fields.remove("Id"));
            results.add("PATCH".equals(method) ? update(object, id, fields, autoAssignOff) : create(object, fields));
        }
        respond(ex, 200, JSON.writeValueAsString(results));
    }

    private Map<String, Object> update(String object, String id, Map<String, Object> body, boolean autoAssignOff) {
        Map<String, Object> r = id == null ? null : records.get(id);
        if (r == null) {
            return failure(id, "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", List.of());
        }
        if (deleted.contains(id)) {
            return failure(id, "ENTITY_IS_DELETED", "entity is deleted", List.of());
        }
        for (String field : body.keySet()) {
            if (readOnlyFields.contains(field.toLowerCase())) {
                return failure(id, "INVALID_FIELD_FOR_INSERT_UPDATE", "Unable to create/update fields: " + field
                        + ". Please check the security settings of this field and verify that it is read/write for "
                        + "your profile or permission set.", List.of(field));
            }
        }
        if (Boolean.TRUE.equals(r.get("IsConverted"))) {
            return failure(id, "CANNOT_UPDATE_CONVERTED_LEAD", "cannot reference converted lead", List.of());
        }
        if (validationRules.containsKey(id)) {
            return failure(id, "FIELD_CUSTOM_VALIDATION_EXCEPTION", validationRules.get(id), List.of());
        }
        AtomicInteger locked = lockedRows.get(id);
        if (locked != null && locked.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return failure(id, "UNABLE_TO_LOCK_ROW", "unable to obtain exclusive access to this record", List.of());
        }
        Map<String, Object> canonical = new LinkedHashMap<>();
        synchronized (records) {
            body.forEach((field, value) -> canonical.put(canonical(r, field), value));
            r.putAll(canonical);
            if ("Lead".equals(object) && !autoAssignOff) {
                r.put("OwnerId", ASSIGNMENT_RULE_OWNER); // the org's active assignment rule ran
            }
        }
        writes.add(new Write("PATCH", object, id, canonical));
        if (deleteAfterUpdate.remove(id)) {
            deleted.add(id);
        }
        return Map.of("id", id, "success", true, "errors", List.of());
    }

    private Map<String, Object> create(String object, Map<String, Object> body) {
        if ("Task".equals(object) && failNextTaskCreates.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return failure(null, "STORAGE_LIMIT_EXCEEDED", "Unable to create Task: storage limit exceeded", List.of());
        }
        Object who = body.get("WhoId");
        if (who != null && (deleted.contains(who) || (records.containsKey(who)
                && Boolean.TRUE.equals(records.get(who).get("IsConverted"))))) {
            return failure(null, "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", List.of("WhoId"));
        }
        String newId = ("Task".equals(object) ? "00T" : "001") + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        writes.add(new Write("POST", object, newId, body));
        return Map.of("id", newId, "success", true, "errors", List.of());
    }

    private static Map<String, Object> failure(String id, String code, String message, List<String> fields) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("id", id);
        result.put("success", false);
        result.put("errors", List.of(Map.of("statusCode", code, "message", message, "fields", fields)));
        return result;
    }

    private static Map<String, String> form(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null) {
            return out;
        }
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
        if (ex.getRequestURI().getPath().startsWith("/services/data/")) {
            ex.getResponseHeaders().set("Sforce-Limit-Info", "api-usage=" + apiUsed + "/" + apiMax);
        }
        ex.sendResponseHeaders(status, status == 204 || bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0 && status != 204) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
        ex.close();
    }

    @Override
    public void close() {
        login.stop(0);
        instance.stop(0);
        executor.shutdownNow();
    }
}
