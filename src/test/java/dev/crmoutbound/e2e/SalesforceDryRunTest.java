package dev.crmoutbound.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmoutbound.sandbox.TestSandbox;
import dev.crmoutbound.sandbox.SandboxOptions;
import dev.crmoutbound.support.FakeSalesforce;
import dev.crmoutbound.support.LeadFiles;
import dev.crmoutbound.support.Results;
import dev.crmoutbound.support.RunningApp;
import dev.crmoutbound.support.TestClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dry run reads Salesforce's ready records through the real camel-salesforce component and judges
 * them with the inbox's files, as one real run would: nothing is claimed in Salesforce, nobody called.
 */
class SalesforceDryRunTest {

    @TempDir
    Path data;

    @Test
    void readyRecordsAreJudgedWithTheInboxAndNothingIsClaimed() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2026-03-10T18:00:00Z")); // 11:00 in San Francisco
        try (TestSandbox sandbox = TestSandbox.start(SandboxOptions.defaults(), 0);
             FakeSalesforce sf = FakeSalesforce.start()) {
            sf.pageSize(2);
            sf.addLead("00Q000000000001", Map.of("Phone", "(415) 555-0101", "AI_Call_Status__c", "Ready", "DoNotCall", false));
            sf.addLead("00Q000000000002", Map.of("Phone", "(415) 555-0102", "AI_Call_Status__c", "Ready", "DoNotCall", true));
            sf.addLead("00Q000000000003", Map.of("Phone", "12", "AI_Call_Status__c", "Ready", "DoNotCall", false));
            sf.addLead("00Q000000000004", Map.of("Phone", "(415) 555-0104", "AI_Call_Status__c", "Ready", "DoNotCall", false));
            sf.addLead("00Q000000000005", Map.of("Phone", "(415) 555-0105", "AI_Call_Status__c", "Ready", "DoNotCall", false));
            sf.addLead("00Q000000000006", Map.of("Phone", "(415) 555-0106", "AI_Call_Status__c", "Not now", "DoNotCall", false));
            LeadFiles.drop(data, "leads.csv", "id,phone\nF1,+1 415 555 0101\n".getBytes(StandardCharsets.UTF_8));
            Path dnc = Files.writeString(data.resolve("dnc.txt"), "415-555-0104\n");

            Map<String, String> settings = sf.addLoginSettings(RunningApp.settings(data, sandbox, 1));
            settings.put("campaign.calling-window", "08:00-21:00");
            settings.put("dnc.file", dnc.toString());
            assertThat(RunningApp.dryRun(settings, clock)).isZero();

            assertThat(sf.writes()).as("no record claimed or written").isEmpty();
            assertThat(sandbox.callRequests()).isZero();
            Map<String, Map<String, String>> byId = Results.rows(data.resolve("outbox/dry-run/salesforce.dry-run.csv"))
                    .stream().collect(Collectors.toMap(r -> r.get("Id"), Function.identity()));
            assertThat(byId).containsOnlyKeys("00Q000000000001", "00Q000000000002", "00Q000000000003",
                    "00Q000000000004", "00Q000000000005");
            assertThat(byId.get("00Q000000000001")).containsEntry("would", "reject")
                    .containsEntry("reason", "duplicate phone number (same as leads.csv row 1)");
            assertThat(byId.get("00Q000000000002")).containsEntry("reason", "do not call (DoNotCall is set in Salesforce)");
            assertThat(byId.get("00Q000000000003").get("reason")).startsWith("invalid phone number '12'");
            assertThat(byId.get("00Q000000000004")).containsEntry("reason", "on the do-not-call list");
            assertThat(byId.get("00Q000000000005")).containsEntry("would", "call").containsEntry("campaign", "default")
                    .containsEntry("earliest_call_at", "2026-03-10T18:00:00Z")
                    .containsEntry("recipient_time", "2026-03-10 11:00 America/Los_Angeles");
            assertThat(Results.rows(data.resolve("outbox/dry-run/leads.dry-run.csv")).get(0))
                    .containsEntry("would", "call");
        }
    }
}
