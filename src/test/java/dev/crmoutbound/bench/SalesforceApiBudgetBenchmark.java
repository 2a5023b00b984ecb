package dev.crmoutbound.bench;

import dev.crmoutbound.Application;
import dev.crmoutbound.sandbox.TestSandbox;
import dev.crmoutbound.sandbox.SandboxOptions;
import dev.crmoutbound.support.FakeSalesforce;
import dev.crmoutbound.support.LeadFiles;
import dev.crmoutbound.support.RunningApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The Salesforce API calls a campaign costs the org: {@code --batch} over N ready records in the fake
 * org (every record claimed, called, its outcome and a Task written back), with the default settings,
 * and the fake's count of API calls divided by the leads called.
 *
 * <p>Arguments: records (1000), plan limit (100), seconds per call (0.2).
 */
public final class SalesforceApiBudgetBenchmark {

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int limit = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        double callSeconds = args.length > 2 ? Double.parseDouble(args[2]) : 0.2;
        SandboxOptions options = SandboxOptions.defaults();
        options.concurrentLimit = limit;
        options.fixedCallSeconds = callSeconds / options.timeScale;
        Path data = ScratchDirs.create("sf-budget");
        try (TestSandbox sandbox = TestSandbox.start(options, 0); FakeSalesforce sf = FakeSalesforce.start()) {
            sf.pageSize(2000);
            for (int i = 0; i < records; i++) {
                sf.addLead(String.format("00Q%012d", i), Map.of("Phone", LeadFiles.phone(10_000 + i),
                        "AI_Call_Status__c", "Ready", "DoNotCall", false));
            }
            Map<String, String> settings = sf.addLoginSettings(RunningApp.settings(data, sandbox, limit));
            long started = System.nanoTime();
            int exit = Application.runBatch(RunningApp.batchMain(settings));
            double seconds = (System.nanoTime() - started) / 1e9;
            int called = sandbox.callsPerNumber().size();
            System.out.printf("salesforce API budget: %d records, exit %d, %d called, %d Tasks, %.1f s%n", records, exit,
                    called, sf.tasks().size(), seconds);
            System.out.printf("  API calls %d, per called lead %.4f%n", sf.apiCalls(), (double) sf.apiCalls() / called);
        }
    }
}
