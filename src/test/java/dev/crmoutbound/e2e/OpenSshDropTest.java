package dev.crmoutbound.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.crmoutbound.config.ConfigurationException;
import dev.crmoutbound.sandbox.TestSandbox;
import dev.crmoutbound.sandbox.SandboxOptions;
import dev.crmoutbound.support.LeadFiles;
import dev.crmoutbound.support.OpenSshServer;
import dev.crmoutbound.support.Results;
import dev.crmoutbound.support.RunningApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SFTP drop against a real OpenSSH server (not the in-process test server): the vendor's folders
 * lie outside the login's folder, reached by relative paths that climb out of it, as the README says;
 * an absolute folder is refused at start with that advice, instead of never being found.
 */
class OpenSshDropTest {

    @TempDir
    Path data;

    @TempDir
    Path remote;

    private Map<String, String> settings(OpenSshServer server, TestSandbox sandbox) throws Exception {
        Map<String, String> s = RunningApp.settings(data, sandbox, 2);
        s.put("sftp.host", "127.0.0.1");
        s.put("sftp.port", String.valueOf(server.port()));
        s.put("sftp.user", server.user());
        s.put("sftp.private-key-file", server.clientKey().toString());
        s.put("sftp.known-hosts", server.knownHosts().toString());
        s.put("sftp.poll-ms", "300");
        s.put("sftp.read-lock-min-age-ms", "1500");
        s.put("sftp.read-lock-check-interval-ms", "300");
        s.put("sftp.upload-interval-ms", "300");
        // the login's folder is <remote>/home/vendor; the exchange folders are <remote>/srv/...
        s.put("sftp.inbox", "../../srv/inbox");
        s.put("sftp.processed", "../../srv/processed");
        s.put("sftp.error", "../../srv/error");
        s.put("sftp.results", "../../srv/results");
        return s;
    }

    @Test
    void foldersOutsideTheLoginFolderWorkAsRelativePathsOnOpenSsh() throws Exception {
        Path srv = remote.resolve("srv");
        for (String folder : new String[] {"inbox", "processed", "error", "results"}) {
            Files.createDirectories(srv.resolve(folder));
        }
        Path lead = Files.write(srv.resolve("inbox/nightly.csv"), LeadFiles.numberedLeads(6, 100));
        Files.setLastModifiedTime(lead, FileTime.from(Instant.now().minusSeconds(30)));
        try (OpenSshServer server = OpenSshServer.start(remote.resolve("sshd"), remote.resolve("home/vendor"));
             TestSandbox sandbox = TestSandbox.start(SandboxOptions.defaults(), 0);
             RunningApp app = RunningApp.start(settings(server, sandbox))) {
            Path results = srv.resolve("results/nightly.results.csv");
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(results)
                    && Files.exists(srv.resolve("processed/nightly.csv")));

            assertThat(Results.rows(results)).hasSize(6).allSatisfy(r -> assertThat(r.get("status")).isEqualTo("done"));
            assertThat(srv.resolve("inbox")).isEmptyDirectory();
            assertThat(sandbox.callsPerNumber()).hasSize(6);
        }
    }

    @Test
    void anAbsoluteFolderIsRefusedAtStartWithWhatWorksInstead() throws Exception {
        try (OpenSshServer server = OpenSshServer.start(remote.resolve("sshd"), remote.resolve("home/vendor"));
             TestSandbox sandbox = TestSandbox.start(SandboxOptions.defaults(), 0)) {
            Map<String, String> s = settings(server, sandbox);
            s.put("sftp.inbox", remote.resolve("srv/inbox").toString());

            assertThatThrownBy(() -> RunningApp.start(s)).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("is an absolute path").hasMessageContaining("../");
        }
    }
}
