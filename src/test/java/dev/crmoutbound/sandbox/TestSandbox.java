package dev.crmoutbound.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The KrosAI sandbox as tests use it: the service's own sandbox, observed (what it saw: requests, calls
 * per number, the most calls at once, 429s, timings) and with faults to inject (429s, lost answers,
 * calls someone else placed, a balance).
 */
public final class TestSandbox implements AutoCloseable {

    private final KrosAiSandbox sandbox;
    private final Recorder seen = new Recorder();
    private final Faults faults = new Faults();

    private TestSandbox(SandboxOptions options, int port) {
        this.sandbox = KrosAiSandbox.start(options, port, seen, faults);
    }

    public static TestSandbox start(SandboxOptions options, int port) {
        return new TestSandbox(options, port);
    }

    public String baseUrl() {
        return sandbox.baseUrl();
    }

    public SandboxOptions options() {
        return sandbox.options();
    }

    // ---- what the sandbox saw ----

    public int maxActiveCalls() {
        return seen.maxActive.get();
    }

    public int activeCalls() {
        return sandbox.active.get();
    }

    public int rateLimitedAnswers() {
        return seen.rateLimited.get();
    }

    public int callRequests() {
        return seen.requests.get();
    }

    public int callsPlaced() {
        return sandbox.calls.size();
    }

    /**
     * Forgets the timings, the most active calls and the 429s seen so far, so that a benchmark measures
     * from here (after warming up on other calls); the calls themselves are kept.
     */
    public void restartMeasurements() {
        seen.firstCallNanos.set(Long.MAX_VALUE);
        seen.lastEndNanos.set(Long.MIN_VALUE);
        seen.busyNanos.set(0);
        seen.placedNanos.clear();
        seen.endedNanos.clear();
        seen.maxActive.set(sandbox.active.get());
        seen.rateLimited.set(0);
    }

