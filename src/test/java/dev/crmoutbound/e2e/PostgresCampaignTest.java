package dev.crmoutbound.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmoutbound.sandbox.TestSandbox;
import dev.crmoutbound.sandbox.SandboxOptions;
import dev.crmoutbound.support.LeadFiles;
import dev.crmoutbound.support.Results;
import dev.crmoutbound.support.RunningApp;
import dev.crmoutbound.support.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole campaign with the ledger on PostgreSQL, as a multi-instance deployment runs it. */
class PostgresCampaignTest {

    @TempDir
    Path data;

    @Test
    void aCampaignRunsEndToEndWithTheLedgerOnPostgres() throws Exception {
        SandboxOptions options = SandboxOptions.defaults();
        options.concurrentLimit = 3;
        try (TestSandbox sandbox = TestSandbox.start(options, 0)) {
            Map<String, String> settings = RunningApp.settings(data, sandbox, 3);
            settings.put("ledger.jdbc-url", TestDatabase.freshPostgresSchema());
            try (RunningApp app = RunningApp.start(settings)) {
                LeadFiles.drop(data, "pg.csv", LeadFiles.numberedLeads(12, 800));

                Path results = Results.awaitFile(data, "pg.results.csv", Duration.ofSeconds(60));

                assertThat(Results.rows(results)).hasSize(12).allSatisfy(r -> assertThat(r.get("status")).isEqualTo("done"));
                assertThat(sandbox.maxActiveCalls()).isLessThanOrEqualTo(3);
                assertThat(sandbox.rateLimitedAnswers()).isZero();
                assertThat(sandbox.callsPerNumber()).hasSize(12).allSatisfy((n, calls) -> assertThat(calls).isEqualTo(1));
                assertThat(data.resolve("ledger")).doesNotExist();
            }
        }
    }
}
