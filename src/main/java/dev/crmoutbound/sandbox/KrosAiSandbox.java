package dev.crmoutbound.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.crmoutbound.webhooks.WebhookSignature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * An in-process KrosAI that speaks {@code krosai-api.md} over real HTTP: API-key auth, request
 * validation, every documented error code in both body shapes, the plan's concurrent-call limit with
 * 429, the call lifecycle with signed webhooks and the documented retry schedule, and the call-log
 * endpoints used for reconciliation. A test observes it and injects faults through the package's
 * {@link SandboxEvents} and {@link SandboxFaults}; the service's own sandbox has neither.
 */
public final class KrosAiSandbox implements AutoCloseable {

    private static final Pattern E164 = Pattern.compile("^\\+[1-9]\\d{6,14}$");

    private final SandboxOptions options;
    private final ObjectMapper json = new ObjectMapper();
    /** Every call placed, by id (package-visible: a test's observer reads them). */
    final Map<String, SandboxCall> calls = new ConcurrentHashMap<>();
    final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger errorCounter = new AtomicInteger();
    private final List<HttpExchange> lostAnswers = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The account's balance in cents, -1 for unlimited; a test may set it. */
    final AtomicLong balance;
    private final AtomicLong ids = new AtomicLong();
    private final Random random;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, daemon("sandbox-calls"));
    private final ExecutorService httpThreads = Executors.newFixedThreadPool(8, daemon("sandbox-http"));
    private final ExecutorService webhookThreads = Executors.newCachedThreadPool(daemon("sandbox-webhooks"));
    final WebhookDispatcher webhooks;
    private final HttpServer server;
    private final SandboxEvents events;
    private final SandboxFaults faults;

    private KrosAiSandbox(SandboxOptions options, int port, SandboxEvents events, SandboxFaults faults) throws IOException {
        this.options = options;
        this.events = events;
        this.faults = faults;
        this.random = new Random(options.seed);
        this.balance = new AtomicLong(options.balanceCents);
        this.webhooks = new WebhookDispatcher(new WebhookSignature(options.webhookSecret), scheduler, webhookThreads,
                options.timeScale);
        this.server = LoopbackHttpServer.create(port, 100);
        server.setExecutor(httpThreads);
        server.createContext("/v1/", this::handle);
        server.start();
    }

    public static KrosAiSandbox start(SandboxOptions options, int port) {
        return start(options, port, SandboxEvents.NONE, SandboxFaults.NONE);
    }

    /** With an observer of what happens and the faults to play (a test's). */
    static KrosAiSandbox start(SandboxOptions options, int port, SandboxEvents events, SandboxFaults faults) {
        try {
            return new KrosAiSandbox(options, port, events, faults);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the KrosAI sandbox on port " + port + ": " + e.getMessage(), e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public SandboxOptions options() {
        return options;
    }

    // ---- HTTP ----

    private void handle(HttpExchange http) throws IOException {
        try (http) {
            if (!authorised(http)) {
                reply(http, 401, errorBody(null, "Invalid or missing API key"));
                return;
            }
            String path = http.getRequestURI().getPath();
            String method = http.getRequestMethod();
            if (path.equals("/v1/outbound-calls") && method.equals("POST")) {
                createCall(http);
            } else if (path.equals("/v1/calls") && method.equals("GET")) {
                listCalls(http);
            } else if (path.matches("/v1/calls/[^/]+") && method.equals("GET")) {
                SandboxCall call = calls.get(path.substring("/v1/calls/".length()));
                reply(http, call == null ? 404 : 200, call == null ? errorBody("CALL_NOT_FOUND", "No such call") : callJson(call));
            } else if (path.matches("/v1/calls/[^/]+/events") && method.equals("GET")) {
                SandboxCall call = calls.get(path.split("/")[3]);
                reply(http, call == null ? 404 : 200, call == null ? errorBody("CALL_NOT_FOUND", "No such call")
                        : json.createObjectNode().set("events", json.valueToTree(snapshot(call))));
            } else if (path.matches("/v1/calls/[^/]+/hangup") && method.equals("POST")) {
                SandboxCall call = calls.get(path.split("/")[3]);
                if (call == null) {
                    reply(http, 404, errorBody("CALL_NOT_FOUND", "No such call"));
                } else {
                    call.hungUp = true;
                    reply(http, 200, callJson(call));
                }
            } else {
                reply(http, 404, errorBody("NOT_FOUND", "No route " + method + " " + path));
            }
        } catch (RuntimeException e) {
            reply(http, 500, errorBody("INTERNAL_ERROR", "sandbox error: " + e.getMessage()));
        }
    }

    private boolean authorised(HttpExchange http) {
        String key = http.getRequestHeaders().getFirst("x-api-key");
        String bearer = http.getRequestHeaders().getFirst("Authorization");
        if (key == null && bearer != null && bearer.regionMatches(true, 0, "Bearer ", 0, 7)) {
            key = bearer.substring(7).strip();
        }
        return options.apiKey.equals(key);
    }

    private void createCall(HttpExchange http) throws IOException {
        events.requested();
        JsonNode body;
        try (InputStream in = http.getRequestBody()) {
            body = json.readTree(in);
        } catch (IOException e) {
            reply(http, 400, errorBody("INVALID_REQUEST", "Body is not valid JSON"));
            return;
        }
        String from = text(body, "from_number");
        String to = text(body, "to_number");
        String endpoint = text(body, "endpoint_id");
        JsonNode maxDuration = body == null ? null : body.get("max_duration");
        if (from == null || to == null || !E164.matcher(from).matches() || !E164.matcher(to).matches()) {
            reply(http, 400, errorBody("INVALID_PHONE_NUMBER", "from_number and to_number must be E.164"));
        } else if (!options.ownedNumbers.contains(from)) {
            reply(http, 400, errorBody("NUMBER_NOT_OWNED", "from_number " + from + " is not in your inventory"));
        } else if (options.outboundDisabledNumbers.contains(from)) {
            reply(http, alternate() ? 403 : 400, errorBody("OUTBOUND_DISABLED", "Outbound calling is disabled for " + from));
        } else if (endpoint != null && !options.endpoints.contains(endpoint)) {
            reply(http, 404, errorBody("ENDPOINT_NOT_FOUND", "Endpoint " + endpoint + " not found"));
        } else if (maxDuration != null && (!maxDuration.canConvertToInt() || maxDuration.asInt() < 1)) {
            reply(http, 400, errorBody("INVALID_REQUEST", "max_duration must be a positive integer"));
        } else if (balance.get() == 0 || balance.get() < -1) {
            reply(http, alternate() ? 402 : 400, errorBody("INSUFFICIENT_BALANCE", "Not enough credits"));
        } else if (!takeSlot()) {
            events.refusedForLimit();
            http.getResponseHeaders().add("Retry-After", String.valueOf(options.retryAfterSeconds));
            reply(http, 429, errorBody("RATE_LIMIT_EXCEEDED", "Too many concurrent calls"));
        } else {
            place(http, body, from, to, endpoint == null ? options.endpoints.iterator().next() : endpoint,
                    maxDuration == null ? 3600 : maxDuration.asInt());
        }
    }

    private boolean takeSlot() {
        if (faults.refuseWithLimit()) {
            return false;
        }
        synchronized (active) {
            if (active.get() + faults.externalCalls() >= options.concurrentLimit) {
                return false;
            }
            events.slotTaken(active.incrementAndGet());
            return true;
        }
    }

    private void place(HttpExchange http, JsonNode body, String from, String to, String endpoint, int maxDuration)
            throws IOException {
        String callId = "call_" + Long.toString(ids.incrementAndGet(), 36) + "_" + Integer.toHexString(random.nextInt());
        Instant now = Instant.now();
        boolean failedStart;
        String family;
        synchronized (random) {
            failedStart = random.nextDouble() < options.failedStartRate;
            family = switch (options.eventFamily) {
                case "events", "lifecycle" -> options.eventFamily;
                default -> random.nextBoolean() ? "events" : "lifecycle";
            };
        }
        ObjectNode answer = json.createObjectNode();
        answer.put("call_id", callId);
        answer.put("status", failedStart ? "failed" : "initiated");
        answer.put("from_number", from);
        answer.put("to_number", to);
        answer.put("endpoint_id", endpoint);
        answer.put("created_at", now.toString());
        if (failedStart) {
            active.decrementAndGet();
            answer.put("provider", "sandbox");
            answer.put("message", "Carrier rejected the call");
            reply(http, 200, answer);
            return;
        }
        String webhookUrl = text(body, "webhook_url") != null ? text(body, "webhook_url") : options.accountWebhookUrl;
        SandboxCall call = new SandboxCall(callId, from, to, endpoint, body.path("metadata"), webhookUrl, now, family);
        call.startedNanos = System.nanoTime();
        calls.put(callId, call);
        events.placed(call);
        if (faults.loseAnswer(body.path("metadata").path("request_id").asText(""))) {
            // placed, but the answer never reaches the caller: the connection is left hanging
            lostAnswers.add(http);
            new CallScript(this, call, maxDuration).run(random);
            return;
        }
        reply(http, 200, answer);
        new CallScript(this, call, maxDuration).run(random);
    }

    // ---- used by CallScript ----

    void schedule(Runnable step, double simulatedSeconds) {
        long ms = Math.max(0, Math.round(simulatedSeconds * 1000 * options.timeScale));
        scheduler.schedule(step, ms, TimeUnit.MILLISECONDS);
    }

    /** Ends the call: the slot is free before the terminal webhook goes out. */
    void endCall(SandboxCall call) {
        long now = System.nanoTime();
        active.decrementAndGet();
        events.ended(call, now);
        if (call.costCents != null && balance.get() > 0) {
            balance.updateAndGet(b -> Math.max(0, b - call.costCents));
        }
    }

    void emit(SandboxCall call, String event, boolean withStatus, String errorCode) {
        ObjectNode data = callJson(call);
        data.remove("id");
        if (!event.startsWith("transcri")) {
            data.remove("transcript");
        }
        if (!withStatus) {
            data.remove("status");
        }
        if (errorCode != null) {
            data.put("error_code", errorCode);
        }
        ObjectNode envelope = json.createObjectNode();
        envelope.put("id", "evt_" + Long.toString(ids.incrementAndGet(), 36) + Integer.toHexString(call.hashCode()));
        envelope.put("event", event);
        envelope.put("timestamp", Instant.now().toString());
        envelope.set("data", data);
        synchronized (call.events) {
            call.events.add(Map.of("id", envelope.get("id").asText(), "event", event, "timestamp",
                    envelope.get("timestamp").asText()));
        }
        if (List.of("call.completed", "call.ended", "call.failed").contains(event)) {
            call.terminalEnvelope = envelope;
        }
        webhooks.deliver(call.webhookUrl, envelope.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A short scripted conversation, as turns on the "events" family and as one text on the other
     * (KrosAI's pages do not fix the shape). It names the lead's first_name when the call has one.
     */
    JsonNode transcriptOf(SandboxCall call) {
        String name = call.metadata.path("first_name").asText("there");
        List<String[]> turns = List.of(new String[] {"agent", "Hi " + name + ", this is an AI assistant calling on behalf of "
                        + call.metadata.path("campaign_id").asText("our team") + "."},
                new String[] {"customer", "Oh, hello. What is this about?"},
                new String[] {"agent", "Your renewal is due next month; may I walk you through the options?"},
                new String[] {"customer", "Sure, go ahead."});
        if (!"events".equals(call.family)) {
            StringBuilder text = new StringBuilder();
            turns.forEach(t -> text.append(t[0]).append(": ").append(t[1]).append('\n'));
            return json.getNodeFactory().textNode(text.toString());
        }
        var array = json.createArrayNode();
        turns.forEach(t -> array.addObject().put("speaker", t[0]).put("text", t[1]));
        return array;
    }

    boolean sendsTranscripts() {
        return options.transcripts;
    }

    int centsPerMinute() {
        return options.centsPerMinute;
    }

    Map<String, Double> outcomeMix() {
        return options.outcomeMix;
    }

    Double fixedCallSeconds() {
        return options.fixedCallSeconds;
    }

    private List<Map<String, Object>> snapshot(SandboxCall call) {
        synchronized (call.events) {
            return new ArrayList<>(call.events);
        }
    }

    private void listCalls(HttpExchange http) throws IOException {
        Map<String, String> q = query(http.getRequestURI());
        int limit = Math.min(100, Math.max(1, Integer.parseInt(q.getOrDefault("limit", "50"))));
        int offset = Math.max(0, Integer.parseInt(q.getOrDefault("offset", "0")));
        Instant from = q.containsKey("from_date") ? Instant.parse(q.get("from_date")) : Instant.EPOCH;
        Instant to = q.containsKey("to_date") ? Instant.parse(q.get("to_date")) : Instant.MAX;
        List<SandboxCall> matching = calls.values().stream()
                .filter(c -> q.get("status") == null || q.get("status").equals(c.status))
                .filter(c -> !c.createdAt.isBefore(from) && !c.createdAt.isAfter(to))
                .sorted(Comparator.comparing((SandboxCall c) -> c.createdAt).thenComparing(c -> c.id))
                .toList();
        List<ObjectNode> listed = new java.util.ArrayList<>();
        if (q.get("status") == null || q.get("status").equals("in_progress")) {
            listed.addAll(outsideCalls()); // placed on the account by someone else
        }
        matching.forEach(c -> listed.add(callJson(c)));
        ObjectNode page = json.createObjectNode();
        var data = page.putArray("calls");
        listed.stream().skip(offset).limit(limit).forEach(data::add);
        page.put("total", listed.size());
        page.put("limit", limit);
        page.put("offset", offset);
        reply(http, 200, page);
    }

    /** The calls someone else has in progress on the account. */
    private List<ObjectNode> outsideCalls() {
        List<ObjectNode> outside = new java.util.ArrayList<>();
        for (int i = 0; i < faults.externalCalls(); i++) {
            ObjectNode node = json.createObjectNode();
            node.put("id", "call_outside_" + i);
            node.put("call_id", "call_outside_" + i);
            node.put("status", "in_progress");
            node.put("direction", "outbound");
            node.putObject("metadata");
            outside.add(node);
        }
        return outside;
    }

    private ObjectNode callJson(SandboxCall call) {
        ObjectNode node = json.createObjectNode();
        node.put("id", call.id);
        node.put("call_id", call.id);
        node.put("status", call.status);
        node.put("direction", "outbound");
        node.put("from_number", call.fromNumber);
        node.put("to_number", call.toNumber);
        node.put("endpoint_id", call.endpointId);
        node.put("created_at", call.createdAt.toString());
        if (call.answeredAt != null) {
            node.put("answered_at", call.answeredAt.toString());
        }
        if (call.duration != null) {
            node.put("duration", call.duration);
        }
        if (call.costCents != null) {
            node.put("cost_cents", call.costCents);
        }
        if (call.hangupCause != null) {
            node.put("hangup_cause", call.hangupCause);
        }
        if (call.transcript != null) {
            node.set("transcript", call.transcript);
        }
        node.set("metadata", call.metadata);
        return node;
    }

    private boolean alternate() {
        return errorCounter.incrementAndGet() % 2 == 0;
    }

    private ObjectNode errorBody(String code, String message) {
        ObjectNode body = json.createObjectNode();
        boolean nested = switch (options.errorStyle) {
            case "nested" -> true;
            case "flat" -> false;
            default -> alternate();
        };
        if (nested && code != null) {
            ObjectNode error = body.putObject("error");
            error.put("code", code);
            error.put("message", message);
        } else {
            body.put("error", message);
            if (code != null) {
                body.put("code", code);
                body.putObject("details");
            }
        }
        return body;
    }

    private void reply(HttpExchange http, int status, JsonNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        http.getResponseHeaders().set("Content-Type", "application/json");
        http.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = http.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new java.util.HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                out.put(java.net.URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() || !v.isTextual() ? null : v.asText();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        server.stop(0);
        scheduler.shutdownNow();
        httpThreads.shutdownNow();
        webhookThreads.shutdownNow();
    }
}
