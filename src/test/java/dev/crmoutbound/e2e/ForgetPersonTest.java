package dev.crmoutbound.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crmoutbound.Application;
import dev.crmoutbound.ledger.Jdbc;
import dev.crmoutbound.privacy.PersonCommand;
import dev.crmoutbound.sandbox.SandboxOptions;
import dev.crmoutbound.sandbox.TestSandbox;
import dev.crmoutbound.support.LeadFiles;
import dev.crmoutbound.support.Results;
import dev.crmoutbound.support.RunningApp;
import dev.crmoutbound.support.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --forget} and {@code --export-person} from the command line, beside a running service on one
 * PostgreSQL ledger, for a person who is in a finished campaign (called, with a transcript and results
 * files), in a running one (a lead still queued) and on the do-not-call list in clear.
 */
class ForgetPersonTest {

    private static final String PAT = "+14155550177";
    private static final String SAM = "+14155550178";

    @TempDir
    Path data;
    @TempDir
    Path config;

    private void campaign(String id) throws Exception {
        Files.writeString(Files.createDirectories(config.resolve("campaigns")).resolve(id + ".yaml"), String.join("\n",
                "id: " + id, "from_number: \"+14155550100\"", "endpoint_id: ep_sandbox", "calling_window: \"00:00-24:00\"", ""));
    }

    private static byte[] csv(String... rows) {
        return ("id,name,phone,notes\n" + String.join("\n", rows) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aPersonIsErasedFromTheLedgerTheFilesAndNeverCalledAgain() throws Exception {
        String ledger = TestDatabase.freshPostgresSchema();
        campaign("spring");
        campaign("autumn");
        SandboxOptions options = SandboxOptions.defaults();
        options.fixedCallSeconds = 200.0;
        options.outcomeMix.clear();
        try (TestSandbox sandbox = TestSandbox.start(options, 0)) {
            Map<String, String> settings = RunningApp.settings(data, sandbox, 2);
            settings.put("campaigns.dir", config.resolve("campaigns").toString());
            settings.put("ledger.jdbc-url", ledger);
            try (RunningApp app = RunningApp.start(settings)) {
                Jdbc jdbc = app.jdbc();
                LeadFiles.drop(data, "spring/first.csv", csv("P1,Pat Doe," + PAT + ",likes cats", "S1,Sam Roe," + SAM + ",no notes"));
                Path results = Results.awaitFile(data, "spring/first.results.csv", Duration.ofSeconds(30));
                app.campaigns().pause("autumn", "held for the test", Instant.now().plus(Duration.ofDays(1)), c -> null);
                LeadFiles.drop(data, "autumn/second.csv", csv("P2,Pat Doe," + PAT + ",second campaign"));
                await().atMost(Duration.ofSeconds(30)).until(() -> count(jdbc,
                        "SELECT COUNT(*) FROM call_lead WHERE campaign_id = 'autumn' AND state = 'QUEUED'") == 1);
                jdbc.update("INSERT INTO dnc_number (phone_e164, source, added_at) VALUES (?, 'crm-sync', ?)", PAT, Instant.now());

                JsonNode before = new ObjectMapper().readTree(run(settings, "--export-person", "(415) 555-0177"));
                assertThat(before.path("leads")).hasSize(2);
                assertThat(before.path("leads").get(0).path("phone_e164").asText()).isEqualTo(PAT);
                assertThat(before.path("leads").get(0).path("transcript_excerpt").asText()).isNotBlank();
                assertThat(before.path("leads").get(0).path("call_attempts")).hasSize(1);
                assertThat(before.path("do_not_call").path("listed").get(0).path("source").asText()).isEqualTo("crm-sync");

                String report = run(settings, "--forget", PAT);

                assertThat(report).contains("leads: 2").contains("1 not yet called, now rejected as 'erased'")
                        .contains("from crm-sync").doesNotContain(PAT);
                assertThat(count(jdbc, "SELECT COUNT(*) FROM call_lead WHERE phone_e164 = '" + PAT + "'")).isZero();
                assertThat(count(jdbc, "SELECT COUNT(*) FROM call_lead WHERE reason = 'erased' AND metadata IS NULL "
                        + "AND transcript_excerpt IS NULL AND phone_hash IS NOT NULL")).isEqualTo(2);
                assertThat(count(jdbc, "SELECT COUNT(*) FROM call_lead WHERE campaign_id = 'autumn' AND state = 'REJECTED'"))
                        .isEqualTo(1);
                assertThat(count(jdbc, "SELECT COUNT(*) FROM call_attempt WHERE phone_e164 = '" + PAT + "'")).isZero();
                assertThat(count(jdbc, "SELECT COUNT(*) FROM webhook_event e JOIN call_lead l ON l.id = e.lead_id "
                        + "WHERE l.reason = 'erased'")).isZero();
                assertThat(count(jdbc, "SELECT COUNT(*) FROM webhook_event")).as("Sam's events stay").isPositive();
                assertThat(count(jdbc, "SELECT COUNT(*) FROM dnc_number")).isZero();
                assertThat(count(jdbc, "SELECT COUNT(*) FROM dnc_hash")).isEqualTo(1);
                assertThat(count(jdbc, "SELECT COUNT(*) FROM call_lead WHERE phone_e164 = '" + SAM + "' AND reason IS NULL"))
                        .isEqualTo(1);

                List<Map<String, String>> rows = Results.rows(results);
                assertThat(rows.get(0)).containsEntry("id", "").containsEntry("name", "").containsEntry("phone", "")
                        .containsEntry("notes", "");
                assertThat(rows.get(1)).containsEntry("id", "S1").containsEntry("phone", SAM);
                Path input = processed("first");
                assertThat(Files.readString(input)).doesNotContain("Pat Doe").doesNotContain("likes cats").contains("Sam Roe");

                LeadFiles.drop(data, "spring/third.csv", csv("P3,Pat Doe," + PAT + ",once more"));
                Path third = Results.awaitFile(data, "spring/third.results.csv", Duration.ofSeconds(30));
                assertThat(Results.rows(third).get(0)).containsEntry("status", "rejected")
                        .containsEntry("reason", "on the do-not-call list");
                assertThat(sandbox.callsPerNumber()).containsEntry(PAT, 1);

                JsonNode after = new ObjectMapper().readTree(run(settings, "--export-person", PAT));
                assertThat(after.path("leads")).hasSize(3);
                assertThat(after.path("leads").get(0).path("phone_e164").isNull()).isTrue();
                assertThat(after.path("leads").get(0).path("reason").asText()).isEqualTo("erased");
                assertThat(after.path("do_not_call").path("listed")).isEmpty();
                assertThat(after.path("do_not_call").path("listed_by_hash")).hasSize(1);
            }
        }
    }

    /** The command as {@code java -jar ... FLAG NUMBER} runs it, with the service's settings; its output. */
    private static String run(Map<String, String> settings, String flag, String number) throws Exception {
        Main main = Application.create();
        settings.forEach(main::addOverrideProperty);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(PersonCommand.of(new String[] {flag, number}).run(main, new PrintStream(out, true, StandardCharsets.UTF_8)))
                .isEqualTo(PersonCommand.DONE);
        return out.toString(StandardCharsets.UTF_8);
    }

    private Path processed(String name) throws Exception {
        try (Stream<Path> files = Files.walk(data.resolve("processed"))) {
            return files.filter(p -> p.getFileName().toString().contains(name)).findFirst().orElseThrow();
        }
    }

    private static int count(Jdbc jdbc, String sql) {
        return jdbc.queryOne(sql, rs -> rs.getInt(1)).orElseThrow();
    }
}
