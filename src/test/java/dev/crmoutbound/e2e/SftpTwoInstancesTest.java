package dev.crmoutbound.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crmoutbound.sandbox.SandboxOptions;
import dev.crmoutbound.support.LeadFiles;
import dev.crmoutbound.support.Results;
import dev.crmoutbound.support.RunningApp;
import dev.crmoutbound.support.SftpScenario;
import dev.crmoutbound.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances on one PostgreSQL ledger polling the same SFTP inbox: the file is taken in once as far
 * as anyone can tell (one batch, each lead dialed once, one results file), whichever instance reads it.
 */
class SftpTwoInstancesTest {

    @TempDir
    Path data;

    @TempDir
    Path remote;

    @Test
    void twoInstancesOnOneLedgerTakeAFileInOnce() throws Exception {
        SandboxOptions options = SandboxOptions.defaults();
        options.concurrentLimit = 4;
        options.fixedCallSeconds = 200.0;
        try (SftpScenario sftp = SftpScenario.start(data.resolve("a"), remote, options)) {
            Map<String, String> a = sftp.settings;
            a.put("ledger.jdbc-url", TestDatabase.freshPostgresSchema());
            a.put("krosai.concurrent-limit", "2");
            Map<String, String> b = new HashMap<>(a);
            b.put("data.dir", data.resolve("b").toString());
            sftp.server.upload("inbox/shared.csv", LeadFiles.numberedLeads(10, 800));

            try (RunningApp first = RunningApp.start(a); RunningApp second = RunningApp.start(b)) {
                Path results = sftp.awaitRemoteResults("shared.results.csv", Duration.ofSeconds(60));
                await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(sftp.server.file("processed/shared.csv")));

                assertThat(Results.rows(results)).hasSize(10).allSatisfy(r -> assertThat(r.get("status")).isEqualTo("done"));
                assertThat(sftp.filesIn("results")).isEqualTo(1);
            }
            assertThat(sftp.sandbox.callsPerNumber()).hasSize(10).allSatisfy((n, calls) -> assertThat(calls).isEqualTo(1));
            assertThat(sftp.intakeLines("shared.csv")).filteredOn(l -> l.contains("queued to call"))
                    .filteredOn(l -> !l.contains(" 0 queued")).containsExactly("shared.csv: 10 rows, 10 queued to call, 0 rejected");
        }
    }
}
