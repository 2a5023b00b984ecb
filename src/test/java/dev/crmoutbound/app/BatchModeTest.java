package dev.crmoutbound.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmoutbound.Application;
import dev.crmoutbound.sandbox.TestSandbox;
import dev.crmoutbound.sandbox.SandboxOptions;
import dev.crmoutbound.support.LeadFiles;
import dev.crmoutbound.support.Results;
import dev.crmoutbound.support.RunningApp;
import dev.crmoutbound.support.SftpScenario;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.apache.camel.main.Main;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar crm-outbound-calls.jar --batch}: runs what the inbox holds and says how it went. */
class BatchModeTest {

    @TempDir
    Path data;

    private Main app(Map<String, String> settings) {
        Main main = Application.create();
        main.addOverrideProperty("data.dir", data.toString());
        int port = AvailablePortFinder.getNextAvailable();
        main.addOverrideProperty("camel.server.port", String.valueOf(port));
        main.addOverrideProperty("webhook.public-url", "http://127.0.0.1:" + port + "/webhooks/krosai");
        main.addOverrideProperty("camel.main.shutdown-timeout", "5");
        settings.forEach(main::addOverrideProperty);
        return main;
    }

    @Test
    void theShippedSampleRunsAgainstTheEmbeddedSandboxAndExitsZero() throws Exception {
        LeadFiles.drop(data, "leads.csv", Files.readAllBytes(Path.of("config/sample/leads.csv")));

        int exit = Application.runBatch(app(Map.of("krosai.plan", "pro")));

        assertThat(exit).isZero();
        Path results = data.resolve("outbox/leads.results.csv");
        assertThat(Results.rows(results)).hasSize(20)
                .allSatisfy(r -> assertThat(r.get("status")).isIn("done", "rejected"));
        assertThat(data.resolve("inbox")).isEmptyDirectory();
    }

    @Test
    void anEmptyInboxIsNothingToDo() throws Exception {
        assertThat(Application.runBatch(app(Map.of()))).isZero();
    }

    @Test
    void anUnreadableFileGoesToTheErrorFolderWithAReportAndTheRunSaysSo() throws Exception {
        LeadFiles.drop(data, "no-phone.csv", "name,email\nAda,ada@example.com\n".getBytes(StandardCharsets.UTF_8));
        LeadFiles.drop(data, "binary.csv", new byte[] {'p', 'h', 'o', 'n', 'e', '\n', (byte) 0xC3, (byte) 0x28, '\n'});

        int exit = Application.runBatch(app(Map.of()));

        assertThat(exit).isEqualTo(BatchRun.FILE_REJECTED);
        assertThat(data.resolve("error/no-phone.csv")).exists();
        assertThat(Files.readString(data.resolve("error/no-phone.csv.error.txt"))).contains("no phone column");
        assertThat(data.resolve("error/binary.csv")).exists();
        assertThat(Files.readString(data.resolve("error/binary.csv.error.txt"))).containsIgnoringCase("UTF-8");
        assertThat(data.resolve("outbox")).isEmptyDirectory();
    }

    @Test
    void aStoppedCampaignExitsNonZeroWithLeadsKept() throws Exception {
        SandboxOptions options = SandboxOptions.defaults();
        options.endpoints = Set.of("ep_other");
        try (TestSandbox sandbox = TestSandbox.start(options, 0)) {
            Map<String, String> settings = RunningApp.settings(data, sandbox, 1);
            LeadFiles.drop(data, "leads.csv", LeadFiles.numberedLeads(3, 900));

            int exit = Application.runBatch(app(settings));

            assertThat(exit).isEqualTo(BatchRun.CAMPAIGN_HALTED);
            assertThat(sandbox.callsPlaced()).isZero();
        }
    }

    @Test
    void anSftpDropRunsUntilItsResultsAreUploadedAndTheInputMoved(@TempDir Path remote) throws Exception {
        try (SftpScenario sftp = SftpScenario.start(data, remote)) {
            sftp.server.upload("inbox/nightly.csv", LeadFiles.numberedLeads(4, 950));

            int exit = Application.runBatch(app(sftp.settings));

            assertThat(exit).isZero();
            assertThat(Results.rows(sftp.server.file("results/nightly.results.csv"))).hasSize(4);
            assertThat(sftp.server.file("processed/nightly.csv")).exists();
            assertThat(sftp.server.file("inbox")).isEmptyDirectory();
        }
    }

    @Test
    void anUnreachableSftpServerEndsTheRunWithExitFourAndTheNextRunCarriesOn(@TempDir Path remote) throws Exception {
        try (SftpScenario sftp = SftpScenario.start(data, remote)) {
            sftp.settings.put("sftp.batch-give-up-seconds", "2");
            sftp.server.upload("inbox/nightly.csv", LeadFiles.numberedLeads(3, 970));
            sftp.server.stopServer();

            assertThat(Application.runBatch(app(sftp.settings))).isEqualTo(BatchRun.SFTP_UNREACHABLE);
            assertThat(sftp.logs.lines()).anyMatch(l -> l.startsWith("The SFTP server has been out of reach for"));

            sftp.server.startServer();
            assertThat(Application.runBatch(app(sftp.settings))).isZero();
            assertThat(Results.rows(sftp.server.file("results/nightly.results.csv"))).hasSize(3);
        }
    }
}
