package dev.crmoutbound.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Assumptions;

/**
 * A real OpenSSH server (Debian's openssh-server, installed by .ci/run) on a spare loopback port with its
 * own configuration: key login for the user running the tests, SFTP only, the SFTP session starting in
 * {@code home} (as a vendor's login folder would). Without sshd the test is skipped, except on CI.
 */
public final class OpenSshServer implements AutoCloseable {

    private static final Path SSHD = Path.of("/usr/sbin/sshd");

    private final Process process;
    private final int port;
    private final Path dir;

    private OpenSshServer(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    public static OpenSshServer start(Path dir, Path home) throws Exception {
        if (!Files.isExecutable(SSHD)) {
            String why = "OpenSSH's sshd is not installed (Debian package openssh-server)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(why + "; .ci/run installs it on CI");
            }
            Assumptions.abort(why + "; skipping the real-OpenSSH test");
        }
        Files.createDirectories(dir);
        Files.createDirectories(home);
        run("ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-f", dir.resolve("host_key").toString());
        run("ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-f", dir.resolve("client_key").toString());
        Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
        if ("root".equals(System.getProperty("user.name"))) {
            Files.createDirectories(Path.of("/run/sshd")); // sshd's privilege separation folder
        }
        int port = AvailablePortFinder.getNextAvailable();
        Files.writeString(dir.resolve("sshd_config"), String.join("\n",
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + dir.resolve("host_key"),
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "StrictModes no",
                "PermitRootLogin prohibit-password",
                "Subsystem sftp internal-sftp -d " + home,
                "ForceCommand internal-sftp -d " + home,
                ""));
        Process sshd = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        OpenSshServer server = new OpenSshServer(sshd, port, dir);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.listening() || !sshd.isAlive());
        if (!sshd.isAlive()) {
            throw new IllegalStateException("sshd did not start: " + Files.readString(dir.resolve("sshd.log")));
        }
        return server;
    }

    private boolean listening() {
        try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public int port() {
        return port;
    }

    public String user() {
        return System.getProperty("user.name");
    }

    public Path clientKey() {
        return dir.resolve("client_key");
    }

    /** A known_hosts file holding this server's host key. */
    public Path knownHosts() throws IOException {
        String hostKey = Files.readString(dir.resolve("host_key.pub")).strip();
        String[] parts = hostKey.split(" ");
        return Files.writeString(dir.resolve("known_hosts"), "[127.0.0.1]:" + port + " " + parts[0] + " " + parts[1] + "\n");
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: "
                    + new String(p.getInputStream().readAllBytes()));
        }
    }

    @Override
    public void close() {
        process.destroy();
    }
}
