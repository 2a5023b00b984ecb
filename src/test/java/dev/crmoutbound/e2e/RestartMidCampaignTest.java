package dev.crmoutbound.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crmoutbound.sandbox.TestSandbox;
import dev.crmoutbound.sandbox.SandboxOptions;
import dev.crmoutbound.support.LeadFiles;
import dev.crmoutbound.support.Results;
import dev.crmoutbound.support.RunningApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service stops while calls are ringing and starts again: the calls in flight keep their slots,
 * their webhooks (retried by KrosAI while the service was down) settle them, nobody is dialed twice
 * and every lead ends up in the results.
 */
class RestartMidCampaignTest {

    @TempDir
    Path data;

    @Test
    void aRestartMidCampaignDialsNobodyTwiceAndLosesNothing() throws Exception {
        SandboxOptions options = SandboxOptions.defaults();
        options.concurrentLimit = 2;
        options.fixedCallSeconds = 3000.0; // 3 s each: longer than the first instance takes to stop
        try (TestSandbox sandbox = TestSandbox.start(options, 0)) {
            Map<String, String> settings = RunningApp.settings(data, sandbox, 2);
            settings.put("camel.server.port", String.valueOf(AvailablePortFinder.getNextAvailable()));
            settings.put("reconcile.interval-ms", "1000");

            try (RunningApp first = RunningApp.start(settings)) {
                LeadFiles.drop(data, "restart.csv", LeadFiles.numberedLeads(8, 700));
                await().atMost(Duration.ofSeconds(30)).until(() -> sandbox.callsPlaced() >= 3 && sandbox.activeCalls() == 2);
            }
            int placedBeforeRestart = sandbox.callsPlaced();
            assertThat(sandbox.activeCalls()).isEqualTo(2);

            try (RunningApp second = RunningApp.start(settings)) {
                Path results = Results.awaitFile(data, "restart.results.csv", Duration.ofSeconds(60));

                assertThat(Results.rows(results)).hasSize(8).allSatisfy(r -> {
                    assertThat(r.get("status")).isEqualTo("done");
                    assertThat(r.get("outcome")).isEqualTo("completed");
                    assertThat(r.get("attempts")).isEqualTo("1");
                });
            }
            assertThat(placedBeforeRestart).isLessThan(8);
            assertThat(sandbox.callsPerNumber()).hasSize(8).allSatisfy((n, calls) -> assertThat(calls).isEqualTo(1));
            assertThat(sandbox.maxActiveCalls()).isEqualTo(2);
            assertThat(sandbox.rateLimitedAnswers()).isZero();
        }
    }
}
