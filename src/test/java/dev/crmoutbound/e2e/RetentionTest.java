package dev.crmoutbound.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crmoutbound.ledger.Jdbc;
import dev.crmoutbound.sandbox.SandboxOptions;
import dev.crmoutbound.sandbox.TestSandbox;
import dev.crmoutbound.support.LeadFiles;
import dev.crmoutbound.support.Results;
import dev.crmoutbound.support.RunningApp;
import dev.crmoutbound.support.TestClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention on a clock the test moves by days: webhook event records go after 3 days, leads are reduced
 * after 10 (their number, transcript and record id gone, their outcome and number hash kept), kept files
 * are deleted after 20; nothing younger is touched, a results file written before its leads were reduced
 * is unchanged, and a reduced lead's number still counts as a duplicate in its campaign.
 */
class RetentionTest {

    private static final String ANN = "+14155550101";
    private static final String BOB = "+14155550102";
    private static final String CAROL = "+14155550103";

    @TempDir
    Path data;

    private static byte[] file(String... rows) {
        return (String.join("\n", "id,phone,notes") + "\n" + String.join("\n", rows) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void eachKindOfDataIsKeptExactlyAsLongAsItsLimit() throws Exception {
        SandboxOptions options = SandboxOptions.defaults();
        options.fixedCallSeconds = 200.0;
        options.concurrentLimit = 2; // the plan limit the service is given: a 429 would wait on the frozen clock
        options.outcomeMix.clear(); // every call completes, with a transcript
        // whole seconds: the ledger keeps microseconds, and a frozen clock a few nanoseconds before a stored
        // time would never reach it
        TestClock clock = new TestClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        try (TestSandbox sandbox = TestSandbox.start(options, 0)) {
            Map<String, String> settings = RunningApp.settings(data, sandbox, 2);
            settings.put("retention.lead-days", "10");
            settings.put("retention.file-days", "20");
            settings.put("retention.webhook-event-days", "3");
            settings.put("retention.first-delay-ms", "0");
            settings.put("retention.interval-ms", "200");
            try (RunningApp app = RunningApp.start(settings, clock)) {
                Jdbc jdbc = app.jdbc();
                LeadFiles.drop(data, "first.csv", file("A1," + ANN + ",likes cats", "B1," + BOB + ",call after 5"));
                Path firstResults = Results.awaitFile(data, "first.results.csv", Duration.ofSeconds(30));
                byte[] firstResultsBefore = Files.readAllBytes(firstResults);
                assertThat(count(jdbc, "SELECT COUNT(*) FROM webhook_event")).isPositive();
                // a transcript's webhook comes after the call's end, and the results file does not wait for it
                await().atMost(Duration.ofSeconds(10)).until(() -> count(jdbc,
                        "SELECT COUNT(*) FROM call_lead WHERE transcript_excerpt IS NOT NULL") == 2);
                assertThat(textColumnsHolding(jdbc, "likes cats")).as("a column no mapping names stays in the file")
                        .isEmpty();
                assertThat(textColumnsHolding(jdbc, ANN)).as("the number is kept where it is needed to call")
                        .contains("call_lead.phone_e164", "call_attempt.phone_e164").doesNotContain("call_lead.phone_claim");

                clock.advance(Duration.ofDays(4));
                await().atMost(Duration.ofSeconds(10)).until(() -> count(jdbc, "SELECT COUNT(*) FROM webhook_event") == 0);
                assertThat(count(jdbc, "SELECT COUNT(*) FROM call_lead WHERE phone_e164 IS NOT NULL"))
                        .as("leads are kept 10 days").isEqualTo(2);

                clock.advance(Duration.ofDays(1)); // day 5: a second file
                LeadFiles.drop(data, "second.csv", file("C1," + CAROL + ",prefers mornings"));
                Path secondResults = Results.awaitFile(data, "second.results.csv", Duration.ofSeconds(30));
                await().atMost(Duration.ofSeconds(10)).until(() -> count(jdbc,
                        "SELECT COUNT(*) FROM call_lead WHERE transcript_excerpt IS NOT NULL") == 3);

                clock.advance(Duration.ofDays(6)); // day 11: the first file's leads are past 10 days, the second's 6
                await().atMost(Duration.ofSeconds(10)).until(() -> count(jdbc,
                        "SELECT COUNT(*) FROM call_lead WHERE reduced_at IS NOT NULL") == 2);
                Map<String, Object> ann = lead(jdbc, "A1");
                assertThat(ann).containsEntry("state", "DONE").containsEntry("outcome", "completed")
                        .containsEntry("phone_e164", null).containsEntry("transcript_excerpt", null)
                        .containsEntry("attempts", 1);
                assertThat((String) ann.get("phone_hash")).hasSize(27);
                assertThat((String) ann.get("record_key")).as("the record id is hashed").isNotEqualTo("A1").hasSize(27);
                assertThat(count(jdbc, "SELECT COUNT(*) FROM call_attempt WHERE phone_e164 IN ('" + ANN + "', '" + BOB + "')"))
                        .isZero();
                Map<String, Object> carol = lead(jdbc, "C1");
                assertThat(carol).containsEntry("phone_e164", CAROL).containsEntry("reduced_at", null);
                assertThat(carol.get("transcript_excerpt")).isNotNull();
                assertThat(Files.readAllBytes(firstResults)).as("results written before the reduction")
                        .isEqualTo(firstResultsBefore);
                assertThat(Files.exists(firstResults)).isTrue();

                LeadFiles.drop(data, "again.csv", file("A9," + ANN + ",dropped again"));
                Path again = Results.awaitFile(data, "again.results.csv", Duration.ofSeconds(30));
                assertThat(Results.rows(again).get(0)).as("a reduced lead's number is still known by its hash")
                        .containsEntry("status", "rejected");
                assertThat(Results.rows(again).get(0).get("reason")).startsWith("duplicate phone number");
                assertThat(sandbox.callsPerNumber()).containsEntry(ANN, 1);

                clock.advance(Duration.ofDays(10)); // day 21: the first file's copies are past 20 days
                await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(firstResults));
                assertThat(Files.list(data.resolve("processed")).map(p -> p.getFileName().toString()).toList())
                        .noneMatch(name -> name.contains("first"));
                assertThat(Files.exists(secondResults)).as("16 days old").isTrue();
            }
        }
    }

    /** Every text column of the ledger's tables that holds {@code text} somewhere, as table.column. */
    private static List<String> textColumnsHolding(Jdbc jdbc, String text) {
        List<String[]> columns = jdbc.query("SELECT table_name, column_name FROM information_schema.columns "
                + "WHERE LOWER(table_schema) = LOWER(CURRENT_SCHEMA) AND LOWER(data_type) LIKE '%char%'",
                rs -> new String[] {rs.getString(1).toLowerCase(), rs.getString(2).toLowerCase()});
        return columns.stream().filter(c -> count(jdbc, "SELECT COUNT(*) FROM " + c[0] + " WHERE " + c[1]
                + " LIKE '%" + text.replace("+", "") + "%'") > 0).map(c -> c[0] + "." + c[1]).toList();
    }

    private static int count(Jdbc jdbc, String sql) {
        return jdbc.queryOne(sql, rs -> rs.getInt(1)).orElseThrow();
    }

    /** The lead of the first row of a file: A1 of first.csv, C1 of second.csv. */
    private static Map<String, Object> lead(Jdbc jdbc, String id) {
        List<Map<String, Object>> rows = jdbc.query("SELECT l.state, l.outcome, l.phone_e164, l.phone_hash, l.record_key, "
                + "l.transcript_excerpt, l.attempts, l.reduced_at FROM call_lead l JOIN lead_batch b ON b.id = l.batch_id "
                + "WHERE b.input_name = ? AND l.row_no = 1", rs -> {
                    Map<String, Object> row = new java.util.HashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnLabel(i).toLowerCase(), rs.getObject(i));
                    }
                    return row;
                }, id.equals("A1") ? "first.csv" : "second.csv");
        return rows.get(0);
    }
}
