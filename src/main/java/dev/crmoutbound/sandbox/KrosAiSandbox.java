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
 * endpoints used for reconciliation. It counts what it saw so tests can check the client's behaviour.
 */
public final class KrosAiSandbox implements AutoCloseable {

    private static final Pattern E164 = Pattern.compile("^\\+[1-9]\\d{6,14}$");

    private final SandboxOptions options;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, SandboxCall> calls = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> callsPerNumber = new ConcurrentHashMap<>();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger maxActive = new AtomicInteger();
    private final AtomicInteger rateLimited = new AtomicInteger();
    private final AtomicInteger posts = new AtomicInteger();
    private final AtomicInteger errorCounter = new AtomicInteger();
    private final AtomicInteger forced429 = new AtomicInteger();
    private final AtomicInteger loseAnswers = new AtomicInteger();
    private final Map<String, Long> endedNanos = new ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentSkipListSet<Long> placedNanos = new java.util.concurrent.ConcurrentSkipListSet<>();
    private final List<HttpExchange> lostAnswers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<String> lostAnswerRequestIds = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicInteger externalCalls = new AtomicInteger();
    private final AtomicLong balance;
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong firstCallNanos = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastEndNanos = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong busyNanos = new AtomicLong();
    private final Random random;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, daemon("sandbox-calls"));
    private final ExecutorService httpThreads = Executors.newFixedThreadPool(8, daemon("sandbox-http"));
    private final WebhookDispatcher webhooks;
    private final HttpServer server;

    private KrosAiSandbox(SandboxOptions options, int port) throws IOException {
        this.options = options;
        this.random = new Random(options.seed);
        this.balance = new AtomicLong(options.balanceCents);
        this.webhooks = new WebhookDispatcher(new WebhookSignature(options.webhookSecret), scheduler, options.timeScale);
        this.server = LoopbackHttpServer.create(port, 100);
        server.setExecutor(httpThreads);
        server.createContext("/v1/", this::handle);
        server.start();
    }

    public static KrosAiSandbox start(SandboxOptions options, int port) {
        try {
            return new KrosAiSandbox(options, port);
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

    // ---- what the sandbox saw ----

    public int maxActiveCalls() {
        return maxActive.get();
    }

    public int activeCalls() {
        return active.get();
    }

    public int rateLimitedAnswers() {
        return rateLimited.get();
    }

    public int callRequests() {
        return posts.get();
    }

    public int callsPlaced() {
        return calls.size();
    }

    /**
     * Forgets the timings, the most active calls and the 429s seen so far, so that a benchmark measures
     * from here (after warming up on other calls); the calls themselves are kept.
     */
    public void restartMeasurements() {
        firstCallNanos.set(Long.MAX_VALUE);
        lastEndNanos.set(Long.MIN_VALUE);
        busyNanos.set(0);
        placedNanos.clear();
        endedNanos.clear();
        maxActive.set(active.get());
        rateLimited.set(0);
    }

    /** How many calls were placed to each number: more than one means someone was dialed twice. */
    public Map<String, Integer> callsPerNumber() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        callsPerNumber.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** The metadata the calls to this number were created with (as webhooks echo it back). */
    public java.util.List<com.fasterxml.jackson.databind.JsonNode> metadataOfCallsTo(String toNumber) {
        return calls.values().stream().filter(c -> c.toNumber.equals(toNumber)).map(c -> c.metadata).toList();
    }

    /**
     * Delivers every ended call's terminal webhook again, as KrosAI's at-least-once delivery may: once
     * as it was (same event id) and once as a late copy under a new event id. Returns how many calls.
     */
    public int redeliverTerminalWebhooks() {
        int n = 0;
        for (SandboxCall call : calls.values()) {
            ObjectNode envelope = call.terminalEnvelope;
            if (envelope != null) {
                webhooks.deliver(call.webhookUrl, envelope.toString().getBytes(StandardCharsets.UTF_8));
                ObjectNode copy = envelope.deepCopy();
                copy.put("id", envelope.get("id").asText() + "_late");
                webhooks.deliver(call.webhookUrl, copy.toString().getBytes(StandardCharsets.UTF_8));
                n++;
            }
        }
        return n;
    }

    /** Wall-clock time from the first call placed to the last call ended, as the platform saw it. */
    public java.time.Duration makespan() {
        long first = firstCallNanos.get();
        long last = lastEndNanos.get();
        return first == Long.MAX_VALUE || last == Long.MIN_VALUE ? java.time.Duration.ZERO
                : java.time.Duration.ofNanos(last - first);
    }

    /** The sum over all calls of the time each one held a line. */
    public java.time.Duration callTime() {
        return java.time.Duration.ofNanos(busyNanos.get());
    }

    public int webhooksDelivered() {
        return webhooks.delivered.get();
    }

    public int webhookFailedAttempts() {
        return webhooks.failedAttempts.get();
    }

    /** When the call ended ({@link System#nanoTime()}), or null while it runs. */
    public Long endedAtNanos(String callId) {
        return endedNanos.get(callId);
    }

    /** When the first call placed at or after {@code nanos} was placed, or null if none was. */
    public Long firstPlacedAfter(long nanos) {
        return placedNanos.ceiling(nanos);
    }

    /**
     * Slot turnover: each call placed while an ended call's slot was waiting for it, the time since the
     * oldest such end (a slot is freed when a call ends and taken by the next call placed). The first calls
     * on free slots count none.
     */
    public List<java.time.Duration> slotTurnovers() {
        List<Long> ends = endedNanos.values().stream().sorted().toList();
        java.util.ArrayDeque<Long> freed = new java.util.ArrayDeque<>();
        List<java.time.Duration> out = new ArrayList<>();
        int e = 0;
        for (long placed : placedNanos) {
            while (e < ends.size() && ends.get(e) <= placed) {
                freed.add(ends.get(e++));
            }
            if (!freed.isEmpty()) {
                out.add(java.time.Duration.ofNanos(placed - freed.poll()));
            }
        }
        return out;
    }

    // ---- faults a test can inject ----

    /** The next {@code n} call requests are answered 429, as if another integration used the slots. */
    public void answerRateLimited(int n) {
        forced429.set(n);
    }

    /**
     * The next {@code n} call requests place their call, but their answer is never sent (as when the
     * caller dies with the request in flight, or the network loses the answer).
     */
    public void loseAnswers(int n) {
        loseAnswers.set(n);
    }

    /** The request ids (from metadata) of the call requests whose answer was lost, in order. */
    public List<String> lostAnswerRequestIds() {
        return List.copyOf(lostAnswerRequestIds);
    }

    /** Calls placed on this account by someone else: they count against the plan limit. */
    public void setExternalCalls(int n) {
        externalCalls.set(n);
    }

    public void setBalanceCents(long cents) {
        balance.set(cents);
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
        posts.incrementAndGet();
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
            rateLimited.incrementAndGet();
            http.getResponseHeaders().add("Retry-After", String.valueOf(options.retryAfterSeconds));
            reply(http, 429, errorBody("RATE_LIMIT_EXCEEDED", "Too many concurrent calls"));
        } else {
            place(http, body, from, to, endpoint == null ? options.endpoints.iterator().next() : endpoint,
                    maxDuration == null ? 3600 : maxDuration.asInt());
        }
    }

    private boolean takeSlot() {
        if (forced429.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return false;
        }
        synchronized (active) {
            if (active.get() + externalCalls.get() >= options.concurrentLimit) {
                return false;
            }
            int now = active.incrementAndGet();
            maxActive.accumulateAndGet(now, Math::max);
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
        firstCallNanos.accumulateAndGet(call.startedNanos, Math::min);
        calls.put(callId, call);
        placedNanos.add(call.startedNanos);
        callsPerNumber.computeIfAbsent(to, k -> new AtomicInteger()).incrementAndGet();
        if (loseAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            // placed, but the answer never reaches the caller: the connection is left hanging
            lostAnswers.add(http);
            lostAnswerRequestIds.add(body.path("metadata").path("request_id").asText(""));
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
        endedNanos.put(call.id, now);
        busyNanos.addAndGet(now - call.startedNanos);
        lastEndNanos.accumulateAndGet(now, Math::max);
        active.decrementAndGet();
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

    /** The calls {@link #setExternalCalls} says someone else has in progress on the account. */
    private List<ObjectNode> outsideCalls() {
        List<ObjectNode> outside = new java.util.ArrayList<>();
        for (int i = 0; i < externalCalls.get(); i++) {
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
    }
}
