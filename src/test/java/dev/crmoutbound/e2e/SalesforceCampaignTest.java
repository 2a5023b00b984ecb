package dev.crmoutbound.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crmoutbound.Application;
import dev.crmoutbound.app.BatchRun;
import dev.crmoutbound.ledger.CrmWritebacks;
import dev.crmoutbound.ledger.LedgerDatabase;
import dev.crmoutbound.sandbox.TestSandbox;
import dev.crmoutbound.sandbox.SandboxOptions;
import dev.crmoutbound.support.CapturedLogs;
import dev.crmoutbound.support.FakeSalesforce;
import dev.crmoutbound.support.FakeSalesforce.Write;
import dev.crmoutbound.support.RunningApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.camel.main.Main;
import dev.crmoutbound.ops.ServiceMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leads from Salesforce by SOQL through the real camel-salesforce component, against a local fake
 * Salesforce: records claimed, called, and the outcome written back to each record with a call Task.
 */
class SalesforceCampaignTest {

    @TempDir
    Path data;

    private static Map<String, String> settings(Path data, TestSandbox sandbox, FakeSalesforce sf) {
        Map<String, String> s = sf.addLoginSettings(RunningApp.settings(data, sandbox, sandbox.options().concurrentLimit));
        s.put("salesforce.poll-ms", "300");
        s.put("salesforce.writeback-interval-ms", "200");
        s.put("salesforce.writeback-fill-wait-ms", "0");
        s.put("salesforce.writeback-backoff-ms", "100");
        return s;
    }

