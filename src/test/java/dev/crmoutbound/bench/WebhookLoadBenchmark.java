package dev.crmoutbound.bench;

import dev.crmoutbound.config.Campaign;
import dev.crmoutbound.ledger.Jdbc;
import dev.crmoutbound.sandbox.TestSandbox;
import dev.crmoutbound.sandbox.SandboxOptions;
import dev.crmoutbound.support.RunningApp;
import dev.crmoutbound.support.Sockets;
import dev.crmoutbound.support.TestDatabase;
import dev.crmoutbound.webhooks.WebhookSignature;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Signed KrosAI webhooks at a fixed rate into the running application over loopback, with the latency of
 * each from its request to its 2xx. The calls they are about are in the ledger as calls in progress; each
 * gets its lifecycle (initiated, ringing, answered, completed, transcript), one in ten with its completion
 * before its answer, and one delivery in ten is sent twice (a duplicate, as KrosAI retries). Afterwards
 * the ledger must hold every distinct event and every call must have ended.
 *
 * <p>Measured after a warm-up of twice as many calls' events at the same rate. Bounded: {@code seconds} of
 * sending (longer only if the application falls behind), 64 connections, loopback only.
 * Arguments: ledger (h2 or postgres), events per second (2000), seconds (30).
 */
public final class WebhookLoadBenchmark {

    private static final String[] LIFECYCLE = {"call.initiated", "call.ringing", "call.answered", "call.completed",
            "transcription.completed"};
    private static final String[] STATUS = {"initiated", "ringing", "in_progress", "completed", null};
    /** Connections the sender keeps open; each carries one request at a time. */
    private static final int CONNECTIONS = 64;
    /** Calls whose events are interleaved: each call's next event comes this many sends after its last. */
    private static final int INTERLEAVE = 500;

    public static void main(String[] args) throws Exception {
        String ledger = args.length > 0 ? args[0] : "h2";
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int calls = rate * seconds * 10 / 11 / LIFECYCLE.length; // a tenth more sends are duplicates
        int warmUpCalls = calls * 2;

        Path data = ScratchDirs.create("webhook-bench");
        try (TestSandbox sandbox = TestSandbox.start(SandboxOptions.defaults(), 0)) {
            Map<String, String> settings = RunningApp.settings(data, sandbox, 1);
            if ("postgres".equals(ledger)) {
                settings.put("ledger.jdbc-url", TestDatabase.freshPostgresSchema());
            }
            settings.put("ledger.pool-size", "16");
            try (RunningApp app = RunningApp.start(settings)) {
                URI endpoint = URI.create(app.webhookUrl());
                WebhookSignature signer = new WebhookSignature(sandbox.options().webhookSecret);
                // as a service that has been up a while: its code compiled by the JIT, its pools filled
                send(endpoint, signer, deliveries("warm", callsInProgress(app.jdbc(), "warm", warmUpCalls)), rate);
                List<byte[]> measured = deliveries("bench", callsInProgress(app.jdbc(), "bench", calls));
                long cpuBefore = SlotUtilisationBenchmark.processCpuNanos();
                Result result = send(endpoint, signer, measured, rate);
                double cpuSeconds = (SlotUtilisationBenchmark.processCpuNanos() - cpuBefore) / 1e9;
                int stored = app.jdbc().queryOne("SELECT COUNT(*) FROM webhook_event WHERE call_id LIKE 'bench\\_%'",
                        rs -> rs.getInt(1)).orElse(0);
                int ended = app.jdbc().queryOne("SELECT COUNT(*) FROM call_lead WHERE call_id LIKE 'bench\\_%' "
                        + "AND state NOT IN ('DIALING', 'ACTIVE', 'UNCERTAIN')", rs -> rs.getInt(1)).orElse(0);
                result.print(ledger, rate, calls, stored, calls * LIFECYCLE.length, ended);
                System.out.printf("  CPU of this JVM while sending (the senders' own included): %.1f s, %.0f us a delivery%n",
                        cpuSeconds, cpuSeconds * 1e6 / result.sent());
            }
        }
    }

