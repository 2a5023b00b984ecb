package dev.crmoutbound.bench;

import dev.crmoutbound.config.Campaign;
import dev.crmoutbound.ledger.Jdbc;
import dev.crmoutbound.sandbox.KrosAiSandbox;
import dev.crmoutbound.sandbox.SandboxOptions;
import dev.crmoutbound.support.RunningApp;
import dev.crmoutbound.support.TestDatabase;
import dev.crmoutbound.webhooks.WebhookSignature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Signed KrosAI webhooks at a fixed rate into the running application over loopback, with the latency of
 * each from its request to its 2xx. The calls they are about are in the ledger as calls in progress; each
 * gets its lifecycle (initiated, ringing, answered, completed, transcript), one in ten with its completion
 * before its answer, and one delivery in ten is sent twice (a duplicate, as KrosAI retries). Afterwards
 * the ledger must hold every distinct event and every call must have ended.
 *
 * <p>Bounded: at most {@code seconds} of sending, at most 512 requests in flight, loopback only.
 * Arguments: ledger (h2 or postgres), events per second (2000), seconds (30).
 */
public final class WebhookLoadBenchmark {

    private static final String[] LIFECYCLE = {"call.initiated", "call.ringing", "call.answered", "call.completed",
            "transcription.completed"};
    private static final String[] STATUS = {"initiated", "ringing", "in_progress", "completed", null};
    private static final int IN_FLIGHT = 512;
    /** Calls whose events are interleaved: each call's next event comes this many sends after its last. */
    private static final int INTERLEAVE = 500;

    public static void main(String[] args) throws Exception {
        String ledger = args.length > 0 ? args[0] : "h2";
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int calls = rate * seconds * 10 / 11 / LIFECYCLE.length; // a tenth more sends are duplicates

        Path data = Files.createTempDirectory("webhook-bench");
        try (KrosAiSandbox sandbox = KrosAiSandbox.start(SandboxOptions.defaults(), 0)) {
            Map<String, String> settings = RunningApp.settings(data, sandbox, 1);
            if ("postgres".equals(ledger)) {
                settings.put("ledger.jdbc-url", TestDatabase.freshPostgresSchema());
            }
            settings.put("ledger.pool-size", "16");
            try (RunningApp app = RunningApp.start(settings)) {
                List<String> requestIds = callsInProgress(app.jdbc(), calls);
                List<byte[]> sends = deliveries(requestIds);
                Result result = send(URI.create(app.webhookUrl()), new WebhookSignature(sandbox.options().webhookSecret),
                        sends, rate);
                int stored = app.jdbc().queryOne("SELECT COUNT(*) FROM webhook_event WHERE call_id LIKE 'bench\\_%'",
                        rs -> rs.getInt(1)).orElse(0);
                int ended = app.jdbc().queryOne("SELECT COUNT(*) FROM call_lead WHERE call_id LIKE 'bench\\_%' "
                        + "AND state NOT IN ('DIALING', 'ACTIVE', 'UNCERTAIN')", rs -> rs.getInt(1)).orElse(0);
                result.print(ledger, rate, calls, stored, calls * LIFECYCLE.length, ended);
            }
        }
    }

