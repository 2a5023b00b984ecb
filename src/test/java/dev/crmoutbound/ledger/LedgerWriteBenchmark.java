package dev.crmoutbound.ledger;

import dev.crmoutbound.support.TestDatabase;
import dev.crmoutbound.support.TestHashes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The ledger's own share of an ingest: leads already screened go into the ledger as the intake writes
 * them (chunks of 10,000, each one transaction, through {@link LeadChunkWrite}), with no file to read
 * and no number to parse. What it measures is what the database needs to store a lead with its keys,
 * which no reading or screening, however fast, takes away.
 *
 * <p>Arguments: rows (1000000), ledger (h2 or postgres).
 */
public final class LedgerWriteBenchmark {

    private static final int CHUNK = 10_000;

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String ledger = args.length > 1 ? args[1] : "h2";
        Path dir = Files.createTempDirectory("ledger-write-bench");
        String url = "postgres".equals(ledger) ? TestDatabase.freshPostgresSchema() : LedgerDatabase.defaultH2Url(dir);
        try (LedgerDatabase database = LedgerDatabase.open(url, null, null, 4)) {
            Clock clock = Clock.systemUTC();
            new CampaignControl(database.jdbc(), clock).startOnBoot("bench");
            LeadBatch batch = new BatchStore(database.jdbc(), clock).startIntake("bench",
                    new InputFile("bench", "leads.csv", rows, 0));
            long start = System.nanoTime();
            for (int from = 1; from <= rows; from += CHUNK) {
                List<IncomingLead> leads = chunk(from, Math.min(rows, from + CHUNK - 1));
                database.jdbc().inTransaction(c -> LeadChunkWrite.write(c, clock.instant(), "file-drop", batch, leads,
                        TestHashes.HASHES, LeadState.QUEUED, false));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("ledger write alone: %,d screened leads into %s in chunks of %,d: %.1f s, %,.0f leads/s%n",
                    rows, ledger, CHUNK, seconds, rows / seconds);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Leads as screening leaves them: a record id, an E.164 number in order, its time zone. */
    private static List<IncomingLead> chunk(int from, int to) {
        List<IncomingLead> leads = new ArrayList<>(to - from + 1);
        for (int row = from; row <= to; row++) {
            leads.add(new IncomingLead(row, "bench", "R" + row, String.format("+1415%07d", 2_000_000 + row), null,
                    null, "America/Los_Angeles", null, null));
        }
        return leads;
    }
}
