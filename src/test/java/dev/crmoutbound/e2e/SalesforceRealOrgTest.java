package dev.crmoutbound.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crmoutbound.Application;
import dev.crmoutbound.app.BatchRun;
import dev.crmoutbound.ledger.LedgerDatabase;
import dev.crmoutbound.sandbox.TestSandbox;
import dev.crmoutbound.sandbox.SandboxOptions;
import dev.crmoutbound.support.CapturedLogs;
import dev.crmoutbound.support.FakeSalesforce;
import dev.crmoutbound.support.LeadFiles;
import dev.crmoutbound.support.RunningApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Salesforce source against a fake org as strict as a real one: 1,000 records with every kind of
 * refusal mixed in, a field the integration user may not edit, and the org's API allowance running out.
 */
class SalesforceRealOrgTest {

    private static final String OWNER = "005000000000OWNR";

    @TempDir
    Path data;

    @Test
    void aThousandRecordsWithEveryKindOfRefusalEachEndAsSpecifiedWithinTheApiBudget() throws Exception {
        SandboxOptions options = SandboxOptions.defaults();
        options.concurrentLimit = 50;
        options.fixedCallSeconds = 200.0;
        try (TestSandbox sandbox = TestSandbox.start(options, 0); FakeSalesforce sf = FakeSalesforce.start();
             CapturedLogs logs = new CapturedLogs()) {
            sf.pageSize(2000);
            Map<String, String> kindOf = new HashMap<>();
            for (int i = 0; i < 1000; i++) {
                String id = String.format("00Q%012d", i);
                sf.addLead(id, Map.of("Phone", LeadFiles.phone(2000 + i), "AI_Call_Status__c", "Ready", "DoNotCall", false));
                String kind = switch (i % 50) {
                    case 1 -> "converted";
                    case 2 -> "validation";
                    case 3 -> "deleted after claim";
                    case 4 -> "locked";
                    default -> "plain";
                };
                kindOf.put(id, kind);
                switch (kind) {
                    case "converted" -> sf.setField(id, "IsConverted", true);
                    case "validation" -> sf.validationRule(id, "Phone must be verified before any update");
                    case "deleted after claim" -> sf.deleteAfterFirstUpdate(id);
                    case "locked" -> sf.lockRow(id, 2);
                    default -> { }
                }
            }
            Map<String, String> settings = settings(data, sandbox, sf);
            settings.put("salesforce.poll-ms", "60000"); // one poll takes them all; later polls cost one call a minute

            assertThat(Application.runBatch(RunningApp.batchMain(settings))).as("--batch ends").isZero();

            Map<String, Integer> calls = sandbox.callsPerNumber();
            assertThat(calls.values()).as("nobody twice").allMatch(n -> n == 1);
            Map<String, List<String>> idsByKind = kindOf.keySet().stream().collect(Collectors.groupingBy(kindOf::get));
            for (String id : idsByKind.get("converted")) {
                assertThat(sf.record(id)).as("a converted lead is not even read").containsEntry("AI_Call_Status__c", "Ready");
                assertThat(calls).doesNotContainKey(numberOf(sf, id));
            }
            for (String id : idsByKind.get("validation")) {
                assertThat(calls).as("a record whose claim Salesforce refuses is not called").doesNotContainKey(numberOf(sf, id));
                assertThat(sf.record(id)).containsEntry("AI_Call_Status__c", "Ready");
            }
            for (String id : idsByKind.get("locked")) {
                assertThat(sf.record(id)).as("a locked row is tried again").containsEntry("AI_Call_Status__c", "Called");
            }
            for (String id : idsByKind.get("plain")) {
                assertThat(sf.record(id)).containsEntry("AI_Call_Status__c", "Called").containsEntry("OwnerId", OWNER);
            }
            int called = calls.size();
            assertThat(called).isEqualTo(1000 - 20 - 20);
            assertThat(sf.tasks()).hasSize(called - 20); // a deleted record takes no Task
            try (LedgerDatabase ledger = LedgerDatabase.open(settings.getOrDefault("ledger.jdbc-url",
                    LedgerDatabase.defaultH2Url(data)), null, null, 2)) {
                assertThat(ledger.jdbc().queryOne("SELECT COUNT(*) FROM call_lead WHERE state = 'REJECTED' "
                        + "AND reason LIKE '%FIELD_CUSTOM_VALIDATION_EXCEPTION%'", rs -> rs.getInt(1))).contains(20);
                assertThat(ledger.jdbc().queryOne("SELECT COUNT(*) FROM crm_writeback WHERE state = 'REFUSED'",
                        rs -> rs.getInt(1))).as("the validation rule's and the deleted records' outcomes").contains(40);
            }
            double perLead = (double) sf.apiCalls() / called;
            assertThat(perLead).as("API calls per called lead (%d calls: %s)", sf.apiCalls(), sf.apiCallsByKind())
                    .isLessThanOrEqualTo(0.1);
            assertThat(logs.stackTraces()).isEmpty();
        }
    }