    /** Calls placed earlier and now in progress, as the ledger has them after their POSTs were answered. */
    private static List<String> callsInProgress(Jdbc jdbc, String prefix, int calls) {
        List<String> requestIds = new ArrayList<>(calls);
        Instant now = Instant.now();
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
                        Jdbc.bind(ps, requestId, prefix + i, String.format("+1%s%07d", prefix.equals("warm") ? "628" : "415", i),
                                prefix + "_" + i, now, now, now, now, Campaign.DEFAULT_ACCOUNT);
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
    private static List<byte[]> deliveries(String prefix, List<String> requestIds) {
        List<byte[]> sends = new ArrayList<>();
        int n = 0;
        for (int group = 0; group < requestIds.size(); group += INTERLEAVE) {
            int end = Math.min(requestIds.size(), group + INTERLEAVE);
            for (int step = 0; step < LIFECYCLE.length; step++) {
                for (int call = group; call < end; call++) {
                    // one call in ten hears of its completion before its answer
                    int event = call % 10 == 0 && step == 2 ? 3 : call % 10 == 0 && step == 3 ? 2 : step;
                    byte[] body = event(prefix + "_" + call, requestIds.get(call), event);
                    sends.add(body);
                    if (++n % 10 == 0) {
                        sends.add(body);
                    }
                }
            }
        }
        return sends;
    }

    private static byte[] event(String callId, String requestId, int step) {
        String status = STATUS[step] == null ? "" : "\"status\":\"" + STATUS[step] + "\",";
        String ended = step == 3 ? "\"duration\":42,\"cost_cents\":7,\"hangup_cause\":\"normal_clearing\"," : "";
        String transcript = step == 4 ? "\"transcript\":\"Agent: Hello, this is a benchmark call.\"," : "";
        return ("{\"id\":\"evt_" + callId + "_" + step + "\",\"event\":\"" + LIFECYCLE[step] + "\",\"timestamp\":\""
                + Instant.now() + "\",\"data\":{\"call_id\":\"" + callId + "\"," + status + ended + transcript
                + "\"metadata\":{\"request_id\":\"" + requestId + "\",\"attempt\":1}}}").getBytes(StandardCharsets.UTF_8);
    }

    /** What the senders saw. */
    private record Result(int sent, double seconds, List<Long> micros, int not2xx, int failed, long lateMicros) {

        void print(String ledger, int rate, int calls, int stored, int distinct, int ended) {
            double[] sorted = micros.stream().mapToDouble(us -> us / 1000.0).sorted().toArray();
            System.out.printf("webhook load: %s ledger, %d calls, %d deliveries at %d/s offered%n", ledger, calls, sent, rate);
            System.out.printf("  sent in %.1f s: %.0f/s; answered 2xx %d, other %d, failed %d; sender behind by %.1f ms at most%n",
                    seconds, sent / seconds, sorted.length, not2xx, failed, lateMicros / 1000.0);
            if (sorted.length > 0) {
                System.out.printf("  request to 2xx: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms%n",
                        Percentiles.of(sorted, 0.50), Percentiles.of(sorted, 0.90), Percentiles.of(sorted, 0.99),
                        Percentiles.of(sorted, 0.999), sorted[sorted.length - 1]);
            }
            System.out.printf("  in the ledger: %d of %d distinct events, %d of %d calls ended%n", stored, distinct, ended, calls);
        }
    }

    /**
     * Open loop over {@link #CONNECTIONS} kept-alive connections: the i-th delivery is due at i / rate seconds
     * and goes out on connection i mod CONNECTIONS as soon as that connection is free. Bodies are signed
     * before the clock starts, so the sender spends its time sending.
     */
    private static Result send(URI endpoint, WebhookSignature signer, List<byte[]> sends, int rate) throws Exception {
        List<byte[]> requests = new ArrayList<>(sends.size());
        for (byte[] body : sends) {
            requests.add(request(endpoint, signer, body));
        }
        ConcurrentLinkedQueue<Long> micros = new ConcurrentLinkedQueue<>();
        AtomicInteger not2xx = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        java.util.concurrent.atomic.AtomicLong late = new java.util.concurrent.atomic.AtomicLong();
        long start = System.nanoTime();
        List<Thread> connections = new ArrayList<>();
        for (int k = 0; k < CONNECTIONS; k++) {
            int first = k;
            Thread connection = new Thread(() -> {
                java.net.Socket socket = null;
                java.io.InputStream in = null; // buffered: read byte by byte, a response was a system call per byte
                for (int i = first; i < requests.size(); i += CONNECTIONS) {
                    long due = start + i * 1_000_000_000L / rate;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    } else {
                        late.accumulateAndGet(-wait / 1000, Math::max);
                    }
                    long sent = System.nanoTime();
                    try {
                        if (socket == null) {
                            socket = new java.net.Socket(endpoint.getHost(), endpoint.getPort());
                            socket.setTcpNoDelay(true);
                            socket.setSoTimeout(10_000);
                            in = new java.io.BufferedInputStream(socket.getInputStream());
                        }
                        socket.getOutputStream().write(requests.get(i));
                        int status = readResponse(in);
                        if (status / 100 == 2) {
                            micros.add((System.nanoTime() - sent) / 1000);
                        } else {
                            not2xx.incrementAndGet();
                        }
                    } catch (java.io.IOException | RuntimeException e) {
                        if (failed.incrementAndGet() == 1) {
                            System.out.println("  first failed delivery: " + e);
                        }
                        Sockets.closeQuietly(socket);
                        socket = null;
                    }
                }
                Sockets.closeQuietly(socket);
            }, "webhook-sender-" + k);
            connection.start();
            connections.add(connection);
        }
        for (Thread connection : connections) {
            connection.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(sends.size(), seconds, new ArrayList<>(micros), not2xx.get(), failed.get(), late.get());
    }

    private static byte[] request(URI endpoint, WebhookSignature signer, byte[] body) {
        String head = "POST " + endpoint.getRawPath() + " HTTP/1.1\r\nHost: " + endpoint.getHost() + ":" + endpoint.getPort()
                + "\r\nContent-Type: application/json\r\nX-Webhook-Signature: " + signer.sign(body)
                + "\r\nContent-Length: " + body.length + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = java.util.Arrays.copyOf(headBytes, headBytes.length + body.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        return request;
    }

    /** Reads one response (status line, headers, a body by length or in chunks) and answers its status. */
    private static int readResponse(java.io.InputStream in) throws java.io.IOException {
        int status = Integer.parseInt(line(in).split(" ")[1]);
        int length = 0;
        boolean chunked = false;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Integer.parseInt(header.substring(15).trim());
            } else if (header.regionMatches(true, 0, "transfer-encoding:", 0, 18)) {
                chunked = header.toLowerCase(java.util.Locale.ROOT).contains("chunked");
            }
        }
        if (!chunked) {
            in.readNBytes(length);
            return status;
        }
        for (int size = Integer.parseInt(line(in), 16); size > 0; size = Integer.parseInt(line(in), 16)) {
            in.readNBytes(size);
            line(in);
        }
        line(in); // the empty line after the last chunk
        return status;
    }

    private static String line(java.io.InputStream in) throws java.io.IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c == -1) {
                throw new java.io.EOFException("the connection closed mid-response");
            }
            line.append((char) c);
        }
        return line.toString().trim();
    }
}