    /** How many calls were placed to each number: more than one means someone was dialed twice. */
    public Map<String, Integer> callsPerNumber() {
        Map<String, Integer> out = new TreeMap<>();
        seen.callsPerNumber.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** The metadata the calls to this number were created with (as webhooks echo it back). */
    public List<JsonNode> metadataOfCallsTo(String toNumber) {
        return sandbox.calls.values().stream().filter(c -> c.toNumber.equals(toNumber)).map(c -> c.metadata).toList();
    }

    /**
     * Delivers every ended call's terminal webhook again, as KrosAI's at-least-once delivery may: once
     * as it was (same event id) and once as a late copy under a new event id. Returns how many calls.
     */
    public int redeliverTerminalWebhooks() {
        int n = 0;
        for (SandboxCall call : sandbox.calls.values()) {
            ObjectNode envelope = call.terminalEnvelope;
            if (envelope != null) {
                sandbox.webhooks.deliver(call.webhookUrl, envelope.toString().getBytes(StandardCharsets.UTF_8));
                ObjectNode copy = envelope.deepCopy();
                copy.put("id", envelope.get("id").asText() + "_late");
                sandbox.webhooks.deliver(call.webhookUrl, copy.toString().getBytes(StandardCharsets.UTF_8));
                n++;
            }
        }
        return n;
    }

    /** Wall-clock time from the first call placed to the last call ended, as the platform saw it. */
    public Duration makespan() {
        long first = seen.firstCallNanos.get();
        long last = seen.lastEndNanos.get();
        return first == Long.MAX_VALUE || last == Long.MIN_VALUE ? Duration.ZERO : Duration.ofNanos(last - first);
    }

    /** The sum over all calls of the time each one held a line. */
    public Duration callTime() {
        return Duration.ofNanos(seen.busyNanos.get());
    }

    public int webhooksDelivered() {
        return sandbox.webhooks.delivered.get();
    }

    public int webhookFailedAttempts() {
        return sandbox.webhooks.failedAttempts.get();
    }

    /** When the call ended ({@link System#nanoTime()}), or null while it runs. */
    public Long endedAtNanos(String callId) {
        return seen.endedNanos.get(callId);
    }

    /** When the first call placed at or after {@code nanos} was placed, or null if none was. */
    public Long firstPlacedAfter(long nanos) {
        return seen.placedNanos.ceiling(nanos);
    }

    /** From the first call placed to the {@code n}-th: how long the run took to fill its slots; null with fewer calls. */
    public Duration firstCallsSpread(int n) {
        List<Long> first = seen.placedNanos.stream().limit(n).toList();
        return n < 1 || first.size() < n ? null : Duration.ofNanos(first.get(n - 1) - first.get(0));
    }

    /**
     * Slot turnover: each call placed while an ended call's slot was waiting for it, the time since the
     * oldest such end (a slot is freed when a call ends and taken by the next call placed). The first calls
     * on free slots count none.
     */
    public List<Duration> slotTurnovers() {
        List<Long> ends = seen.endedNanos.values().stream().sorted().toList();
        ArrayDeque<Long> freed = new ArrayDeque<>();
        List<Duration> out = new ArrayList<>();
        int e = 0;
        for (long placed : seen.placedNanos) {
            while (e < ends.size() && ends.get(e) <= placed) {
                freed.add(ends.get(e++));
            }
            if (!freed.isEmpty()) {
                out.add(Duration.ofNanos(placed - freed.poll()));
            }
        }
        return out;
    }

    // ---- faults a test can inject ----

    /** The next {@code n} call requests are answered 429, as if another integration used the slots. */
    public void answerRateLimited(int n) {
        faults.forced429.set(n);
    }

    /**
     * The next {@code n} call requests place their call, but their answer is never sent (as when the
     * caller dies with the request in flight, or the network loses the answer).
     */
    public void loseAnswers(int n) {
        faults.loseAnswers.set(n);
    }

    /** The request ids (from metadata) of the call requests whose answer was lost, in order. */
    public List<String> lostAnswerRequestIds() {
        return List.copyOf(faults.lostAnswerRequestIds);
    }

    /** Calls placed on this account by someone else: they count against the plan limit. */
    public void setExternalCalls(int n) {
        faults.externalCalls.set(n);
    }

    public void setBalanceCents(long cents) {
        sandbox.balance.set(cents);
    }

    @Override
    public void close() {
        sandbox.close();
    }

    private static final class Recorder implements SandboxEvents {
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger rateLimited = new AtomicInteger();
        final AtomicInteger maxActive = new AtomicInteger();
        final Map<String, AtomicInteger> callsPerNumber = new ConcurrentHashMap<>();
        final Map<String, Long> endedNanos = new ConcurrentHashMap<>();
        final ConcurrentSkipListSet<Long> placedNanos = new ConcurrentSkipListSet<>();
        final AtomicLong firstCallNanos = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong lastEndNanos = new AtomicLong(Long.MIN_VALUE);
        final AtomicLong busyNanos = new AtomicLong();

        @Override
        public void requested() {
            requests.incrementAndGet();
        }

        @Override
        public void refusedForLimit() {
            rateLimited.incrementAndGet();
        }

        @Override
        public void slotTaken(int active) {
            maxActive.accumulateAndGet(active, Math::max);
        }

        @Override
        public void placed(SandboxCall call) {
            firstCallNanos.accumulateAndGet(call.startedNanos, Math::min);
            placedNanos.add(call.startedNanos);
            callsPerNumber.computeIfAbsent(call.toNumber, k -> new AtomicInteger()).incrementAndGet();
        }

        @Override
        public void ended(SandboxCall call, long nanos) {
            endedNanos.put(call.id, nanos);
            busyNanos.addAndGet(nanos - call.startedNanos);
            lastEndNanos.accumulateAndGet(nanos, Math::max);
        }
    }

    private static final class Faults implements SandboxFaults {
        final AtomicInteger forced429 = new AtomicInteger();
        final AtomicInteger loseAnswers = new AtomicInteger();
        final List<String> lostAnswerRequestIds = new CopyOnWriteArrayList<>();
        final AtomicInteger externalCalls = new AtomicInteger();

        @Override
        public boolean refuseWithLimit() {
            return forced429.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        }

        @Override
        public boolean loseAnswer(String requestId) {
            if (loseAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                lostAnswerRequestIds.add(requestId);
                return true;
            }
            return false;
        }

        @Override
        public int externalCalls() {
            return externalCalls.get();
        }
    }
}