    /** Calls placed earlier and now in progress, as the ledger has them after their POSTs were answered. */
    private static List<String> callsInProgress(Jdbc jdbc, int calls) {
        List<String> requestIds = new ArrayList<>(calls);
        Timestamp now = Timestamp.from(Instant.now());
        for (int from = 0; from < calls; from += 1000) {
            int to = Math.min(calls, from + 1000);
            int first = from;
            jdbc.inTransaction(c -> {
                try (var ps = c.prepareStatement("INSERT INTO call_lead (request_id, campaign_id, source, record_key, "
                        + "phone_e164, state, call_id, call_status, status_rank, attempts, next_attempt_at, "
                        + "dial_started_at, created_at, updated_at, account_id, dialed_by) "
                        + "VALUES (?, 'default', 'bench', ?, ?, 'ACTIVE', ?, 'initiated', 1, 1, ?, ?, ?, ?, ?, 'bench')")) {
                    for (int i = first; i < to; i++) {
                        String requestId = UUID.randomUUID().toString();
                        requestIds.add(requestId);
                        Jdbc.bind(ps, requestId, "B" + i, String.format("+1415%07d", i), "bench_" + i, now, now, now, now,
                                Campaign.DEFAULT_ACCOUNT);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                return null;
            });
        }
        return requestIds;
    }

    /** Every delivery in the order sent: calls interleaved, some out of order, some twice. */
    private static List<byte[]> deliveries(List<String> requestIds) {
        List<byte[]> sends = new ArrayList<>();
        int n = 0;
        for (int group = 0; group < requestIds.size(); group += INTERLEAVE) {
            int end = Math.min(requestIds.size(), group + INTERLEAVE);
            for (int step = 0; step < LIFECYCLE.length; step++) {
                for (int call = group; call < end; call++) {
                    // one call in ten hears of its completion before its answer
                    int event = call % 10 == 0 && step == 2 ? 3 : call % 10 == 0 && step == 3 ? 2 : step;
                    byte[] body = event(call, requestIds.get(call), event);
                    sends.add(body);
                    if (++n % 10 == 0) {
                        sends.add(body);
                    }
                }
            }
        }
        return sends;
    }

    private static byte[] event(int call, String requestId, int step) {
        String status = STATUS[step] == null ? "" : "\"status\":\"" + STATUS[step] + "\",";
        String ended = step == 3 ? "\"duration\":42,\"cost_cents\":7,\"hangup_cause\":\"normal_clearing\"," : "";
        String transcript = step == 4 ? "\"transcript\":\"Agent: Hello, this is a benchmark call.\"," : "";
        return ("{\"id\":\"evt_bench_" + call + "_" + step + "\",\"event\":\"" + LIFECYCLE[step] + "\",\"timestamp\":\""
                + Instant.now() + "\",\"data\":{\"call_id\":\"bench_" + call + "\"," + status + ended + transcript
                + "\"metadata\":{\"request_id\":\"" + requestId + "\",\"attempt\":1}}}").getBytes(StandardCharsets.UTF_8);
    }

    /** What the senders saw. */
    private record Result(int sent, double seconds, List<Long> micros, int not2xx, int failed, long lateMicros) {

        void print(String ledger, int rate, int calls, int stored, int distinct, int ended) {
            long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf("webhook load: %s ledger, %d calls, %d deliveries at %d/s offered%n", ledger, calls, sent, rate);
            System.out.printf("  sent in %.1f s: %.0f/s; answered 2xx %d, other %d, failed %d; sender behind by %.1f ms at most%n",
                    seconds, sent / seconds, sorted.length, not2xx, failed, lateMicros / 1000.0);
            if (sorted.length > 0) {
                System.out.printf("  request to 2xx: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms%n",
                        at(sorted, 0.50), at(sorted, 0.90), at(sorted, 0.99), at(sorted, 0.999), sorted[sorted.length - 1] / 1000.0);
            }
            System.out.printf("  in the ledger: %d of %d distinct events, %d of %d calls ended%n", stored, distinct, ended, calls);
        }

        private static double at(long[] sorted, double q) {
            return sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * q) - 1)] / 1000.0;
        }
    }

    /** Open loop: the i-th delivery starts at i / rate seconds, whatever the answers before it. */
    private static Result send(URI endpoint, WebhookSignature signer, List<byte[]> sends, int rate) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        ConcurrentLinkedQueue<Long> micros = new ConcurrentLinkedQueue<>();
        AtomicInteger not2xx = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long late = 0;
        long start = System.nanoTime();
        for (int i = 0; i < sends.size(); i++) {
            long due = start + i * 1_000_000_000L / rate;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else {
                late = Math.max(late, -wait / 1000);
            }
            byte[] body = sends.get(i);
            HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").header("X-Webhook-Signature", signer.sign(body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            inFlight.acquire();
            long sent = System.nanoTime();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                inFlight.release();
                if (error != null) {
                    failed.incrementAndGet();
                } else if (response.statusCode() / 100 == 2) {
                    micros.add((System.nanoTime() - sent) / 1000);
                } else {
                    not2xx.incrementAndGet();
                }
            });
        }
        inFlight.acquire(IN_FLIGHT); // every answer is in
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(sends.size(), seconds, new ArrayList<>(micros), not2xx.get(), failed.get(), late);
    }
}
