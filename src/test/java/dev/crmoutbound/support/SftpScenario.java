package dev.crmoutbound.support;

import static org.awaitility.Awaitility.await;

import dev.crmoutbound.sandbox.TestSandbox;
import dev.crmoutbound.sandbox.SandboxOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An SFTP drop under test: the KrosAI sandbox, a real SFTP server, the log, and application settings
 * pointing at both (key login, host key checked, fast polling, a short read lock).
 */
public final class SftpScenario implements AutoCloseable {

    public final TestSandbox sandbox;
    public final SftpTestServer server;
    public final CapturedLogs logs;
    public final Map<String, String> settings;

    private SftpScenario(TestSandbox sandbox, SftpTestServer server, CapturedLogs logs, Map<String, String> settings) {
        this.sandbox = sandbox;
        this.server = server;
        this.logs = logs;
        this.settings = settings;
    }

    public static SftpScenario start(Path data, Path remote) throws Exception {
        return start(data, remote, SandboxOptions.defaults());
    }

    /** The application's plan limit is the sandbox's. */
    public static SftpScenario start(Path data, Path remote, SandboxOptions options) throws Exception {
        TestSandbox sandbox = TestSandbox.start(options, 0);
        SftpTestServer server = SftpTestServer.start(remote);
        Files.createDirectories(server.file("inbox"));
        Map<String, String> s = RunningApp.settings(data, sandbox, options.concurrentLimit);
        s.put("sftp.host", "127.0.0.1");
        s.put("sftp.port", String.valueOf(server.port()));
        s.put("sftp.user", SftpTestServer.USER);
        s.put("sftp.private-key-file", server.clientKeyFile(remote).toString());
        s.put("sftp.known-hosts", server.knownHosts(remote).toString());
        s.put("sftp.poll-ms", "300");
        s.put("sftp.read-lock-min-age-ms", "1500");
        s.put("sftp.read-lock-check-interval-ms", "300");
        s.put("sftp.backoff-multiplier", "2");
        s.put("sftp.upload-interval-ms", "300");
        return new SftpScenario(sandbox, server, new CapturedLogs(), s);
    }

    public Path awaitRemoteResults(String name, Duration within) {
        Path file = server.file("results/" + name);
        await().atMost(within).pollInterval(Duration.ofMillis(100)).until(() -> Files.exists(file));
        return file;
    }

    public long filesIn(String folder) throws IOException {
        Path dir = server.file(folder);
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var files = Files.list(dir)) {
            return files.count();
        }
    }

    /** The intake's summary lines for a file: one per time it was taken in. */
    public List<String> intakeLines(String name) {
        return logs.lines().stream().filter(l -> l.startsWith(name + ": ")).toList();
    }

    @Override
    public void close() throws Exception {
        logs.close();
        server.close();
        sandbox.close();
    }
}
