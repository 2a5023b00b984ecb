package dev.crmoutbound.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crmoutbound.dryrun.DryRun;
import dev.crmoutbound.sandbox.SandboxOptions;
import dev.crmoutbound.support.LeadFiles;
import dev.crmoutbound.support.Results;
import dev.crmoutbound.support.RunningApp;
import dev.crmoutbound.support.SftpScenario;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dry run reads the files waiting on a real SFTP server (Apache MINA SSHD) and leaves them there:
 * a file the drop has already taken is skipped, the next real run still takes the new one, and a server
 * out of reach makes the run exit 4 instead of reporting an empty inbox.
 */
class SftpDryRunTest {

    @TempDir
    Path data;

    @TempDir
    Path remote;

    @Test
    void waitingFilesAreJudgedInPlaceAndATakenFileIsSkipped() throws Exception {
        SandboxOptions options = SandboxOptions.defaults();
        options.concurrentLimit = 2;
        options.fixedCallSeconds = 60_000.0; // a minute: the taken file's call is still going when the dry run reads
        try (SftpScenario sftp = SftpScenario.start(data, remote, options)) {
            sftp.server.upload("inbox/taken.csv", LeadFiles.numberedLeads(1, 100));
            try (RunningApp app = RunningApp.start(sftp.settings)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> sftp.sandbox.callsPerNumber().size() == 1);
            }
            sftp.server.upload("inbox/new.csv", ("id,phone\nN1," + LeadFiles.phone(100) + "\nN2,"
                    + LeadFiles.phone(101) + "\nN3,12\n").getBytes(StandardCharsets.UTF_8));

            Files.createDirectories(sftp.server.file("inbox/elsewhere"));
            sftp.server.upload("inbox/elsewhere/other.csv", LeadFiles.numberedLeads(1, 200));

            assertThat(RunningApp.dryRun(sftp.settings, null)).isZero();

            assertThat(Files.exists(data.resolve("outbox/dry-run/sftp/taken.dry-run.csv")))
                    .as("a file the drop has taken is not waiting").isFalse();
            List<Map<String, String>> rows = Results.rows(data.resolve("outbox/dry-run/sftp/new.dry-run.csv"));
            assertThat(rows).extracting(r -> r.get("would")).containsExactly("reject", "call", "reject");
            assertThat(sftp.logs.lines()).anyMatch(l -> l.contains("Dry run: sftp/new.csv: 1 would be called (1 at once, "
                    + "0 later, in their calling window), 2 rejected; report in sftp/new.dry-run.csv"));
            assertThat(rows.get(0).get("reason")).startsWith("duplicate phone number");
            assertThat(rows.get(2).get("reason")).startsWith("invalid phone number '12'");
            assertThat(sftp.logs.lines()).anyMatch(l -> l.contains("Dry run: sftp/elsewhere/other.csv would go to the "
                    + "error folder: no campaign takes files from the inbox folder 'elsewhere'"));
            assertThat(sftp.filesIn("inbox")).as("taken.csv, new.csv and the folder left as they were").isEqualTo(3);
            assertThat(sftp.filesIn("inbox/elsewhere")).isEqualTo(1);
            try (Stream<Path> left = Files.walk(data.resolve("dry-run-download"))) {
                assertThat(left.filter(Files::isRegularFile)).as("no download left behind").isEmpty();
            }
            assertThat(sftp.sandbox.callsPerNumber()).containsOnlyKeys(LeadFiles.phone(100));

            try (RunningApp app = RunningApp.start(sftp.settings)) {
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> sftp.sandbox.callsPerNumber().containsKey(LeadFiles.phone(101)));
            }
            assertThat(sftp.sandbox.callsPerNumber()).containsOnlyKeys(LeadFiles.phone(100), LeadFiles.phone(101));
        }
    }

    @Test
    void aServerOutOfReachIsReportedAndExits4() throws Exception {
        try (SftpScenario sftp = SftpScenario.start(data, remote)) {
            sftp.server.stopServer();
            sftp.settings.put("sftp.connect-timeout-ms", "1000");

            assertThat(RunningApp.dryRun(sftp.settings, null)).isEqualTo(DryRun.EXIT_SOURCE_UNREAD);

            assertThat(sftp.logs.lines()).anyMatch(l -> l.contains("Dry run: SFTP: the inbox on vendor@127.0.0.1:"
                    + sftp.server.port() + " could not be read (Cannot connect"));
        }
    }
}
