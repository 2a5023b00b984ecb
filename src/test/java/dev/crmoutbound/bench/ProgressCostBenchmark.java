package dev.crmoutbound.bench;

import dev.crmoutbound.ledger.CallLedger;
import dev.crmoutbound.ledger.LedgerDatabase;
import dev.crmoutbound.ops.CampaignCounts;
import dev.crmoutbound.support.TestCampaigns;
import dev.crmoutbound.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * What reading a big campaign's progress costs: a campaign of that many queued leads (a nightly drop
 * taken in), its summary read as the progress line, the bars, the gauges and the status page read it.
 * Prints the cost of one read, against the earlier query (every lead grouped by a key computed for each),
 * and of the check --batch makes each second for work left, against the count it made before; then asks
 * for the counts once a second (as --batch's bars do) and says how much of that time went to counting.
 * Then all leads but one are marked done, as at the end of the campaign, and the reads are compared again.
 *
 * <p>Arguments: leads (1000000), ledger (h2 or postgres), seconds of asking (60).
 */
public final class ProgressCostBenchmark {

    /** The summary's query before it read through the dial queue's index. */
    private static final String GROUPED_BY_COMPUTED_KEY = "SELECT CASE WHEN state = 'DONE' THEN 'DONE:' || "
            + "COALESCE(outcome, '?') WHEN state = 'HELD' THEN 'QUEUED' WHEN state IN ('QUEUED', 'RETRY_WAIT') "
            + "AND next_attempt_at > ? THEN 'WAITING' ELSE state END AS k, COUNT(*) AS n FROM call_lead "
            + "WHERE campaign_id = ? GROUP BY 1 ORDER BY 1";
    private static final String COUNT_NOT_FINAL = "SELECT COUNT(*) FROM call_lead WHERE state NOT IN ('DONE', 'REJECTED')";
    private static final int READS = 5;

    public static void main(String[] args) throws Exception {
        int leads = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String ledger = args.length > 1 ? args[1] : "h2";
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        Path dir = ScratchDirs.create("progress-bench");
        Path csv = dir.resolve("leads.csv");
        IngestBenchmark.writeLeads(csv, leads);
        String url = "postgres".equals(ledger) ? TestDatabase.freshPostgresSchema() : LedgerDatabase.defaultH2Url(dir);
        try (LedgerDatabase database = LedgerDatabase.open(url, null, null, 4)) {
            IngestBenchmark.intake(database, dir).ingest(csv.toFile(), "file-drop", "leads.csv", Files.size(csv),
                    Files.getLastModifiedTime(csv).toMillis(), null);
            CallLedger calls = new CallLedger(database.jdbc(), Clock.systemUTC(), TestCampaigns.single("bench"));
            System.out.printf("progress reads: campaign of %,d queued leads, %s ledger%n", leads, ledger);

            compare(database, calls);
            CampaignCounts counts = new CampaignCounts(calls);
            double counting = 0;
            int asked = 0;
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                long next = System.nanoTime() + 1_000_000_000L;
                counting += seconds(() -> counts.of("bench"));
                asked++;
                Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
            }
            System.out.printf("  asked once a second for %d s: %d times, %.1f s counting (%.0f %%)%n",
                    seconds, asked, counting, counting / seconds * 100);

            long started = System.nanoTime();
            database.jdbc().update("UPDATE call_lead SET state = 'DONE', outcome = CASE WHEN MOD(id, 3) = 0 THEN 'no_answer' "
                    + "ELSE 'completed' END WHERE id <> (SELECT MIN(id) FROM call_lead)");
            System.out.printf("then all but one lead done (completed or no_answer; %.0f s to mark them):%n",
                    (System.nanoTime() - started) / 1e9);
            compare(database, calls);
        }
    }

    /** Reads by the earlier queries and the new ones alternately, so that both see the same caches; prints medians. */
    private static void compare(LedgerDatabase database, CallLedger calls) {
        double[] before = new double[READS];
        double[] after = new double[READS];
        double[] counted = new double[READS];
        double[] looked = new double[READS];
        for (int i = 0; i < READS; i++) { // a lead changed before each, as the dialer changes them: H2 keeps a result till then
            touchALead(database);
            before[i] = seconds(() -> database.jdbc().query(GROUPED_BY_COMPUTED_KEY, rs -> rs.getInt(2), Instant.now(), "bench"));
            touchALead(database);
            after[i] = seconds(() -> calls.summary("bench"));
            touchALead(database);
            counted[i] = seconds(() -> database.jdbc().queryOne(COUNT_NOT_FINAL, rs -> rs.getInt(1)));
            touchALead(database);
            looked[i] = seconds(calls::anyNotFinal);
        }
        System.out.printf("  one summary read: %.2f s grouped by a computed key, %.2f s by state (median of %d)%n",
                median(before), median(after), READS);
        System.out.printf("  --batch's check for work left: %.3f s counting every lead not final, %.3f s looking for one%n",
                median(counted), median(looked));
    }

    private static void touchALead(LedgerDatabase database) {
        database.jdbc().update("UPDATE call_lead SET updated_at = ? WHERE id = (SELECT MIN(id) FROM call_lead)", Instant.now());
    }

    private static double seconds(Supplier<?> read) {
        long start = System.nanoTime();
        read.get();
        return (System.nanoTime() - start) / 1e9;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
