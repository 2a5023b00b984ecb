package dev.crmoutbound.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crmoutbound.hubspot.HubSpotSignature;
import dev.crmoutbound.sandbox.TestSandbox;
import dev.crmoutbound.sandbox.SandboxOptions;
import dev.crmoutbound.source.LeadSource;
import dev.crmoutbound.source.LeadSources;
import dev.crmoutbound.source.SourcePolls;
import dev.crmoutbound.support.CapturedLogs;
import dev.crmoutbound.support.FakeHubSpot;
import dev.crmoutbound.support.RunningApp;
import org.apache.camel.test.AvailablePortFinder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contacts from HubSpot through camel-http and camel-jackson, against a local fake HubSpot speaking its
 * real endpoints: searched, claimed, called, and the outcome written back to each contact with a Call
 * engagement associated with it; within HubSpot's rate limits; by workflow webhooks signed (v3).
 */
class HubSpotCampaignTest {

    private static final String CONNECTED = "f240bbac-87c9-4f6e-bf70-924b57d47db7";
    private static final String CLIENT_SECRET = "hubspot-app-secret";

    @TempDir
    Path data;

    private static Map<String, String> settings(Path data, TestSandbox sandbox, FakeHubSpot hubspot) {
        Map<String, String> s = hubspot.addSettings(RunningApp.settings(data, sandbox, sandbox.options().concurrentLimit));
        s.put("hubspot.poll-ms", "500");
        s.put("hubspot.page-size", "50");
        s.put("hubspot.claim-interval-ms", "100");
        s.put("hubspot.writeback-interval-ms", "200");
        s.put("hubspot.writeback-fill-wait-ms", "0");
        s.put("hubspot.writeback-backoff-ms", "100");
        s.put("hubspot.do-not-call-properties", "do_not_call");
        s.put("hubspot.metadata-properties", "first_name=firstname");
        return s;
    }

    private static Map<String, String> ready(String phone) {
        Map<String, String> c = new HashMap<>();
        c.put("phone", phone);
        c.put("ai_call_status", "ready");
        return c;
    }

    @Test
    void readyContactsAreClaimedCalledAndLoggedBackAsCallEngagementsWithinTheRateLimits() throws Exception {
        SandboxOptions options = SandboxOptions.defaults();
        options.concurrentLimit = 10;
        options.fixedCallSeconds = 60.0;
        try (TestSandbox sandbox = TestSandbox.start(options, 0);
             FakeHubSpot hubspot = FakeHubSpot.start();
             CapturedLogs logs = new CapturedLogs()) {
            List<String> called = new java.util.ArrayList<>();
            for (int i = 0; i < 130; i++) {
                String id = String.valueOf(101 + i);
                Map<String, String> contact = ready((i < 100 ? "(415) 555-01" : "(628) 555-01") + String.format("%02d", i % 100));
                contact.put("firstname", "Contact" + id);
                hubspot.addContact(id, contact);
                called.add(id);
            }
            Map<String, String> optedOut = ready("(650) 555-0101");
            optedOut.put("do_not_call", "true");
            hubspot.addContact("300", optedOut);
            hubspot.addContact("301", ready("12"));
            Map<String, String> notNow = ready("(650) 555-0103");
            notNow.put("ai_call_status", "not now");
            hubspot.addContact("302", notNow);
            hubspot.addContact("303", ready("(650) 555-0104"));
            hubspot.deleteOnClaim("303");
            hubspot.failNextCallCreatesAfterCreating(1);

            try (RunningApp app = RunningApp.start(settings(data, sandbox, hubspot))) {
                await().atMost(Duration.ofSeconds(90)).until(() -> called.stream()
                        .allMatch(id -> "called".equals(hubspot.contact(id).get("ai_call_status")))
                        && notWrittenBack(app) == 0);
                await().atMost(Duration.ofSeconds(10)).until(() -> called.stream().allMatch(id -> !hubspot.callsOf(id).isEmpty()));

                for (String id : called) {
                    Map<String, String> contact = hubspot.contact(id);
                    assertThat(contact).containsEntry("ai_call_outcome", "completed").containsKey("ai_last_called_at");
                    assertThat(hubspot.callsOf(id)).as("one Call engagement for contact %s, even after a create whose "
                            + "answer was lost", id).hasSize(1);
                    FakeHubSpot.Call call = hubspot.callsOf(id).get(0);
                    assertThat(call.properties()).containsEntry("hs_call_status", "COMPLETED")
                            .containsEntry("hs_call_direction", "OUTBOUND").containsEntry("hs_call_duration", "60000")
                            .containsEntry("hs_call_disposition", CONNECTED)
                            .containsEntry("hs_call_external_id", contact.get("ai_last_call_id"))
                            .containsKey("hs_timestamp");
                    assertThat(call.properties().get("hs_call_body")).contains("completed", "60 s", "Transcript (start):");
                }
                assertThat(hubspot.contactUpdates().stream().filter(u -> "101".equals(u.get("id"))).findFirst().orElseThrow())
                        .containsEntry("properties", Map.of("ai_call_status", "queued"));
                assertThat(hubspot.contact("300")).containsEntry("ai_call_status", "rejected");
                assertThat(hubspot.contact("300").get("ai_call_outcome")).contains("do_not_call");
                assertThat(hubspot.contact("301")).containsEntry("ai_call_status", "rejected");
                assertThat(hubspot.contact("302")).containsEntry("ai_call_status", "not now");
                assertThat(hubspot.contact("303")).as("deleted after the search found it").isNull();
                assertThat(app.jdbc().queryOne("SELECT state || ' ' || reason FROM call_lead WHERE source = 'hubspot' "
                        + "AND record_key = '303'", rs -> rs.getString(1)).orElseThrow())
                        .startsWith("REJECTED HubSpot refused the claim on this contact").contains("OBJECT_NOT_FOUND");
            }
            assertThat(sandbox.callsPerNumber()).hasSize(130).allSatisfy((n, calls) -> assertThat(calls).isEqualTo(1));
            JsonNode metadata = sandbox.metadataOfCallsTo("+14155550100").get(0);
            assertThat(metadata.path("first_name").asText()).isEqualTo("Contact101");
            assertThat(metadata.path("source").asText()).isEqualTo("hubspot");
            assertThat(hubspot.refusedForRate()).as("requests HubSpot's limits would refuse").isZero();
            assertThat(hubspot.requests()).as("refused by HubSpot as a whole").noneMatch(r -> r.status() >= 400 && r.status() < 500);
            assertThat(logs.lines()).noneMatch(l -> l.contains(FakeHubSpot.TOKEN));
        }
    }

