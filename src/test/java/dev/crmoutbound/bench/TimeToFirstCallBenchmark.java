package dev.crmoutbound.bench;

import dev.crmoutbound.sandbox.TestSandbox;
import dev.crmoutbound.sandbox.SandboxOptions;
import dev.crmoutbound.support.RunningApp;
import dev.crmoutbound.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.stream.Stream;

/**
 * How long a large drop waits before its first call: the whole application with its shipped file
 * and dialer timings (the inbox's one-second read lock, the dialer's poll), the KrosAI sandbox over
 * HTTP, and a vendor-shaped file moved into the inbox. Measured from the move to the sandbox having
 * the first call placed, and to the whole file being in the ledger (the file moved to processed/).
 *
 * <p>Arguments: rows (1000000), ledger (h2 or postgres), seconds per call (120; 0 for the sandbox's
 * default mix of calls a thousand times shorter than real ones, so that the dialer works flat out while
 * the file goes in).
 */
public final class TimeToFirstCallBenchmark {

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String ledger = args.length > 1 ? args[1] : "h2";
        double callSeconds = args.length > 2 ? Double.parseDouble(args[2]) : 120;
        Path data = ScratchDirs.create("first-call-bench");
        Path upload = data.resolve("upload.part");
        IngestBenchmark.writeLeads(upload, rows);

        SandboxOptions options = SandboxOptions.defaults();
        options.concurrentLimit = 10;
        if (callSeconds > 0) {
            options.timeScale = 1.0;
            options.fixedCallSeconds = callSeconds;
        }
        try (TestSandbox sandbox = TestSandbox.start(options, 0)) {
            Map<String, String> settings = RunningApp.settings(data, sandbox, options.concurrentLimit);
            settings.remove("csv.read-lock-min-age-ms");
            settings.remove("dialer.poll-ms");
            if ("postgres".equals(ledger)) {
                settings.put("ledger.jdbc-url", TestDatabase.freshPostgresSchema());
            }
            try (RunningApp app = RunningApp.start(settings)) {
                Path inbox = Files.createDirectories(data.resolve("inbox"));
                long dropped = System.nanoTime();
                Files.move(upload, inbox.resolve("bench.csv"), StandardCopyOption.ATOMIC_MOVE);
                while (sandbox.callsPlaced() == 0) {
                    Thread.sleep(1);
                }
                double firstCall = (System.nanoTime() - dropped) / 1e9;
                while (!processed(data)) {
                    Thread.sleep(10);
                }
                double allIn = (System.nanoTime() - dropped) / 1e9;
                System.out.printf("time to first call: %,d rows into %s, %s calls: first call %.2f s after the drop; "
                        + "whole file in the ledger after %.1f s (%,.0f rows/s); %d calls placed by then%n", rows, ledger,
                        callSeconds > 0 ? callSeconds + " s" : "sandbox-default", firstCall, allIn, rows / allIn,
                        sandbox.callsPlaced());
            }
        }
    }

    private static boolean processed(Path data) throws java.io.IOException {
        Path processed = data.resolve("processed");
        if (!Files.isDirectory(processed)) {
            return false;
        }
        try (Stream<Path> files = Files.list(processed)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith("-bench.csv"));
        }
    }
}
