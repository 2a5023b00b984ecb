package dev.crmoutbound.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmoutbound.sandbox.TestSandbox;
import dev.crmoutbound.sandbox.SandboxOptions;
import dev.crmoutbound.support.CapturedLogs;
import dev.crmoutbound.support.RawHttp;
import dev.crmoutbound.support.RunningApp;
import dev.crmoutbound.webhooks.WebhookRefusals;
import dev.crmoutbound.webhooks.WebhookSignature;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What anyone on the internet can send to the public webhook endpoint: every request gets its 4xx,
 * never a 5xx, the service logs a bounded number of lines without stack traces, and it still takes a
 * real event afterwards.
 */
class HostileWebhookTest {

    private static final String PATH = "/webhooks/krosai";

    @TempDir
    Path data;

    private record Attempt(String method, String path, Map<String, String> headers, byte[] body, boolean chunked,
                           int expected) {
    }

    @Test
    void everyHostileRequestGetsItsFourHundredAndNothingElseHappens() throws Exception {
        try (CapturedLogs logs = new CapturedLogs();
             TestSandbox sandbox = TestSandbox.start(SandboxOptions.defaults(), 0);
             RunningApp app = RunningApp.start(RunningApp.settings(data, sandbox, 1))) {
            WebhookSignature signer = new WebhookSignature(sandbox.options().webhookSecret);
            String forged = "sha256=" + "0".repeat(64);
            Map<String, Attempt> attempts = new LinkedHashMap<>();
            attempts.put("form-encoded, curl -d '{}'", post(form(), "{}".getBytes(StandardCharsets.UTF_8), null, 415));
            attempts.put("form-encoded, curl -d 'a=b'", post(form(), "a=b".getBytes(StandardCharsets.UTF_8), null, 415));
            attempts.put("multipart", post(Map.of("Content-Type", "multipart/form-data; boundary=XyZ"),
                    ("--XyZ\r\nContent-Disposition: form-data; name=\"a b\"\r\n\r\nc\r\n--XyZ--\r\n")
                            .getBytes(StandardCharsets.UTF_8), forged, 415));
            attempts.put("GET", new Attempt("GET", PATH, Map.of(), null, false, 405));
            attempts.put("PUT with a signed body", new Attempt("PUT", PATH, signed(signer, event("e1")), event("e1"),
                    false, 405));
            attempts.put("DELETE", new Attempt("DELETE", PATH, Map.of(), null, false, 405));
            attempts.put("a path below the endpoint", new Attempt("POST", PATH + "/../../admin", json(forged),
                    event("e2"), false, 404));
            attempts.put("a path suffix", new Attempt("POST", PATH + "/extra", json(forged), event("e2"), false, 404));
            attempts.put("no signature", post(json(null), event("e3"), null, 401));
            attempts.put("a forged signature", post(json(null), event("e4"), forged, 401));
            attempts.put("a signature that is not one", post(json(null), event("e5"), "sha256=<script>", 401));
            attempts.put("huge headers", post(hugeHeaders(), event("e6"), null, 431));
            attempts.put("a gzip bomb", post(gzip(), bomb(), forged, 415));
            attempts.put("invalid UTF-8, unsigned", post(json(null), new byte[] {'{', '"', (byte) 0xFF, '"', '}'}, null, 401));
            attempts.put("invalid UTF-8, signed", signedPost(signer, new byte[] {'{', '"', (byte) 0xFF, '"', '}'}, 400));
            attempts.put("JSON 10,000 deep, unsigned", post(json(null), deep(), forged, 401));
            attempts.put("JSON 10,000 deep, signed", signedPost(signer, deep(), 400));
            attempts.put("1 MB of valid JSON, unsigned", post(json(null), megabyteOfJson(), forged, 401));
            attempts.put("1 MB of valid JSON, signed, not an event", signedPost(signer, megabyteOfJson(), 400));
            attempts.put("71 MB declared", post(Map.of("Content-Type", "application/json", "Content-Length", "71000000"),
                    new byte[0], forged, 413));
            attempts.put("2 MB chunked, no length", new Attempt("POST", PATH, json(forged), new byte[2_000_000], true, 413));

            for (Map.Entry<String, Attempt> a : attempts.entrySet()) {
                Attempt at = a.getValue();
                int status = RawHttp.send(app.port(), at.method(), at.path(), at.headers(), at.body(), at.chunked());
                assertThat(status).as(a.getKey()).isEqualTo(at.expected());
            }
            byte[] real = event("real-1");
            assertThat(RawHttp.send(app.port(), "POST", PATH, signed(signer, real), real, false)).isEqualTo(200);

            app.bean("faultLog", dev.crmoutbound.ops.FaultLog.class).summarise();
            app.bean("webhookRefusals", WebhookRefusals.class).summarise();
            assertThat(logs.stackTraces()).isEmpty();
            assertThat(logs.warnings()).as("%s", logs.warnings()).hasSizeLessThanOrEqualTo(6)
                    .anyMatch(l -> l.startsWith("Refused ") && l.contains("webhook requests in the last minute"));
            assertThat(logs.lines()).noneMatch(l -> l.contains("prohibited characters"));
        }
    }

    private static Attempt post(Map<String, String> headers, byte[] body, String signature, int expected) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        if (signature != null) {
            h.put("X-Webhook-Signature", signature);
        }
        return new Attempt("POST", PATH, h, body, false, expected);
    }

    private static Attempt signedPost(WebhookSignature signer, byte[] body, int expected) {
        return new Attempt("POST", PATH, signed(signer, body), body, false, expected);
    }

    private static Map<String, String> signed(WebhookSignature signer, byte[] body) {
        return json(signer.sign(body));
    }

    private static Map<String, String> json(String signature) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        if (signature != null) {
            h.put("X-Webhook-Signature", signature);
        }
        return h;
    }

    private static Map<String, String> form() {
        return Map.of("Content-Type", "application/x-www-form-urlencoded");
    }

    private static Map<String, String> gzip() {
        return Map.of("Content-Type", "application/json", "Content-Encoding", "gzip");
    }

    private static Map<String, String> hugeHeaders() {
        Map<String, String> h = new LinkedHashMap<>(json(null));
        for (int i = 0; i < 40; i++) {
            h.put("X-Padding-" + i, "p".repeat(4000));
        }
        return h;
    }

    private static byte[] event(String id) {
        return ("{\"id\":\"" + id + "\",\"event\":\"call.completed\",\"timestamp\":\"2026-11-25T10:00:00Z\","
                + "\"data\":{\"call_id\":\"call_unknown_" + id + "\",\"status\":\"completed\"}}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] deep() {
        return ("[".repeat(10_000) + "]".repeat(10_000)).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] megabyteOfJson() {
        return ("{\"padding\":\"" + "x".repeat(1_000_000) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bomb() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 100; i++) {
                gz.write(zeros);
            }
        }
        return bytes.toByteArray();
    }
}
