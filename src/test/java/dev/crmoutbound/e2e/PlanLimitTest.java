package dev.crmoutbound.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmoutbound.sandbox.TestSandbox;
import dev.crmoutbound.sandbox.SandboxOptions;
import dev.crmoutbound.support.LeadFiles;
import dev.crmoutbound.support.Results;
import dev.crmoutbound.support.RunningApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Thirty leads on a plan of two: never more than two calls at once, and KrosAI never had to say 429. */
class PlanLimitTest {

    @TempDir
    Path data;

    @Test
    void neverMoreCallsAtOnceThanThePlanAllows() throws Exception {
        SandboxOptions options = SandboxOptions.defaults();
        options.concurrentLimit = 2;
        options.timeScale = 0.002; // the seeded mix: calls of 2 s to 4 min become 4 to 480 ms
        try (TestSandbox sandbox = TestSandbox.start(options, 0);
             RunningApp app = RunningApp.start(RunningApp.settings(data, sandbox, 2))) {
            LeadFiles.drop(data, "thirty.csv", LeadFiles.numberedLeads(30, 1));

            Path results = Results.awaitFile(data, "thirty.results.csv", Duration.ofSeconds(60));

            List<Map<String, String>> rows = Results.rows(results);
            assertThat(rows).hasSize(30);
            assertThat(rows).allSatisfy(r -> assertThat(r.get("status")).isEqualTo("done"));
            assertThat(sandbox.callsPlaced()).isEqualTo(30);
            assertThat(sandbox.maxActiveCalls()).isEqualTo(2);
            assertThat(sandbox.rateLimitedAnswers()).isZero();
            assertThat(sandbox.callsPerNumber().values()).containsOnly(1);
        }
    }
}
