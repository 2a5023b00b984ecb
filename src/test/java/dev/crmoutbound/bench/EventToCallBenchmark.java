package dev.crmoutbound.bench;

import dev.crmoutbound.sandbox.TestSandbox;
import dev.crmoutbound.sandbox.SandboxOptions;
import dev.crmoutbound.support.FakePubSub;
import dev.crmoutbound.support.FakeSalesforce;
import dev.crmoutbound.support.RunningApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * CRM-triggered calling: from a Platform Event published on the Pub/Sub API to the call being placed
 * at KrosAI, through the whole application with its shipped defaults (request poll every second),
 * camel-salesforce against the local fake Salesforce and Pub/Sub server, and the sandbox over HTTP.
 * Events are published one at a time at random moments, so they fall anywhere in the poll period.
 *
 * <p>Arguments: events (30).
 */
public final class EventToCallBenchmark {

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        SandboxOptions options = SandboxOptions.defaults();
        options.concurrentLimit = 10;
        options.fixedCallSeconds = 2.0 / options.timeScale;
        Path data = ScratchDirs.create("event-bench");
        Random random = new Random(7);
        try (TestSandbox sandbox = TestSandbox.start(options, 0);
             FakeSalesforce sf = FakeSalesforce.start();
             FakePubSub pubSub = FakePubSub.start()) {
            for (int i = 0; i < events; i++) {
                sf.addLead(recordId(i), Map.of("Phone", String.format("+1415555%04d", 1000 + i),
                        "AI_Call_Status__c", "Ready", "DoNotCall", false));
            }
            Map<String, String> settings = pubSub.addSubscriptionSettings(
                    sf.addLoginSettings(RunningApp.settings(data, sandbox, options.concurrentLimit)));
            settings.put("salesforce.soql", "SELECT Id, Phone, DoNotCall FROM Lead WHERE AI_Call_Status__c = 'Never'");
            try (RunningApp app = RunningApp.start(settings)) {
                while (pubSub.subscriberCount() == 0) {
                    Thread.sleep(10);
                }
                List<Double> latencies = new ArrayList<>();
                for (int i = 0; i < events; i++) {
                    Thread.sleep(random.nextInt(1000));
                    long published = System.nanoTime();
                    pubSub.publish(recordId(i));
                    while (sandbox.callsPlaced() < i + 1) {
                        Thread.sleep(1);
                    }
                    latencies.add((System.nanoTime() - published) / 1e6);
                }
                report(events, sandbox, latencies);
            }
        }
    }

    private static String recordId(int i) {
        return String.format("00Q0000000%05d", i);
    }

    private static void report(int events, TestSandbox sandbox, List<Double> latencies) {
        Collections.sort(latencies);
        System.out.printf("event to call: %d Platform Events, request poll 1000 ms (the default)%n", events);
        System.out.printf("  calls placed %d, each number once: %b%n", sandbox.callsPlaced(),
                sandbox.callsPerNumber().values().stream().allMatch(n -> n == 1));
        System.out.printf("  latency ms: min %.0f, median %.0f, p95 %.0f, max %.0f%n", latencies.get(0),
                latencies.get(latencies.size() / 2),
                Percentiles.of(latencies.stream().mapToDouble(Double::doubleValue).toArray(), 0.95),
                latencies.get(latencies.size() - 1));
    }
}
