package dev.crmoutbound.bench;

import dev.crmoutbound.sandbox.KrosAiSandbox;
import dev.crmoutbound.sandbox.SandboxOptions;
import dev.crmoutbound.support.LeadFiles;
import dev.crmoutbound.support.Results;
import dev.crmoutbound.support.RunningApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How well the dialer keeps the plan's call slots busy: the whole application against the sandbox,
 * every call lasting exactly the same time, and the makespan the sandbox saw (first call placed to
 * last call ended) against the lower bound leads x duration / limit.
 *
 * <p>Arguments: leads (500), limit (10), seconds per call (1.0).
 */
public final class SlotUtilisationBenchmark {

    public static void main(String[] args) throws Exception {
        int leads = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int limit = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        double callSeconds = args.length > 2 ? Double.parseDouble(args[2]) : 1.0;

        SandboxOptions options = SandboxOptions.defaults();
        options.concurrentLimit = limit;
        options.timeScale = 0.001;
        options.fixedCallSeconds = callSeconds / options.timeScale;
        Path data = Files.createTempDirectory("slot-bench");
        try (KrosAiSandbox sandbox = KrosAiSandbox.start(options, 0);
             RunningApp app = RunningApp.start(RunningApp.settings(data, sandbox, limit))) {
            long dropped = System.nanoTime();
            LeadFiles.drop(data, "bench.csv", LeadFiles.numberedLeads(leads, 1));
            Results.awaitFile(data, "bench.results.csv", Duration.ofHours(1));
            double endToEnd = (System.nanoTime() - dropped) / 1e9;

            double makespan = sandbox.makespan().toNanos() / 1e9;
            double lowerBound = leads * callSeconds / limit;
            double utilisation = sandbox.callTime().toNanos() / 1e9 / (makespan * limit);
            System.out.printf("slot utilisation: %d leads, limit %d, %.2f s calls%n", leads, limit, callSeconds);
            System.out.printf("  calls placed %d, max active %d, 429 answers %d%n",
                    sandbox.callsPlaced(), sandbox.maxActiveCalls(), sandbox.rateLimitedAnswers());
            System.out.printf("  makespan %.2f s, lower bound %.2f s, over the bound %.1f %%, slots busy %.1f %%%n",
                    makespan, lowerBound, (makespan / lowerBound - 1) * 100, utilisation * 100);
            System.out.printf("  drop to results file %.2f s%n", endToEnd);
        }
    }
}