    @Test
    void aRateLimitPausesHubSpotForItsRetryAfterAndARevokedTokenStopsItWithOneClearLine() throws Exception {
        SandboxOptions options = SandboxOptions.defaults();
        options.concurrentLimit = 2;
        try (TestSandbox sandbox = TestSandbox.start(options, 0);
             FakeHubSpot hubspot = FakeHubSpot.start();
             CapturedLogs logs = new CapturedLogs()) {
            hubspot.addContact("101", ready("(415) 555-0101"));
            hubspot.rateLimitNext(1, "2");
            try (RunningApp app = RunningApp.start(settings(data, sandbox, hubspot))) {
                await().atMost(Duration.ofSeconds(30)).until(() -> "called".equals(hubspot.contact("101").get("ai_call_status")));
                List<FakeHubSpot.Request> requests = hubspot.requests();
                assertThat(requests.get(0).status()).isEqualTo(429);
                assertThat(requests.get(1).atMillis() - requests.get(0).atMillis()).as("Retry-After honoured")
                        .isGreaterThanOrEqualTo(1_900);
                assertThat(logs.lines()).anyMatch(l -> l.contains("HubSpot traffic paused for 2 s"));

                hubspot.revokeToken();
                hubspot.addContact("102", ready("(415) 555-0102"));
                LeadSource source = app.bean("leadSources", LeadSources.class).all().stream()
                        .filter(s -> s.name().equals("hubspot")).findFirst().orElseThrow();
                await().atMost(Duration.ofSeconds(10)).until(() -> source.stoppedBecause() != null);
                assertThat(source.stoppedBecause()).contains("401", "INVALID_AUTHENTICATION", "HUBSPOT_TOKEN");
                await().atMost(Duration.ofSeconds(10)).until(() -> System.currentTimeMillis()
                        - hubspot.requests().get(hubspot.requests().size() - 1).atMillis() >= 2_000);
                long refused = hubspot.requests().stream().filter(r -> r.status() == 401).count();
                assertThat(refused).as("requests after the first 401: at most one each route had on its way").isLessThanOrEqualTo(3);
                assertThat(logs.lines().stream().filter(l -> l.contains("HubSpot traffic stopped"))).hasSize(1);
            }
            assertThat(sandbox.callsPerNumber()).containsOnlyKeys("+14155550101");
        }
    }

