package dev.crmoutbound.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmoutbound.config.Campaign;
import dev.crmoutbound.config.CampaignPolicy;
import dev.crmoutbound.config.Campaigns;
import dev.crmoutbound.ledger.BatchStore;
import dev.crmoutbound.ledger.Jdbc;
import dev.crmoutbound.ledger.LeadIntakeWriter;
import dev.crmoutbound.ledger.LedgerDatabase;
import dev.crmoutbound.ops.FaultLog;
import dev.crmoutbound.policy.CallingWindow;
import dev.crmoutbound.policy.LeadScreening;
import dev.crmoutbound.policy.RecipientTimeZones;
import dev.crmoutbound.policy.RedialPolicy;
import dev.crmoutbound.support.LeadCorpus;
import dev.crmoutbound.support.TestCampaigns;
import dev.crmoutbound.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Thousands of generated rows (every number libphonenumber has an example of, in every region and of
 * every type, mutated and as junk, with junk in every other column) through the real intake into H2 and
 * PostgreSQL: every row ends queued or rejected with a reason, nothing escapes, and the file is read in
 * one go, never rolled back or retried for a row's sake.
 */
class GeneratedCorpusTest {

    static final int ROWS = 12_000;
    private static final long SEED = 20261125L;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void everyGeneratedRowEndsQueuedOrRejectedWithAReason(String ledger) throws Exception {
        String url = "h2".equals(ledger) ? LedgerDatabase.defaultH2Url(dir) : TestDatabase.freshPostgresSchema();
        Clock clock = Clock.fixed(Instant.parse("2026-11-25T15:00:00Z"), ZoneOffset.UTC);
        Campaign strict = new Campaign("strict", "+14155550100", "ep", "GB", 60, null, Map.of(), "strict",
                new CampaignPolicy(CallingWindow.parse("mon-fri 08:00-21:00; sat 10:00-18:00; sun closed"),
                        RedialPolicy.uniform(3, Duration.ofHours(2)), true, "consent", "time_zone"),
                Campaign.DEFAULT_ACCOUNT);
        Campaigns campaigns = new Campaigns(List.of(TestCampaigns.campaign("open"), strict), "open");
        LeadCorpus corpus = new LeadCorpus(SEED, List.of("open", "strict", "Strict", "unknown"));
        Path file = dir.resolve("corpus.csv");
        corpus.write(file, ROWS);
        FaultLog faults = new FaultLog();

        try (LedgerDatabase database = LedgerDatabase.open(url, null, null, 4)) {
            Jdbc jdbc = database.jdbc();
            CsvLeadIntake intake = new CsvLeadIntake(new CsvLeadReader(campaigns, new LeadScreening(clock),
                    new LeadColumns.Names(Optional.empty(), Optional.empty(), Optional.of("campaign")), faults),
                    new BatchStore(jdbc, clock), new LeadIntakeWriter(jdbc, clock, faults, dev.crmoutbound.support.TestHashes.HASHES), dir.resolve("processed"), 3, 10);

            long start = System.nanoTime();
            IngestReport report = intake.ingest(file.toFile(), "file-drop", "corpus.csv", Files.size(file), 1, null);
            long millis = (System.nanoTime() - start) / 1_000_000;

            List<String> problems = jdbc.query("SELECT row_no, state, reason, phone_e164, time_zones FROM call_lead "
                    + "WHERE batch_id = ? ORDER BY row_no", rs -> problemOf(rs.getInt(1), rs.getString(2),
                    rs.getString(3), rs.getString(4), rs.getString(5)), report.batchId())
                    .stream().filter(p -> p != null).toList();
            int leads = jdbc.queryOne("SELECT COUNT(*) FROM call_lead WHERE batch_id = ?", rs -> rs.getInt(1),
                    report.batchId()).orElseThrow();
            int starts = jdbc.queryOne("SELECT intake_attempts FROM lead_batch WHERE id = ?", rs -> rs.getInt(1),
                    report.batchId()).orElseThrow();

            assertThat(report.rows()).isEqualTo(ROWS);
            assertThat(leads).isEqualTo(ROWS);
            assertThat(problems).isEmpty();
            assertThat(starts).isEqualTo(1);
            assertThat(faults.reported()).as("rows that needed the safety net").isZero();
            assertThat(report.queued()).isPositive();
            assertThat(report.rejected()).isPositive();
            System.out.printf("Generated corpus on %s: %d rows (%d example numbers, %d queued, %d rejected) "
                    + "taken in %d ms%n", ledger, ROWS, corpus.exampleNumbers(), report.queued(), report.rejected(), millis);
        }
    }

    /** Null when the row ended as it must: queued with a number and zones, or rejected with a reason. */
    private static String problemOf(int row, String state, String reason, String phone, String zones) {
        if ("REJECTED".equals(state)) {
            return reason == null || reason.isBlank() ? "row " + row + " rejected without a reason" : null;
        }
        if (!"QUEUED".equals(state) || phone == null || zones == null) {
            return "row " + row + " is " + state + " with phone " + phone + " and zones " + zones;
        }
        RecipientTimeZones.parse(zones);
        return null;
    }
}
