package dev.crmoutbound.bench;

import dev.crmoutbound.intake.CsvLeadReader;
import dev.crmoutbound.intake.LeadColumns;
import dev.crmoutbound.policy.LeadScreening;
import dev.crmoutbound.support.TestCampaigns;
import dev.crmoutbound.intake.CsvLeadIntake;
import dev.crmoutbound.intake.IngestReport;
import dev.crmoutbound.ledger.BatchStore;
import dev.crmoutbound.ledger.CampaignControl;
import dev.crmoutbound.ledger.LeadIntakeWriter;
import dev.crmoutbound.ledger.LedgerDatabase;
import dev.crmoutbound.support.TestDatabase;
import dev.crmoutbound.ops.FaultLog;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * Ingest throughput: a generated lead CSV read, checked, normalised and written into the ledger by
 * the same intake bean the routes call. Reports rows per second and the heap's peak while ingesting;
 * run it under a small -Xmx to show memory does not grow with the file.
 *
 * <p>Arguments: rows (1000000), ledger (h2 or postgres), warm-up rows (0): with a warm-up, another
 * file of that many rows is taken in first, unmeasured, as a service that has been running a while has
 * its code compiled by the JIT.
 */
public final class IngestBenchmark {

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String ledger = args.length > 1 ? args[1] : "h2";
        int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        Path dir = ScratchDirs.create("ingest-bench");
        Path csv = dir.resolve("leads.csv");
        writeLeads(csv, rows);
        Path warmUpCsv = dir.resolve("warm-up.csv");
        writeLeads(warmUpCsv, warmUp, "W", "628");

        String url = "postgres".equals(ledger) ? TestDatabase.freshPostgresSchema() : LedgerDatabase.defaultH2Url(dir);
        try (LedgerDatabase database = LedgerDatabase.open(url, null, null, 4)) {
            CsvLeadIntake intake = intake(database, dir);

            if (warmUp > 0) {
                intake.ingest(warmUpCsv.toFile(), "file-drop", "warm-up.csv", Files.size(warmUpCsv),
                        Files.getLastModifiedTime(warmUpCsv).toMillis(), null);
            }
            System.gc();
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            long start = System.nanoTime();
            IngestReport report = intake.ingest(csv.toFile(), "file-drop", csv.getFileName().toString(), Files.size(csv), Files.getLastModifiedTime(csv).toMillis(), null);
            double seconds = (System.nanoTime() - start) / 1e9;

            long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP).mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            System.out.printf("ingest: %,d rows (%.1f MB) into %s%s: %.1f s, %,.0f rows/s; %,d queued, %,d rejected%n",
                    report.rows(), Files.size(csv) / 1e6, ledger, warmUp > 0 ? " after a " + warmUp + "-row warm-up" : "",
                    seconds, report.rows() / seconds, report.queued(), report.rejected());
            System.out.printf("  peak heap used %.0f MB (sum of heap pool peaks) with -Xmx %.0f MB%n",
                    peakHeap / 1e6, Runtime.getRuntime().maxMemory() / 1e6);
        }
    }

    /** The intake the routes call, for campaign "bench" (started) on this ledger. */
    static CsvLeadIntake intake(LedgerDatabase database, Path dir) {
        Clock clock = Clock.systemUTC();
        new CampaignControl(database.jdbc(), clock).startOnBoot("bench");
        return new CsvLeadIntake(new CsvLeadReader(TestCampaigns.single("bench"),
                new LeadScreening(clock), new LeadColumns.Names(Optional.empty(), Optional.empty(), Optional.empty()),
                new FaultLog()), new BatchStore(database.jdbc(), clock),
                new LeadIntakeWriter(database.jdbc(), clock, new FaultLog(), dev.crmoutbound.support.TestHashes.HASHES),
                dir.resolve("processed"), 3, 10);
    }

    /** Vendor-shaped rows: an id, names, a quoted note with a comma, a phone in national format. */
    static void writeLeads(Path csv, int rows) throws IOException {
        writeLeads(csv, rows, "R", "415");
    }

    /** As {@link #writeLeads(Path, int)}, with record ids and numbers apart from another file's. */
    private static void writeLeads(Path csv, int rows, String idPrefix, String areaCode) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            out.write("record_id,first_name,last_name,company,phone,notes\r\n");
            for (int i = 0; i < rows; i++) {
                int exchange = 200 + i / 10_000 % 700;
                out.write(idPrefix + i + ",First" + i + ",Last" + i + ",\"Company " + i % 977 + ", Inc.\","
                        + "(" + areaCode + ") " + exchange + "-" + String.format("%04d", i % 10_000) + ",\"note, " + i + "\"\r\n");
            }
        }
    }
}
