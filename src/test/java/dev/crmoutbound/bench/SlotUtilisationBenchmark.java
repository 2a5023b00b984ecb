package dev.crmoutbound.bench;

import dev.crmoutbound.ledger.LedgerDatabase;
import dev.crmoutbound.sandbox.TestSandbox;
import dev.crmoutbound.sandbox.SandboxOptions;
import dev.crmoutbound.support.LeadFiles;
import dev.crmoutbound.support.Results;
import dev.crmoutbound.support.RoundRobinProxy;
import dev.crmoutbound.support.RunningApp;
import dev.crmoutbound.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How well the dialer keeps the plan's call slots busy: the whole application against the sandbox,
 * every call lasting exactly the same time, and the makespan the sandbox saw (first call placed to
 * last call ended) against the lower bound leads x duration / limit. With more than one instance, they
 * share a PostgreSQL ledger and the account's limit, each has its own DATA_DIR with its share of the
 * leads, and every webhook goes through a round-robin load balancer.
 *
 * <p>Arguments: leads (500), limit (10), seconds per call (1.0), instances (1), warm-up leads (0): with a
 * warm-up, each instance first calls that many other leads, unmeasured, as a service that has been running
 * a while has its code compiled by the JIT (at most 5,000); history (0): calls the ledger holds as made
 * before the run (ended, on the same account), as a ledger in service for months does.
 */
public final class SlotUtilisationBenchmark {

    /** What one run measured. */
    record Run(double makespan, double lowerBound, double utilisation, double endToEnd) {
    }

    public static void main(String[] args) throws Exception {
        int leads = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int limit = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        double callSeconds = args.length > 2 ? Double.parseDouble(args[2]) : 1.0;
        int instances = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        int warmUp = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        int history = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        run(leads, limit, callSeconds, instances, warmUp, history, Map.of(), app -> { }, true);
    }

    /**
     * One run: {@code settings} added to each instance's, {@code whileRunning} started on each instance
     * once it runs (and stopped with it); prints the numbers when {@code print}.
     */
    static Run run(int leads, int limit, double callSeconds, int instances, Map<String, String> extra,
                   java.util.function.Consumer<RunningApp> whileRunning, boolean print) throws Exception {
        return run(leads, limit, callSeconds, instances, 0, 0, extra, whileRunning, print);
    }

