package dev.crmoutbound.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.crmoutbound.ledger.BatchStore;
import dev.crmoutbound.sandbox.SandboxOptions;
import dev.crmoutbound.support.LeadFiles;
import dev.crmoutbound.support.Results;
import dev.crmoutbound.support.RunningApp;
import dev.crmoutbound.support.SftpScenario;
import dev.crmoutbound.support.SftpTestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Leads from a real SFTP server (Apache MINA SSHD), called through the sandbox, results uploaded back:
 * the flow a vendor sees from their side of the server.
 */
class SftpDropTest {

    @TempDir
    Path data;

    @TempDir
    Path remote;

    @Test
    void aCsvUploadedBySftpIsCalledAndItsResultsGoBackBeforeTheInputMoves() throws Exception {
        SandboxOptions options = SandboxOptions.defaults();
        options.concurrentLimit = 2;
        options.fixedCallSeconds = 100.0;
        try (SftpScenario sftp = SftpScenario.start(data, remote, options)) {
            sftp.server.upload("inbox/vendor-leads.csv", LeadFiles.numberedLeads(6, 100));

            try (RunningApp app = RunningApp.start(sftp.settings)) {
                Path results = sftp.awaitRemoteResults("vendor-leads.results.csv", Duration.ofSeconds(60));

                assertThat(Results.rows(results)).hasSize(6).allSatisfy(r -> {
                    assertThat(r.get("status")).isEqualTo("done");
                    assertThat(r.get("outcome")).isEqualTo("completed");
                });
                assertThat(Results.rows(results)).extracting(r -> r.get("id"))
                        .containsExactly("R100", "R101", "R102", "R103", "R104", "R105");
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> Files.exists(sftp.server.file("processed/vendor-leads.csv")));
                assertThat(sftp.filesIn("inbox")).isZero();
                assertThat(sftp.filesIn("results")).as("no temporary file left behind").isEqualTo(1);
                await().atMost(Duration.ofSeconds(10)).until(() ->
                        app.bean("batchStore", BatchStore.class).awaitingDelivery("sftp").isEmpty());
            }
            assertThat(sftp.sandbox.callsPerNumber()).hasSize(6).allSatisfy((n, calls) -> assertThat(calls).isEqualTo(1));
            assertThat(sftp.logs.lines()).noneMatch(l -> l.contains("BEGIN OPENSSH PRIVATE KEY"));
        }
    }

    @Test
    void aCampaignsSubfolderOnTheServerSelectsItAndItsResultsGoBackBesideTheFolder() throws Exception {
        Path campaigns = Files.createDirectories(data.resolve("campaigns"));
        for (String id : new String[] {"general", "renewals"}) {
            Files.writeString(campaigns.resolve(id + ".yaml"), "id: " + id + "\nfrom_number: \"+14155550100\"\n"
                    + "endpoint_id: ep_sandbox\ncalling_window: \"00:00-24:00\"\n");
        }
        SandboxOptions options = SandboxOptions.defaults();
        options.concurrentLimit = 2;
        try (SftpScenario sftp = SftpScenario.start(data, remote, options)) {
            sftp.settings.put("campaigns.dir", campaigns.toString());
            sftp.settings.put("campaigns.default", "general");
            sftp.server.upload("inbox/leads.csv", LeadFiles.numberedLeads(2, 300));
            Files.createDirectories(sftp.server.file("inbox/renewals"));
            sftp.server.upload("inbox/renewals/leads.csv", LeadFiles.numberedLeads(3, 400));

            try (RunningApp app = RunningApp.start(sftp.settings)) {
                Path general = sftp.awaitRemoteResults("leads.results.csv", Duration.ofSeconds(60));
                Path renewals = sftp.awaitRemoteResults("renewals/leads.results.csv", Duration.ofSeconds(60));

                assertThat(Results.rows(general)).extracting(r -> r.get("campaign")).containsExactly("general", "general");
                assertThat(Results.rows(renewals)).extracting(r -> r.get("campaign"))
                        .containsExactly("renewals", "renewals", "renewals");
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> Files.exists(sftp.server.file("processed/renewals/leads.csv"))
                                && Files.exists(sftp.server.file("processed/leads.csv")));
                assertThat(sftp.filesIn("inbox/renewals")).isZero();
                assertThat(sftp.filesIn("results/renewals")).as("no temporary file left behind").isEqualTo(1);
            }
            assertThat(sftp.sandbox.callsPerNumber()).hasSize(5).allSatisfy((n, calls) -> assertThat(calls).isEqualTo(1));
        }
    }

    @Test
    void aFileStillBeingUploadedInChunksIsNotReadEarly() throws Exception {
        try (SftpScenario sftp = SftpScenario.start(data, remote)) {
            sftp.settings.put("sftp.read-lock-min-age-ms", "3000");
            try (RunningApp app = RunningApp.start(sftp.settings)) {
                sftp.server.upload("inbox/slow.csv", LeadFiles.numberedLeads(10, 200), 6, Duration.ofMillis(700));

                Path results = sftp.awaitRemoteResults("slow.results.csv", Duration.ofSeconds(60));

                assertThat(Results.rows(results)).hasSize(10);
            }
            assertThat(sftp.intakeLines("slow.csv")).containsExactly("slow.csv: 10 rows, 10 queued to call, 0 rejected");
            assertThat(sftp.sandbox.callsPerNumber()).hasSize(10).allSatisfy((n, calls) -> assertThat(calls).isEqualTo(1));
        }
    }

    @Test
    void aServerWhoseHostKeyIsNotTheKnownOneIsRefused() throws Exception {
        try (SftpScenario sftp = SftpScenario.start(data, remote)) {
            sftp.settings.put("sftp.known-hosts", sftp.server.wrongKnownHosts(remote).toString());
            sftp.server.upload("inbox/leads.csv", LeadFiles.numberedLeads(3, 300));

            try (RunningApp app = RunningApp.start(sftp.settings)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> sftp.logs.lines().stream()
                        .filter(l -> l.contains("reject HostKey") && l.contains("not the one in SFTP_KNOWN_HOSTS"))
                        .count() >= 2);
            }
            assertThat(sftp.sandbox.callRequests()).isZero();
            assertThat(sftp.server.file("inbox/leads.csv")).exists();
            assertThat(sftp.intakeLines("leads.csv")).isEmpty();
        }
    }

    @Test
    void anUnreadableFileMovesToTheRemoteErrorFolderWithAReport() throws Exception {
        try (SftpScenario sftp = SftpScenario.start(data, remote)) {
            sftp.settings.remove("sftp.private-key-file");
            sftp.settings.put("sftp.password", SftpTestServer.PASSWORD);
            sftp.server.upload("inbox/no-phone.csv", "name,email\nAda,ada@example.com\n".getBytes(StandardCharsets.UTF_8));

            Logger startup = (Logger) LoggerFactory.getLogger("org.apache.camel.impl.engine.AbstractCamelContext");
            startup.setLevel(Level.INFO); // as in production: the route startup summary names each endpoint
            try (RunningApp app = RunningApp.start(sftp.settings)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(sftp.server.file("error/no-phone.csv")));
            } finally {
                startup.setLevel(null);
            }
            assertThat(sftp.logs.lines()).anyMatch(l -> l.contains("source-sftp"));
            assertThat(Files.readString(sftp.server.file("error/no-phone.csv.error.txt"))).contains("no phone column");
            assertThat(sftp.filesIn("inbox")).isZero();
            assertThat(sftp.filesIn("error")).isEqualTo(2);
            assertThat(sftp.sandbox.callRequests()).isZero();
            assertThat(sftp.logs.lines()).noneMatch(l -> l.contains(SftpTestServer.PASSWORD));
        }
    }
}