    @Test
    void aSignedWorkflowWebhookGetsItsContactCalledWithinSecondsAndForgedOrStaleOnesAreRefused() throws Exception {
        SandboxOptions options = SandboxOptions.defaults();
        options.concurrentLimit = 2;
        try (TestSandbox sandbox = TestSandbox.start(options, 0);
             FakeHubSpot hubspot = FakeHubSpot.start()) {
            Map<String, String> settings = settings(data, sandbox, hubspot);
            settings.put("hubspot.poll-ms", "600000");
            settings.put("hubspot.client-secret", CLIENT_SECRET);
            try (RunningApp app = RunningApp.start(settings)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> app.bean("hubspotPolls", SourcePolls.class).anyCompleted());
                hubspot.addContact("201", ready("(415) 555-0201"));
                hubspot.addContact("202", ready("(415) 555-0202"));
                hubspot.addContact("203", ready("(415) 555-0203"));
                String url = "http://127.0.0.1:" + app.port() + "/webhooks/hubspot";
                HubSpotSignature signer = new HubSpotSignature(CLIENT_SECRET, Clock.systemUTC(), Duration.ofMinutes(5));

                assertThat(post(url, legacyContact("202"), System.currentTimeMillis(), new HubSpotSignature("not-the-secret",
                        Clock.systemUTC(), Duration.ofMinutes(5)))).as("forged").isEqualTo(401);
                assertThat(post(url, legacyContact("203"), System.currentTimeMillis() - 6 * 60_000, signer))
                        .as("signed six minutes ago: a replay").isEqualTo(401);
                long sent = System.nanoTime();
                assertThat(post(url, legacyContact("201"), System.currentTimeMillis(), signer)).isEqualTo(204);
                await().atMost(Duration.ofSeconds(10)).until(() -> sandbox.callsPerNumber().containsKey("+14155550201"));
                assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(5));
                assertThat(post(url, "{\"hello\":1}".getBytes(StandardCharsets.UTF_8), System.currentTimeMillis(), signer))
                        .as("names no contact").isEqualTo(400);
            }
            assertThat(sandbox.callsPerNumber()).containsOnlyKeys("+14155550201");
        }
    }

    @Test
    void aRestartMidCampaignCallsNobodyTwiceAndLogsEachCallOnce() throws Exception {
        SandboxOptions options = SandboxOptions.defaults();
        options.concurrentLimit = 2;
        options.fixedCallSeconds = 3000.0; // 3 s each: longer than the first instance takes to stop
        try (TestSandbox sandbox = TestSandbox.start(options, 0);
             FakeHubSpot hubspot = FakeHubSpot.start()) {
            List<String> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String id = String.valueOf(401 + i);
                hubspot.addContact(id, ready("(415) 555-01" + String.format("%02d", 10 + i)));
                ids.add(id);
            }
            Map<String, String> settings = settings(data, sandbox, hubspot);
            // the same address after the restart: KrosAI delivers the webhooks of calls in flight there
            settings.put("camel.server.port", String.valueOf(AvailablePortFinder.getNextAvailable()));
            try (RunningApp first = RunningApp.start(settings)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> sandbox.callsPlaced() >= 3 && sandbox.activeCalls() == 2);
            }
            // stopped mid-campaign: calls in flight end meanwhile, their webhooks retried to the next instance
            assertThat(sandbox.callsPlaced()).isLessThan(8);
            try (RunningApp second = RunningApp.start(settings)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream().allMatch(id ->
                        "called".equals(hubspot.contact(id).get("ai_call_status")) && hubspot.callsOf(id).size() == 1)
                        && notWrittenBack(second) == 0);
            }
            assertThat(sandbox.callsPerNumber()).hasSize(8).allSatisfy((n, calls) -> assertThat(calls).isEqualTo(1));
            assertThat(ids).allSatisfy(id -> assertThat(hubspot.callsOf(id)).hasSize(1));
        }
    }

    private static int notWrittenBack(RunningApp app) {
        return app.jdbc().queryOne("SELECT COUNT(*) FROM call_lead l LEFT JOIN crm_writeback w ON w.lead_id = l.id "
                + "WHERE l.source = 'hubspot' AND (l.state NOT IN ('DONE', 'REJECTED') OR w.lead_id IS NULL "
                + "OR w.state NOT IN ('DONE', 'REFUSED'))", rs -> rs.getInt(1)).orElseThrow();
    }

    /** A contact as a workflow's webhook sends it (the contact API's v1 shape). */
    private static byte[] legacyContact(String id) {
        return ("{\"vid\":" + id + ",\"canonical-vid\":" + id + ",\"portal-id\":62515,\"is-contact\":true,"
                + "\"properties\":{\"phone\":{\"value\":\"+1 415 555 0000\",\"versions\":[]}}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static int post(String url, byte[] body, long timestamp, HubSpotSignature signer) throws Exception {
        String ts = String.valueOf(timestamp);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("X-HubSpot-Request-Timestamp", ts)
                .header("X-HubSpot-Signature-v3", signer.sign("POST", url, body, ts))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
