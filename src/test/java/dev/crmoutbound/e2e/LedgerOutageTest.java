package dev.crmoutbound.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crmoutbound.sandbox.TestSandbox;
import dev.crmoutbound.sandbox.SandboxOptions;
import dev.crmoutbound.support.CapturedLogs;
import dev.crmoutbound.support.LeadFiles;
import dev.crmoutbound.support.Results;
import dev.crmoutbound.support.RunningApp;
import dev.crmoutbound.support.TcpProxy;
import dev.crmoutbound.support.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL ledger goes away while a file arrives: the file is not the fault, so it waits in the
 * inbox (not in the error folder); every timer's failure is one line and then a summary, not a line (or
 * a stack trace) per tick; and once the ledger is back the file is called as if nothing happened.
 */
class LedgerOutageTest {

    @TempDir
    Path data;

    @Test
    void aFileWaitsOutALedgerOutageAndTheLogSaysSoInAFewLines() throws Exception {
        String schema = TestDatabase.freshPostgresSchema();
        try (TcpProxy proxy = new TcpProxy(5432);
             CapturedLogs logs = new CapturedLogs();
             TestSandbox sandbox = TestSandbox.start(SandboxOptions.defaults(), 0)) {
            Map<String, String> settings = RunningApp.settings(data, sandbox, 2);
            settings.put("ledger.jdbc-url", schema.replace(":5432/", ":" + proxy.port() + "/"));
            settings.put("ledger.connection-timeout-ms", "500");
            settings.put("faults.summary-interval-ms", "1000");
            try (RunningApp app = RunningApp.start(settings)) {
                proxy.cut();
                LeadFiles.drop(data, "leads.csv", LeadFiles.numberedLeads(5, 600));
                await().atMost(Duration.ofSeconds(30)).until(() -> logs.warnings().stream()
                        .anyMatch(l -> l.startsWith("Taking in lead files (left in the inbox for a later poll)")));
                int before = logs.warnings().size();
                await().atMost(Duration.ofSeconds(30)).until(() -> logs.warnings().stream()
                        .filter(l -> l.contains(" more time")).count() >= 6); // a few summary rounds
                assertThat(data.resolve("inbox/leads.csv")).exists();
                assertThat(data.resolve("error")).isEmptyDirectory();

                proxy.restore();
                Path results = Results.awaitFile(data, "leads.results.csv", Duration.ofSeconds(60));

                assertThat(Results.rows(results)).hasSize(5).allSatisfy(r -> assertThat(r.get("status")).isEqualTo("done"));
                List<String> warnings = logs.warnings();
                assertThat(warnings.size() - before).as("lines during the outage: %s", warnings).isLessThan(60);
                assertThat(logs.stackTraces()).isEmpty();
            }
        }
    }
}