    @Test
    void aFieldTheIntegrationUserMayNotEditStopsSalesforceTrafficWithOneClearLine() throws Exception {
        SandboxOptions options = SandboxOptions.defaults();
        options.concurrentLimit = 5;
        options.fixedCallSeconds = 100.0;
        try (TestSandbox sandbox = TestSandbox.start(options, 0); FakeSalesforce sf = FakeSalesforce.start();
             CapturedLogs logs = new CapturedLogs()) {
            for (int i = 0; i < 5; i++) {
                sf.addLead(String.format("00Q%012d", i), Map.of("Phone", LeadFiles.phone(3000 + i), "AI_Call_Status__c", "Ready"));
            }
            sf.readOnly("AI_Call_Outcome__c");
            Map<String, String> settings = settings(data, sandbox, sf);

            assertThat(Application.runBatch(RunningApp.batchMain(settings))).isEqualTo(BatchRun.CAMPAIGN_HALTED);

            List<String> stopped = logs.lines().stream().filter(l -> l.contains("Salesforce traffic stopped")).toList();
            assertThat(stopped).isNotEmpty().allMatch(l -> l.contains("INVALID_FIELD_FOR_INSERT_UPDATE")
                    && l.contains("AI_Call_Outcome__c"));
            int callsWhenStopped = sf.apiCalls();
            assertThat(logs.stackTraces()).isEmpty();
            assertThat(sf.apiCalls()).isEqualTo(callsWhenStopped);
        }
    }

    @Test
    void theOrgsAllowanceSpentPausesSalesforceTrafficUntilItRecovers() throws Exception {
        SandboxOptions options = SandboxOptions.defaults();
        options.concurrentLimit = 10;
        options.fixedCallSeconds = 100.0;
        try (TestSandbox sandbox = TestSandbox.start(options, 0); FakeSalesforce sf = FakeSalesforce.start();
             CapturedLogs logs = new CapturedLogs()) {
            sf.pageSize(2000);
            for (int i = 0; i < 30; i++) {
                sf.addLead(String.format("00Q%012d", i), Map.of("Phone", LeadFiles.phone(4000 + i), "AI_Call_Status__c", "Ready"));
            }
            sf.apiAllowance(4); // a query, a claim, a write-back or two: then the org is dry
            Map<String, String> settings = settings(data, sandbox, sf);
            settings.put("salesforce.api-reserve-percent", "0");
            settings.put("salesforce.limit-pause-seconds", "2");

            CompletableFuture<Integer> batch = CompletableFuture.supplyAsync(() -> {
                try {
                    return Application.runBatch(RunningApp.batchMain(settings));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> sf.refusedForLimit() > 0);
            int refusedBeforeRecovery = sf.refusedForLimit();
            sf.apiAllowance(15_000);

            assertThat(batch.get(60, java.util.concurrent.TimeUnit.SECONDS)).isZero();
            assertThat(refusedBeforeRecovery).as("refused calls before the pause took hold").isLessThanOrEqualTo(3);
            assertThat(logs.warnings()).anyMatch(l -> l.contains("Salesforce traffic paused for 2 s"));
            assertThat(sandbox.callsPerNumber()).hasSize(30);
            for (int i = 0; i < 30; i++) {
                assertThat(sf.record(String.format("00Q%012d", i))).containsEntry("AI_Call_Status__c", "Called");
            }
        }
    }

    private static String numberOf(FakeSalesforce sf, String id) {
        return String.valueOf(sf.record(id).get("Phone"));
    }

    private static Map<String, String> settings(Path data, TestSandbox sandbox, FakeSalesforce sf) {
        Map<String, String> s = sf.addLoginSettings(RunningApp.settings(data, sandbox, sandbox.options().concurrentLimit));
        s.put("salesforce.poll-ms", "500");
        s.put("salesforce.claim-interval-ms", "300");
        s.put("salesforce.writeback-interval-ms", "1000");
        s.put("salesforce.writeback-backoff-ms", "200");
        s.put("salesforce.transcript-wait-ms", "500");
        // the API budget counts write-back batches, and a batch goes when its oldest outcome has waited this
        // long: at 2 s a run slowed down by a busy machine took 102 calls, over the budget of 96
        s.put("salesforce.writeback-fill-wait-ms", "5000");
        return s;
    }
}
