package dev.crmoutbound.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crmoutbound.ledger.CampaignControl;
import dev.crmoutbound.ledger.AccountSlots;
import dev.crmoutbound.config.Campaign;
import dev.crmoutbound.dialer.DialPump;
import dev.crmoutbound.sandbox.TestSandbox;
import dev.crmoutbound.sandbox.SandboxOptions;
import dev.crmoutbound.support.CapturedLogs;
import dev.crmoutbound.support.LeadFiles;
import dev.crmoutbound.support.Results;
import dev.crmoutbound.support.RunningApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What KrosAI refuses: 429 storms are waited out; account errors halt the campaign with the leads kept. */
class RateLimitAndAccountErrorsTest {

    @TempDir
    Path data;

    @Test
    void a429StormIsWaitedOutWithNobodyLostOrDialedTwice() throws Exception {
        SandboxOptions options = SandboxOptions.defaults();
        options.concurrentLimit = 3;
        options.fixedCallSeconds = 100.0;
        options.retryAfterSeconds = 1;
        try (TestSandbox sandbox = TestSandbox.start(options, 0);
             RunningApp app = RunningApp.start(RunningApp.settings(data, sandbox, 3))) {
            sandbox.answerRateLimited(12);
            LeadFiles.drop(data, "storm.csv", LeadFiles.numberedLeads(15, 100));

            Path results = Results.awaitFile(data, "storm.results.csv", Duration.ofSeconds(60));

            assertThat(sandbox.rateLimitedAnswers()).isEqualTo(12);
            assertThat(Results.rows(results)).hasSize(15).allSatisfy(r -> {
                assertThat(r.get("outcome")).isEqualTo("completed");
                assertThat(r.get("attempts")).isEqualTo("1");
            });
            assertThat(sandbox.callsPerNumber()).hasSize(15).allSatisfy((n, calls) -> assertThat(calls).isEqualTo(1));
        }
    }

    @Test
    void callsPlacedBySomeoneElseOnTheAccountLowerItsLimitInsteadOfMeeting429s() throws Exception {
        SandboxOptions options = SandboxOptions.defaults();
        options.concurrentLimit = 2;
        options.fixedCallSeconds = 300.0;
        try (TestSandbox sandbox = TestSandbox.start(options, 0)) {
            sandbox.setExternalCalls(2);
            Map<String, String> settings = RunningApp.settings(data, sandbox, 2);
            settings.put("krosai.outside-calls-interval-ms", "200");
            try (RunningApp app = RunningApp.start(settings)) {
                AccountSlots slots = app.bean("accountSlots", AccountSlots.class);
                await().atMost(Duration.ofSeconds(10)).until(() -> slots.usage(Campaign.DEFAULT_ACCOUNT).outside() == 2);
                LeadFiles.drop(data, "shared.csv", LeadFiles.numberedLeads(4, 200));
                await().atMost(Duration.ofSeconds(10)).until(() -> app.ledger().summary("default").get("QUEUED") == Integer.valueOf(4));
                long rounds = app.bean("dialPump", DialPump.class).rounds();
                await().atMost(Duration.ofSeconds(10)).until(() -> app.bean("dialPump", DialPump.class).rounds() > rounds + 3);
                assertThat(sandbox.callRequests()).as("no slot is free: nothing is asked for").isZero();

                sandbox.setExternalCalls(1);
                Path results = Results.awaitFile(data, "shared.results.csv", Duration.ofSeconds(60));

                assertThat(Results.rows(results)).hasSize(4).allSatisfy(r -> assertThat(r.get("outcome")).isEqualTo("completed"));
                assertThat(sandbox.callsPerNumber()).hasSize(4).allSatisfy((n, calls) -> assertThat(calls).isEqualTo(1));
                assertThat(sandbox.maxActiveCalls()).as("one slot left by the outside call").isEqualTo(1);
                assertThat(sandbox.rateLimitedAnswers()).isZero();
            }
        }
    }

    @Test
    void aNumberNotOwnedStopsTheCampaignAndKeepsEveryLeadQueued() throws Exception {
        SandboxOptions options = SandboxOptions.defaults();
        options.ownedNumbers = Set.of("+14155550199");
        try (CapturedLogs logs = new CapturedLogs();
             TestSandbox sandbox = TestSandbox.start(options, 0);
             RunningApp app = RunningApp.start(RunningApp.settings(data, sandbox, 1))) {
            LeadFiles.drop(data, "stopped.csv", LeadFiles.numberedLeads(5, 300));

            await().atMost(Duration.ofSeconds(20)).until(() -> app.campaigns().status("default")
                    .map(s -> s.state() == CampaignControl.State.STOPPED).orElse(false));

            assertThat(app.campaigns().status("default").orElseThrow().reason()).contains("from_number is not owned");
            assertThat(sandbox.callsPlaced()).isZero();
            await().atMost(Duration.ofSeconds(5)).until(() -> app.ledger().summary("default").equals(Map.of("QUEUED", 5)));
            assertThat(sandbox.callRequests()).isEqualTo(1);
            assertThat(logs.lines()).anyMatch(l -> l.contains("STOPPED") && l.contains("from_number is not owned"));
        }
    }

    @Test
    void insufficientBalancePausesTheCampaignAndKeepsEveryLeadQueued() throws Exception {
        SandboxOptions options = SandboxOptions.defaults();
        options.balanceCents = 0;
        try (TestSandbox sandbox = TestSandbox.start(options, 0);
             RunningApp app = RunningApp.start(RunningApp.settings(data, sandbox, 1))) {
            LeadFiles.drop(data, "broke.csv", LeadFiles.numberedLeads(3, 400));

            await().atMost(Duration.ofSeconds(20)).until(() -> app.campaigns().status("default")
                    .map(s -> s.state() == CampaignControl.State.PAUSED).orElse(false));

            assertThat(app.campaigns().status("default").orElseThrow().reason()).contains("insufficient balance");
            await().atMost(Duration.ofSeconds(5)).until(() -> app.ledger().summary("default").equals(Map.of("QUEUED", 3)));
            assertThat(sandbox.callsPlaced()).isZero();
        }
    }

    @Test
    void aRejectedApiKeyStopsTheCampaign() throws Exception {
        try (TestSandbox sandbox = TestSandbox.start(SandboxOptions.defaults(), 0)) {
            Map<String, String> settings = RunningApp.settings(data, sandbox, 1);
            settings.put("krosai.api-key", "kros_test_wrong");
            try (RunningApp app = RunningApp.start(settings)) {
                LeadFiles.drop(data, "unauthorised.csv", LeadFiles.numberedLeads(2, 500));

                await().atMost(Duration.ofSeconds(20)).until(() -> app.campaigns().status("default")
                        .map(s -> s.state() == CampaignControl.State.STOPPED).orElse(false));

                assertThat(app.campaigns().status("default").orElseThrow().reason()).contains("KROSAI_API_KEY");
                assertThat(app.ledger().summary("default")).isEqualTo(Map.of("QUEUED", 2));
            }
        }
    }
}