    @Test
    void readyLeadsAreClaimedCalledAndLoggedBackAsTasks() throws Exception {
        SandboxOptions options = SandboxOptions.defaults();
        options.concurrentLimit = 2;
        options.fixedCallSeconds = 60.0;
        try (TestSandbox sandbox = TestSandbox.start(options, 0);
             FakeSalesforce sf = FakeSalesforce.start();
             CapturedLogs logs = new CapturedLogs()) {
            sf.pageSize(2);
            sf.addLead("00Q000000000001", Map.of("Phone", "(415) 555-0101", "AI_Call_Status__c", "Ready", "DoNotCall", false,
                    "FirstName", "Ada", "Account", Map.of("Name", "Acme Corp"), "Secret__c", "not mapped"));
            sf.addLead("00Q000000000002", Map.of("Phone", "+1 628 555 0102", "AI_Call_Status__c", "Ready", "DoNotCall", false));
            sf.addLead("00Q000000000003", Map.of("Phone", "650-555-0103", "AI_Call_Status__c", "Ready", "DoNotCall", false));
            sf.addLead("00Q000000000004", Map.of("Phone", "408 555 0104", "AI_Call_Status__c", "Ready", "DoNotCall", true));
            sf.addLead("00Q000000000005", Map.of("Phone", "12", "AI_Call_Status__c", "Ready", "DoNotCall", false));
            sf.addLead("00Q000000000006", Map.of("Phone", "510 555 0106", "AI_Call_Status__c", "Not now", "DoNotCall", false));
            sf.failNextTaskCreates(1);

            Map<String, String> settings = settings(data, sandbox, sf);
            settings.put("salesforce.metadata-fields", "first_name=FirstName, company=Account.Name, Title");
            try (RunningApp app = RunningApp.start(settings)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> sandbox.callsPlaced() >= 1);
                sf.expireSession();
                await().atMost(Duration.ofSeconds(60)).until(() -> sf.tasks().size() >= 3
                        && app.bean("crmWritebacks", CrmWritebacks.class).countNotWrittenBack("salesforce") == 0);

                assertThat(sf.tasks()).as("one Task per call").hasSize(3);
                int webhooksBefore = sandbox.webhooksDelivered();
                assertThat(sandbox.redeliverTerminalWebhooks()).isEqualTo(3);
                await().atMost(Duration.ofSeconds(10)).until(() -> sandbox.webhooksDelivered() >= webhooksBefore + 6);
                int writesAfterReplay = sf.writes().size();
                await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                        .until(() -> sf.writes().size() == writesAfterReplay);
                assertThat(sf.tasks()).as("replayed webhooks log no second Task").hasSize(3);

                // how many times the record was patched depends on which batch the failed Task creation hit
                int patchedBefore = patches(sf, "00Q000000000001").size();
                sf.setField("00Q000000000001", "AI_Call_Status__c", "Ready");
                await().atMost(Duration.ofSeconds(10)).until(() -> patches(sf, "00Q000000000001").size() > patchedBefore
                        && "Called".equals(sf.record("00Q000000000001").get("AI_Call_Status__c")));
                assertThat(sf.tasks()).as("a record marked ready again is not called again in the campaign").hasSize(3);
                for (String id : List.of("00Q000000000001", "00Q000000000002", "00Q000000000003")) {
                    assertThat(sf.record(id)).as("assignment rules left alone").containsEntry("OwnerId", "005000000000OWNR");
                    assertThat(sf.record(id)).containsEntry("AI_Call_Status__c", "Called")
                            .containsEntry("AI_Call_Outcome__c", "completed").containsKey("AI_Last_Called_At__c");
                    assertThat(patches(sf, id).get(0)).isEqualTo(Map.of("AI_Call_Status__c", "Queued"));
                    Write task = sf.tasks().stream().filter(t -> id.equals(t.body().get("WhoId"))).findFirst().orElseThrow();
                    assertThat(task.body()).containsEntry("TaskSubtype", "Call").containsEntry("CallType", "Outbound")
                            .containsEntry("Status", "Completed").containsEntry("CallDisposition", "completed")
                            .containsEntry("CallDurationInSeconds", 60)
                            .containsEntry("CallObject", sf.record(id).get("AI_Last_Call_Id__c"));
                    assertThat((String) task.body().get("Description")).contains("completed", "60 s",
                            "Transcript (start):", "customer: Sure, go ahead.");
                    if (id.endsWith("1")) {
                        assertThat((String) task.body().get("Description")).contains("agent: Hi Ada,");
                    }
                }
                assertThat(sf.record("00Q000000000004")).containsEntry("AI_Call_Status__c", "Rejected");
                assertThat((String) sf.record("00Q000000000004").get("AI_Call_Outcome__c")).contains("DoNotCall");
                assertThat(sf.record("00Q000000000005")).containsEntry("AI_Call_Status__c", "Rejected");
                assertThat(sf.record("00Q000000000006")).containsEntry("AI_Call_Status__c", "Not now");
                assertThat(patches(sf, "00Q000000000006")).isEmpty();
            }
            assertThat(sandbox.callsPerNumber()).hasSize(3).allSatisfy((n, calls) -> assertThat(calls).isEqualTo(1));
            JsonNode metadata = sandbox.metadataOfCallsTo("+14155550101").get(0);
            assertThat(metadata.path("first_name").asText()).isEqualTo("Ada");
            assertThat(metadata.path("company").asText()).isEqualTo("Acme Corp");
            assertThat(metadata.has("Title")).as("a mapped field the record leaves empty is left out").isFalse();
            assertThat(metadata.has("Secret__c")).isFalse();
            assertThat(metadata.path("record_key").asText()).isEqualTo("00Q000000000001");
            assertThat(metadata.path("source").asText()).isEqualTo("salesforce");
            assertThat(sf.grants()).as("logged in again after the session expired").hasSizeGreaterThanOrEqualTo(2);
            assertThat(logs.lines()).anyMatch(l -> l.contains("STORAGE_LIMIT_EXCEEDED"));
            assertThat(logs.lines()).noneMatch(l -> l.contains(FakeSalesforce.PASSWORD) || l.contains(FakeSalesforce.CLIENT_SECRET));
        }
    }

    @Test
    void aNextPageSalesforceRefusesEndsThatPollAndTheNextPollTakesTheRest() throws Exception {
        SandboxOptions options = SandboxOptions.defaults();
        options.concurrentLimit = 2;
        options.fixedCallSeconds = 1.0;
        try (TestSandbox sandbox = TestSandbox.start(options, 0);
             FakeSalesforce sf = FakeSalesforce.start()) {
            sf.pageSize(2);
            for (int i = 1; i <= 5; i++) {
                sf.addLead("00Q00000000010" + i, Map.of("Phone", "415 555 010" + i, "AI_Call_Status__c", "Ready", "DoNotCall", false));
            }
            sf.failNextPages(1);
            try (RunningApp app = RunningApp.start(settings(data, sandbox, sf))) {
                await().atMost(Duration.ofSeconds(30)).until(() -> sandbox.callsPerNumber().size() == 5);
            }
            assertThat(sandbox.callsPerNumber()).allSatisfy((n, calls) -> assertThat(calls).isEqualTo(1));
        }
    }

    private static List<Map<String, Object>> patches(FakeSalesforce sf, String id) {
        return sf.writes().stream().filter(w -> w.method().equals("PATCH") && w.id().equals(id)).map(Write::body).toList();
    }

    @Test
    void writeBacksSalesforceKeepsRefusingAreDeadLettersUntilReplayedAndNoTaskIsLoggedTwice() throws Exception {
        SandboxOptions options = SandboxOptions.defaults();
        options.concurrentLimit = 2;
        options.fixedCallSeconds = 30.0;
        options.transcripts = false;
        try (TestSandbox sandbox = TestSandbox.start(options, 0); FakeSalesforce sf = FakeSalesforce.start()) {
            sf.addLead("00Q000000000011", Map.of("Phone", "(415) 555-0111", "AI_Call_Status__c", "Ready", "DoNotCall", false));
            sf.addLead("00Q000000000012", Map.of("Phone", "(415) 555-0112", "AI_Call_Status__c", "Ready", "DoNotCall", false));
            Map<String, String> settings = settings(data, sandbox, sf);
            settings.put("salesforce.writeback-max-attempts", "2");
            settings.put("salesforce.transcript-wait-ms", "1500");
            sf.failNextTaskCreates(100);

            Main first = RunningApp.batchMain(settings);
            AtomicReference<ServiceMetrics> metrics = new AtomicReference<>();
            first.addMainListener(new MainListenerSupport() {
                @Override
                public void afterStart(BaseMainSupport started) {
                    metrics.set(started.getCamelContext().getRegistry().lookupByNameAndType("serviceMetrics", ServiceMetrics.class));
                }
            });
            assertThat(Application.runBatch(first)).isEqualTo(BatchRun.WRITEBACK_FAILED);
            assertThat(sf.tasks()).isEmpty();
            MeterRegistry meters = metrics.get().registry();
            assertThat(meters.counter("crm_writeback", "crm", "salesforce", "result", "retry").count())
                    .as("a failure tried again per lead").isEqualTo(2.0);
            assertThat(meters.counter("crm_writeback", "crm", "salesforce", "result", "dead_letter").count()).isEqualTo(2.0);

            sf.failNextTaskCreates(0);
            settings.put("replay-dead-letters", "true");
            assertThat(Application.runBatch(RunningApp.batchMain(settings))).isZero();
            assertThat(sf.tasks()).hasSize(2);
            assertThat(sf.tasks()).as("written without a transcript once the wait ran out")
                    .allSatisfy(t -> assertThat((String) t.body().get("Description")).doesNotContain("Transcript"));

            // a pass cut short after Salesforce created the Task, before the ledger noted it
            try (LedgerDatabase ledger = LedgerDatabase.open(settings.getOrDefault("ledger.jdbc-url",
                    LedgerDatabase.defaultH2Url(data)), null, null, 2)) {
                ledger.jdbc().update("UPDATE crm_writeback SET state = 'PENDING', task_id = NULL");
            }
            settings.remove("replay-dead-letters");
            assertThat(Application.runBatch(RunningApp.batchMain(settings))).isZero();
            assertThat(sf.tasks()).as("the Task already there is found, not logged again").hasSize(2);
            assertThat(sandbox.callsPerNumber()).hasSize(2).allSatisfy((n, calls) -> assertThat(calls).isEqualTo(1));
        }
    }
}
