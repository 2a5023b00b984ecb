package dev.crmoutbound.bench;

import dev.crmoutbound.ledger.LedgerDatabase;
import dev.crmoutbound.sandbox.TestSandbox;
import dev.crmoutbound.sandbox.SandboxOptions;
import dev.crmoutbound.support.InstanceProcesses;
import dev.crmoutbound.support.LeadFiles;
import dev.crmoutbound.support.Results;
import dev.crmoutbound.support.RoundRobinProxy;
import dev.crmoutbound.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How soon the call slots of a killed instance are used again: three instances as processes on one
 * PostgreSQL ledger, one account, webhooks through a round-robin load balancer; one instance is killed
 * ({@code kill -9}) at 30 % of the campaign. For each call it had in progress, the time from the call's
 * end (in the sandbox) to the next call placed on the account, which takes the freed slot.
 *
 * <p>Arguments: leads (300), limit (10), seconds per call (2.0).
 */
public final class FailoverBenchmark {

    public static void main(String[] args) throws Exception {
        int leads = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int limit = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        double callSeconds = args.length > 2 ? Double.parseDouble(args[2]) : 2.0;

        SandboxOptions options = SandboxOptions.defaults();
        options.concurrentLimit = limit;
        options.timeScale = 0.001;
        options.fixedCallSeconds = callSeconds / options.timeScale;
        options.outcomeMix.clear();
        Path data = ScratchDirs.create("failover-bench");
        Path shared = data.resolve("shared");
        String ledger = TestDatabase.freshPostgresSchema();
        try (TestSandbox sandbox = TestSandbox.start(options, 0);
             RoundRobinProxy balancer = RoundRobinProxy.start();
             LedgerDatabase db = LedgerDatabase.open(ledger, null, null, 2);
             InstanceProcesses instances = InstanceProcesses.start(3, shared, ledger, sandbox, balancer)) {
            for (int i = 0; i < 3; i++) {
                int share = leads / 3 + (i < leads % 3 ? 1 : 0);
                LeadFiles.drop(shared, "bench-" + i + ".csv", LeadFiles.numberedLeads(share, 1 + 10_000 * i));
            }
            while (sandbox.callsPlaced() < leads * 3 / 10) {
                Thread.sleep(50);
            }
            List<String> orphaned = db.jdbc().query("SELECT call_id FROM call_lead WHERE dialed_by = 'node-1' "
                    + "AND state = 'ACTIVE' AND call_id IS NOT NULL", rs -> rs.getString(1));
            instances.get(1).kill();
            for (int i = 0; i < 3; i++) {
                Results.awaitFile(shared, "bench-" + i + ".results.csv", Duration.ofMinutes(10));
            }

            List<Double> reuseMs = new ArrayList<>();
            for (String call : orphaned) {
                Long ended = sandbox.endedAtNanos(call);
                Long next = ended == null ? null : sandbox.firstPlacedAfter(ended);
                if (next != null) {
                    reuseMs.add((next - ended) / 1e6);
                }
            }
            Collections.sort(reuseMs);
            System.out.printf("failover: %d leads, limit %d, %.1f s calls, 3 instances, node-1 killed at 30 %%%n",
                    leads, limit, callSeconds);
            System.out.printf("  calls placed %d (numbers called twice: %d), max active %d, 429 answers %d%n",
                    sandbox.callsPlaced(), sandbox.callsPerNumber().values().stream().filter(n -> n > 1).count(),
                    sandbox.maxActiveCalls(), sandbox.rateLimitedAnswers());
            if (!reuseMs.isEmpty()) {
                System.out.printf("  the killed instance's %d calls in progress: slot used again %.0f ms after each ended "
                        + "(median), %.0f ms at most%n", reuseMs.size(), reuseMs.get(reuseMs.size() / 2),
                        reuseMs.get(reuseMs.size() - 1));
            }
        }
    }
}
