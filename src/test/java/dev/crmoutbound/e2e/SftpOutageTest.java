package dev.crmoutbound.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crmoutbound.sandbox.SandboxOptions;
import dev.crmoutbound.support.LeadFiles;
import dev.crmoutbound.support.Results;
import dev.crmoutbound.support.RunningApp;
import dev.crmoutbound.support.SftpScenario;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SFTP server or this service goes away at the worst moment: nothing is lost, nobody is dialed twice. */
class SftpOutageTest {

    @TempDir
    Path data;

    @TempDir
    Path remote;

    @Test
    void theServerGoingAwayMidCampaignDelaysTheResultsButLosesNothing() throws Exception {
        try (SftpScenario sftp = SftpScenario.start(data, remote, twoSlots(500.0))) {
            sftp.server.upload("inbox/nightly.csv", LeadFiles.numberedLeads(12, 400));

            try (RunningApp app = RunningApp.start(sftp.settings)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> sftp.sandbox.callsPlaced() >= 1);
                sftp.server.stopServer();

                Path localResults = Results.awaitFile(data, "nightly.results.csv", Duration.ofSeconds(60));
                assertThat(Results.rows(localResults)).hasSize(12);
                await().atMost(Duration.ofSeconds(30)).until(() -> sftp.logs.lines().stream()
                        .anyMatch(l -> l.startsWith("Delivering results by SFTP (tried again later): ")));
                assertThat(sftp.server.file("results/nightly.results.csv")).doesNotExist();

                sftp.server.startServer();
                Path results = sftp.awaitRemoteResults("nightly.results.csv", Duration.ofSeconds(60));

                assertThat(Results.rows(results)).hasSize(12).allSatisfy(r -> assertThat(r.get("status")).isEqualTo("done"));
                await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(sftp.server.file("processed/nightly.csv")));
                assertThat(sftp.filesIn("inbox")).isZero();
                assertThat(sftp.filesIn("results")).as("no temporary file left behind").isEqualTo(1);
            }
            assertThat(sftp.sandbox.callsPerNumber()).hasSize(12).allSatisfy((n, calls) -> assertThat(calls).isEqualTo(1));
            assertThat(sftp.intakeLines("nightly.csv")).hasSize(1);
        }
    }

    @Test
    void transfersCutOffHalfwayAreMadeAgainWhole() throws Exception {
        try (SftpScenario sftp = SftpScenario.start(data, remote, twoSlots(100.0))) {
            byte[] csv = wideLeads(12, 500);
            assertThat(csv.length).as("larger than one SFTP read").isGreaterThan(100_000);
            sftp.server.upload("inbox/wide.csv", csv);
            sftp.server.dropNextDownload();
            sftp.server.dropNextUpload();

            try (RunningApp app = RunningApp.start(sftp.settings)) {
                Path results = sftp.awaitRemoteResults("wide.results.csv", Duration.ofSeconds(60));

                assertThat(Results.rows(results)).hasSize(12).allSatisfy(r -> assertThat(r.get("status")).isEqualTo("done"));
                await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(sftp.server.file("processed/wide.csv")));
                assertThat(sftp.filesIn("results")).as("the cut-off upload's temporary file was replaced").isEqualTo(1);
            }
            assertThat(sftp.server.transfersDropped()).isEqualTo(2);
            assertThat(sftp.intakeLines("wide.csv")).containsExactly("wide.csv: 12 rows, 12 queued to call, 0 rejected");
            assertThat(sftp.sandbox.callsPerNumber()).hasSize(12).allSatisfy((n, calls) -> assertThat(calls).isEqualTo(1));
        }
    }

    @Test
    void aRestartOfThisServiceDoesNotTakeTheSameFileAgain() throws Exception {
        try (SftpScenario sftp = SftpScenario.start(data, remote, twoSlots(1000.0))) {
            sftp.settings.put("camel.server.port", String.valueOf(AvailablePortFinder.getNextAvailable()));
            sftp.server.upload("inbox/again.csv", LeadFiles.numberedLeads(8, 600));

            try (RunningApp first = RunningApp.start(sftp.settings)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> sftp.sandbox.callsPlaced() >= 2);
            }
            assertThat(sftp.server.file("inbox/again.csv")).as("stays until its results go back").exists();
            try (RunningApp second = RunningApp.start(sftp.settings)) {
                sftp.awaitRemoteResults("again.results.csv", Duration.ofSeconds(60));
            }
            assertThat(sftp.intakeLines("again.csv")).hasSize(1);
            assertThat(sftp.sandbox.callsPerNumber()).hasSize(8).allSatisfy((n, calls) -> assertThat(calls).isEqualTo(1));
        }
    }

    /** Two concurrent calls, each lasting {@code callSeconds} sandbox seconds (a thousandth of that for real). */
    private static SandboxOptions twoSlots(double callSeconds) {
        SandboxOptions options = SandboxOptions.defaults();
        options.concurrentLimit = 2;
        options.fixedCallSeconds = callSeconds;
        return options;
    }

    /** Leads with a long notes column, so the file spans many SFTP reads. */
    private static byte[] wideLeads(int count, int first) {
        StringBuilder csv = new StringBuilder("id,phone,notes\n");
        String notes = "n".repeat(10_000);
        for (int i = 0; i < count; i++) {
            csv.append("W").append(first + i).append(',').append(LeadFiles.phone(first + i)).append(',')
                    .append(notes).append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }
}
