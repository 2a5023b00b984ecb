package dev.crmoutbound.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crmoutbound.sandbox.TestSandbox;
import dev.crmoutbound.sandbox.SandboxOptions;
import dev.crmoutbound.support.FakePubSub;
import dev.crmoutbound.support.FakeSalesforce;
import dev.crmoutbound.support.RunningApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CRM-triggered calling: a Platform Event read through the Pub/Sub API (a local gRPC server, Avro
 * payloads) by the real camel-salesforce consumer gets its record called within seconds, and a
 * restart resumes right after the last event kept: nothing missed while down, nothing taken twice.
 */
class SalesforceEventsTest {

    @TempDir
    Path data;

    @Test
    void anEventGetsItsRecordCalledWithinSecondsAndARestartResumesAfterTheLastEvent() throws Exception {
        SandboxOptions options = SandboxOptions.defaults();
        options.concurrentLimit = 2;
        options.fixedCallSeconds = 30.0;
        try (TestSandbox sandbox = TestSandbox.start(options, 0);
             FakeSalesforce sf = FakeSalesforce.start();
             FakePubSub pubSub = FakePubSub.start()) {
            sf.addLead("00Q000000000021", Map.of("Phone", "(415) 555-0121", "AI_Call_Status__c", "Ready", "DoNotCall", false));
            sf.addLead("00Q000000000022", Map.of("Phone", "(415) 555-0122", "AI_Call_Status__c", "Ready", "DoNotCall", false));
            Map<String, String> s = RunningApp.settings(data, sandbox, 2);
            s.put("camel.server.port", String.valueOf(AvailablePortFinder.getNextAvailable()));
            sf.addLoginSettings(s);
            pubSub.addSubscriptionSettings(s);
            s.put("salesforce.soql", "SELECT Id, Phone, DoNotCall FROM Lead WHERE AI_Call_Status__c = 'Never'");
            s.put("salesforce.writeback-interval-ms", "200");
        s.put("salesforce.writeback-fill-wait-ms", "0");

            try (RunningApp first = RunningApp.start(s)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> pubSub.subscriberCount() == 1);
                long published = System.nanoTime();
                pubSub.publish("00Q000000000021");
                await().atMost(Duration.ofSeconds(10)).until(() -> sandbox.callsPlaced() == 1);
                assertThat(Duration.ofNanos(System.nanoTime() - published)).isLessThan(Duration.ofSeconds(5));
                await().atMost(Duration.ofSeconds(20)).until(() -> "Called".equals(sf.record("00Q000000000021").get("AI_Call_Status__c")));
            }
            pubSub.publish("00Q000000000022");

            try (RunningApp second = RunningApp.start(s)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> "Called".equals(sf.record("00Q000000000022").get("AI_Call_Status__c")));
            }
            assertThat(pubSub.fetches()).containsExactly("LATEST", "CUSTOM after 1");
            assertThat(sandbox.callsPerNumber()).hasSize(2).allSatisfy((n, calls) -> assertThat(calls).isEqualTo(1));
            assertThat(sf.tasks()).hasSize(2);
        }
    }

    @Test
    void aReplayIdPastTheRetentionFallsBackToTheLatestEventInsteadOfRetryingForever() throws Exception {
        SandboxOptions options = SandboxOptions.defaults();
        options.fixedCallSeconds = 30.0;
        try (TestSandbox sandbox = TestSandbox.start(options, 0);
             FakeSalesforce sf = FakeSalesforce.start();
             FakePubSub pubSub = FakePubSub.start()) {
            for (String id : List.of("00Q000000000041", "00Q000000000042", "00Q000000000043")) {
                sf.addLead(id, Map.of("Phone", "(415) 555-01" + id.substring(13), "AI_Call_Status__c", "Ready", "DoNotCall", false));
            }
            Map<String, String> s = RunningApp.settings(data, sandbox, 1);
            sf.addLoginSettings(s);
            pubSub.addSubscriptionSettings(s);
            s.put("salesforce.soql", "SELECT Id, Phone, DoNotCall FROM Lead WHERE AI_Call_Status__c = 'Never'");
            s.put("salesforce.writeback-interval-ms", "200");
        s.put("salesforce.writeback-fill-wait-ms", "0");
            try (RunningApp first = RunningApp.start(s)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> pubSub.subscriberCount() == 1);
                pubSub.publish("00Q000000000041");
                // its end written back: the one slot is free for the next run
                await().atMost(Duration.ofSeconds(20)).until(() -> "Called".equals(sf.record("00Q000000000041").get("AI_Call_Status__c")));
            }
            pubSub.publish("00Q000000000042"); // while the service is down
            pubSub.expireUpTo(2); // ... for longer than the event bus keeps events

            try (RunningApp second = RunningApp.start(s)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> pubSub.fetches().size() >= 3);
                pubSub.publish("00Q000000000043");
                await().atMost(Duration.ofSeconds(20)).failFast(() -> pubSub.fetches().size() > 3)
                        .until(() -> sandbox.callsPlaced() == 2);
            }
            assertThat(pubSub.fetches()).as("no retry with the expired replay id").containsExactly("LATEST", "CUSTOM after 1", "LATEST");
            assertThat(sandbox.callsPerNumber()).containsOnlyKeys("+14155550141", "+14155550143");
        }
    }
}
