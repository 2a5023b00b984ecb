package dev.crmoutbound.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local Salesforce for the real camel-salesforce component: the OAuth token endpoint (password,
 * refresh token, JWT bearer and client credentials grants), SOQL query with pages joined by
 * nextRecordsUrl, sObject PATCH and POST, and Salesforce's error shapes (401 INVALID_SESSION_ID, 400
 * with an error array). It keeps records in memory and remembers every write it was sent.
 */
public final class FakeSalesforce implements AutoCloseable {

    public static final String CLIENT_ID = "test-client";
    public static final String CLIENT_SECRET = "test-secret";
    public static final String USER = "ops@example.com";
    public static final String PASSWORD = "pw-and-token";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, Map<String, Object>> records = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, List<Map<String, Object>>> pages = new ConcurrentHashMap<>();
    private final List<Write> writes = new CopyOnWriteArrayList<>();
    private final List<String> grants = new CopyOnWriteArrayList<>();
    private final AtomicInteger failNextTaskCreates = new AtomicInteger();
    private final AtomicInteger failNextPages = new AtomicInteger();
    private volatile String validToken = "";
    private volatile int pageSize = 2;

    /** A PATCH or POST the fake was sent, with its JSON body. */
    public record Write(String method, String object, String id, Map<String, Object> body) {
    }

    private FakeSalesforce() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/services/oauth2/token", this::token);
        server.createContext("/services/oauth2/revoke", ex -> respond(ex, 200, ""));
        server.createContext("/services/data/", this::data);
        server.start();
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
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void addLead(String id, Map<String, Object> fields) {
        Map<String, Object> r = new LinkedHashMap<>(fields);
        r.put("Id", id);
        records.put(id, r);
    }

    /** A user changing a field in Salesforce. */
    public void setField(String id, String field, Object value) {
        synchronized (records) {
            records.get(id).put(field, value);
        }
    }

    public Map<String, Object> record(String id) {
        return records.get(id);
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

    public void pageSize(int size) {
        pageSize = size;
    }

    /** Requests are answered 401 INVALID_SESSION_ID until the client logs in again, as when a session times out. */
    public void expireSession() {
        validToken = "expired";
    }

    /** The next {@code n} Task creations are answered 400 with Salesforce's error array. */
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
            case "urn:ietf:params:oauth:grant-type:jwt-bearer" -> form.containsKey("assertion");
            default -> false;
        };
        if (!ok) {
            respond(ex, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"authentication failure\"}");
            return;
        }
        validToken = "00Dfake!" + UUID.randomUUID();
        respond(ex, 200, JSON.writeValueAsString(Map.of("access_token", validToken, "instance_url", loginUrl(),
                "id", loginUrl() + "/id/00D000000000001AAA/005000000000001AAA", "token_type", "Bearer",
                "issued_at", String.valueOf(System.currentTimeMillis()), "signature", "sig")));
    }

    private void data(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.equals("Bearer " + validToken)) {
            respond(ex, 401, "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]");
            return;
        }
        String path = ex.getRequestURI().getPath();
        String[] parts = path.split("/"); // "", services, data, v56.0, ...
        String what = parts.length > 4 ? parts[4] : "";
        switch (what) {
            case "query" -> query(ex, parts);
            case "sobjects" -> sobject(ex, parts);
            default -> respond(ex, 404, "[{\"message\":\"not found\",\"errorCode\":\"NOT_FOUND\"}]");
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
        } else if (form(ex.getRequestURI().getRawQuery()).getOrDefault("q", "").contains("FROM Task")) {
            rest = tasksMatching(form(ex.getRequestURI().getRawQuery()).get("q"));
        } else {
            rest = leadsMatching(form(ex.getRequestURI().getRawQuery()).getOrDefault("q", ""));
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
     * Answers the Lead queries sent: a status filter, and optionally {@code Id IN (...)}; each record
     * holds only the fields selected, as Salesforce's would.
     */
    private List<Map<String, Object>> leadsMatching(String soql) {
        java.util.regex.Matcher select = java.util.regex.Pattern.compile("SELECT (.*?) FROM").matcher(soql);
        List<String> selected = select.find() ? java.util.Arrays.stream(select.group(1).split(",")).map(String::strip).toList()
                : List.of();
        java.util.regex.Matcher status = java.util.regex.Pattern.compile("AI_Call_Status__c = '([^']*)'").matcher(soql);
        String wanted = status.find() ? status.group(1) : null;
        java.util.regex.Matcher in = java.util.regex.Pattern.compile("Id IN \\(([^)]*)\\)").matcher(soql);
        List<String> ids = in.find() ? java.util.Arrays.stream(in.group(1).split(","))
                .map(id -> id.strip().replace("'", "")).toList() : null;
        List<Map<String, Object>> out = new ArrayList<>();
        synchronized (records) {
            for (Map<String, Object> r : records.values()) {
                if ((wanted == null || wanted.equals(r.get("AI_Call_Status__c"))) && (ids == null || ids.contains(r.get("Id")))) {
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
                out.put(field, record.get(field));
            } else if (record.get(field.substring(0, dot)) instanceof Map<?, ?> related) {
                ((Map<String, Object>) out.computeIfAbsent(field.substring(0, dot), k -> new LinkedHashMap<>()))
                        .put(field.substring(dot + 1), related.get(field.substring(dot + 1)));
            }
        }
        return out;
    }

    /** Answers {@code SELECT Id FROM Task WHERE CallObject = 'x' AND WhoId = 'y'}, the one Task query sent. */
    private List<Map<String, Object>> tasksMatching(String soql) {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("CallObject = '([^']*)' AND WhoId = '([^']*)'").matcher(soql);
        if (!m.find()) {
            throw new IllegalArgumentException("the fake does not answer " + soql);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Write t : tasks()) {
            if (m.group(1).equals(t.body().get("CallObject")) && m.group(2).equals(t.body().get("WhoId"))) {
                out.add(Map.of("attributes", Map.of("type", "Task"), "Id", t.id()));
            }
        }
        return out;
    }

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
        if ("PATCH".equals(method) && id != null) {
            Map<String, Object> r = records.get(id);
            if (r == null) {
                respond(ex, 404, "[{\"message\":\"The requested resource does not exist\",\"errorCode\":\"NOT_FOUND\"}]");
                return;
            }
            writes.add(new Write("PATCH", object, id, body));
            r.putAll(body);
            respond(ex, 204, "");
        } else if ("POST".equals(method) && id == null) {
            if ("Task".equals(object) && failNextTaskCreates.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                respond(ex, 400, "[{\"message\":\"Unable to create Task: storage limit exceeded\","
                        + "\"errorCode\":\"STORAGE_LIMIT_EXCEEDED\",\"fields\":[]}]");
                return;
            }
            String newId = ("Task".equals(object) ? "00T" : "001") + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            writes.add(new Write("POST", object, newId, body));
            respond(ex, 201, JSON.writeValueAsString(Map.of("id", newId, "success", true, "errors", List.of())));
        } else {
            respond(ex, 405, "[{\"message\":\"method not allowed\",\"errorCode\":\"METHOD_NOT_ALLOWED\"}]");
        }
    }

    private static Map<String, String> form(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
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
        server.stop(0);
    }
}
