package dev.crmoutbound.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crmoutbound.ledger.LeadRow;
import dev.crmoutbound.sandbox.TestSandbox;
import dev.crmoutbound.sandbox.SandboxOptions;
import dev.crmoutbound.support.LeadFiles;
import dev.crmoutbound.support.Results;
import dev.crmoutbound.support.RunningApp;
import dev.crmoutbound.webhooks.WebhookSignature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks as the internet delivers them: forged, malformed, repeated, late and out of order, in both
 * documented event-name families. The sandbox's own webhooks go nowhere here; the test sends them.
 */
class WebhookDeliveryTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path data;

    @Test
    void onlySignedEventsCountAndRepeatsOrLateEventsChangeNothing() throws Exception {
        SandboxOptions options = SandboxOptions.defaults();
        options.concurrentLimit = 2;
        options.fixedCallSeconds = 1_000_000.0;
        try (TestSandbox sandbox = TestSandbox.start(options, 0)) {
            Map<String, String> settings = RunningApp.settings(data, sandbox, 2);
            settings.put("webhook.public-url", "http://127.0.0.1:" + AvailablePortFinder.getNextAvailable() + "/nowhere");
            try (RunningApp app = RunningApp.start(settings)) {
                LeadFiles.drop(data, "hooks.csv", LeadFiles.numberedLeads(2, 600));
                await().atMost(Duration.ofSeconds(20)).until(() -> app.ledger().summary("default").equals(Map.of("ACTIVE", 2)));
                List<LeadRow> calls = app.ledger().callsInProgress().stream()
                        .sorted(Comparator.comparing(LeadRow::phoneE164)).toList();
                LeadRow first = calls.get(0);
                LeadRow second = calls.get(1);
                WebhookSignature signer = new WebhookSignature(options.webhookSecret);

                String completed = event("evt_done_1", "call.completed", first,
                        "\"status\":\"completed\",\"duration\":42,\"cost_cents\":12,\"hangup_cause\":\"user_hangup\"");
                assertThat(post(app, completed, new WebhookSignature("whsec_forged").sign(bytes(completed)))).isEqualTo(401);
                assertThat(post(app, completed, null)).isEqualTo(401);
                assertThat(post(app, completed, "sha256=" + "0".repeat(64))).isEqualTo(401);
                assertThat(app.ledger().summary("default")).isEqualTo(Map.of("ACTIVE", 2));

                assertThat(post(app, "not json", signer.sign(bytes("not json")))).isEqualTo(400);

                assertThat(post(app, completed, signer.sign(bytes(completed)))).isEqualTo(200);
                String replayed = completed.replace("\"duration\":42", "\"duration\":999");
                assertThat(post(app, replayed, signer.sign(bytes(replayed)))).isEqualTo(200);
                String late = event("evt_ring_1", "call.ringing", first, "\"status\":\"ringing\"");
                assertThat(post(app, late, signer.sign(bytes(late)))).isEqualTo(200);

                String started = event("evt_start_2", "call.started", second, "");
                String ended = event("evt_fail_2", "call.failed", second, "\"hangup_cause\":\"busy\"");
                assertThat(post(app, ended, signer.sign(bytes(ended)))).isEqualTo(200);
                assertThat(post(app, started, signer.sign(bytes(started)))).isEqualTo(200);

                Path results = Results.awaitFile(data, "hooks.results.csv", Duration.ofSeconds(20));
                List<Map<String, String>> rows = Results.rows(results);
                assertThat(rows.get(0)).containsEntry("status", "done").containsEntry("outcome", "completed")
                        .containsEntry("duration_s", "42").containsEntry("cost_cents", "12")
                        .containsEntry("call_id", first.callId());
                assertThat(rows.get(1)).containsEntry("status", "done").containsEntry("outcome", "busy")
                        .containsEntry("call_id", second.callId());
                assertThat(sandbox.callsPlaced()).isEqualTo(2);
            }
        }
    }

    private static String event(String id, String type, LeadRow lead, String fields) {
        return "{\"id\":\"" + id + "\",\"event\":\"" + type + "\",\"timestamp\":\"2026-11-24T10:00:00Z\",\"data\":{"
                + "\"call_id\":\"" + lead.callId() + "\",\"metadata\":{\"request_id\":\"" + lead.requestId() + "\"}"
                + (fields.isEmpty() ? "" : "," + fields) + "}}";
    }

    private int post(RunningApp app, String body, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.webhookUrl()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(body)));
        if (signature != null) {
            request.header("X-Webhook-Signature", signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