    static Run run(int leads, int limit, double callSeconds, int instances, int warmUp, int history,
                   Map<String, String> extra, java.util.function.Consumer<RunningApp> whileRunning, boolean print)
            throws Exception {
        SandboxOptions options = SandboxOptions.defaults();
        options.concurrentLimit = limit;
        options.timeScale = 0.001;
        options.fixedCallSeconds = callSeconds / options.timeScale;
        Path data = ScratchDirs.create("slot-bench");
        List<RunningApp> apps = new ArrayList<>();
        try (TestSandbox sandbox = TestSandbox.start(options, 0);
             RoundRobinProxy balancer = RoundRobinProxy.start()) {
            String ledger = instances > 1 ? TestDatabase.freshPostgresSchema() : null;
            for (int i = 0; i < instances; i++) {
                Map<String, String> settings = RunningApp.settings(data.resolve("instance-" + i), sandbox, limit);
                settings.putAll(extra);
                if (ledger != null) {
                    settings.put("ledger.jdbc-url", ledger);
                    settings.put("webhook.public-url", balancer.url("/webhooks/krosai"));
                }
                RunningApp app = RunningApp.start(settings);
                apps.add(app);
                balancer.add("http://127.0.0.1:" + app.port());
                whileRunning.accept(app);
            }
            if (history > 0) {
                PastCalls.insert(ledger != null ? ledger : LedgerDatabase.defaultH2Url(data.resolve("instance-0")), history);
            }
            if (warmUp > 0) {
                for (int i = 0; i < instances; i++) {
                    LeadFiles.drop(data.resolve("instance-" + i), "warm-up.csv", LeadFiles.numberedLeads(warmUp, 30_000 + 5_000 * i));
                }
                for (int i = 0; i < instances; i++) {
                    Results.awaitFile(data.resolve("instance-" + i), "warm-up.results.csv", Duration.ofHours(1));
                }
                sandbox.restartMeasurements();
            }
            int placedBefore = sandbox.callsPlaced();
            long cpuBefore = processCpuNanos();
            long compilingBefore = compilingMillis();
            long dropped = System.nanoTime();
            for (int i = 0; i < instances; i++) {
                int share = leads / instances + (i < leads % instances ? 1 : 0);
                LeadFiles.drop(data.resolve("instance-" + i), "bench.csv", LeadFiles.numberedLeads(share, 1 + 10_000 * i));
            }
            for (int i = 0; i < instances; i++) {
                Results.awaitFile(data.resolve("instance-" + i), "bench.results.csv", Duration.ofHours(1));
            }
            double endToEnd = (System.nanoTime() - dropped) / 1e9;
            double cpuSeconds = (processCpuNanos() - cpuBefore) / 1e9;
            double compilingSeconds = (compilingMillis() - compilingBefore) / 1e3;

            double makespan = sandbox.makespan().toNanos() / 1e9;
            double lowerBound = leads * callSeconds / limit;
            double utilisation = sandbox.callTime().toNanos() / 1e9 / (makespan * limit);
            if (print) {
                System.out.printf("slot utilisation: %d leads, limit %d, %.2f s calls, %d instance(s)%s%s%s%n", leads, limit,
                        callSeconds, instances, ledger != null ? " on PostgreSQL" : "",
                        warmUp > 0 ? ", after " + warmUp + " warm-up calls each" : "",
                        history > 0 ? ", " + history + " earlier calls in the ledger" : "");
                System.out.printf("  calls placed %d, max active %d, 429 answers %d%n",
                        sandbox.callsPlaced() - placedBefore, sandbox.maxActiveCalls(), sandbox.rateLimitedAnswers());
                System.out.printf("  makespan %.2f s, lower bound %.2f s, over the bound %.1f %%, slots busy %.1f %%%n",
                        makespan, lowerBound, (makespan / lowerBound - 1) * 100, utilisation * 100);
                System.out.printf("  drop to results files %.2f s, CPU %.1f s (%.0f %% of %d cores)%n", endToEnd, cpuSeconds,
                        cpuSeconds / endToEnd / Runtime.getRuntime().availableProcessors() * 100,
                        Runtime.getRuntime().availableProcessors());
                System.out.printf("  of which the JIT compiler, about %.1f s (a service up for hours is done compiling)%n",
                        compilingSeconds);
                Duration ramp = sandbox.firstCallsSpread(Math.min(limit, leads));
                if (ramp != null) {
                    System.out.printf("  first %d calls placed within %.1f ms%n", Math.min(limit, leads), ramp.toNanos() / 1e6);
                }
                printTurnovers(sandbox.slotTurnovers());
            }
            return new Run(makespan, lowerBound, utilisation, endToEnd);
        } finally {
            for (RunningApp app : apps) {
                app.close();
            }
        }
    }

    /** CPU time this JVM has used, every thread. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Time the JIT compiler threads spent compiling, so far: a run still compiling measures a cold service. */
    static long compilingMillis() {
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    /** A call's end to the next call's placement on the freed slot, as the sandbox saw them. */
    static void printTurnovers(List<Duration> turnovers) {
        double[] ms = turnovers.stream().mapToDouble(d -> d.toNanos() / 1e6).sorted().toArray();
        if (ms.length > 0) {
            System.out.printf("  slot turnover (call ended to next call placed, %d): median %.1f ms, mean %.1f ms, p95 %.1f ms, "
                    + "max %.1f ms%n", ms.length, ms[ms.length / 2], java.util.Arrays.stream(ms).average().orElse(0),
                    Percentiles.of(ms, 0.95), ms[ms.length - 1]);
        }
    }
}
