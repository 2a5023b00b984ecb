package dev.crmoutbound.sftp;

import dev.crmoutbound.support.TestSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crmoutbound.config.ConfigurationException;
import dev.crmoutbound.support.CapturedLogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SftpConnectionTest {

    @TempDir
    Path dir;

    private final Map<String, String> values = new HashMap<>(Map.of("sftp.host", "sftp.example.com", "sftp.user", "acme"));

    private Optional<SftpConnection> configure() {
        return SftpConnection.configure(TestSettings.of(values));
    }

    @Test
    void withoutAHostTheSftpDropIsOff() {
        values.clear();
        assertThat(configure()).isEmpty();
    }

    @Test
    void aKeyFileAndKnownHostsMakeStrictOptions() throws Exception {
        values.put("sftp.private-key-file", Files.writeString(dir.resolve("id"), "key").toString());
        values.put("sftp.known-hosts", Files.writeString(dir.resolve("known_hosts"), "").toString());

        SftpConnection c = configure().orElseThrow();

        assertThat(c.endpointOptions()).contains("username=RAW(acme)", "privateKeyFile=RAW(", "knownHostsFile=RAW(",
                "strictHostKeyChecking=yes", "useUserKnownHostsFile=false").doesNotContain("password");
        assertThat(c.description()).contains("acme@sftp.example.com:22", "host key checked");
    }

    @Test
    void aPasswordWithUriCharactersIsPassedLiterally() throws Exception {
        values.put("sftp.password", "p(a)ss&w=rd");
        values.put("sftp.known-hosts", Files.writeString(dir.resolve("known_hosts"), "").toString());

        assertThat(configure().orElseThrow().endpointOptions()).contains("password=RAW{p(a)ss&w=rd}");
    }

    @Test
    void aMissingKnownHostsFileIsAClearErrorUnlessCheckingIsExplicitlyOff() {
        values.put("sftp.password", "pw");
        values.put("sftp.known-hosts", dir.resolve("absent").toString());

        assertThatThrownBy(this::configure).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("SFTP_KNOWN_HOSTS").hasMessageContaining("ssh-keyscan")
                .hasMessageContaining("SFTP_STRICT_HOST_KEY_CHECKING=no");

        values.put("sftp.strict-host-key-checking", "no");
        try (CapturedLogs logs = new CapturedLogs()) {
            assertThat(configure().orElseThrow().endpointOptions()).contains("strictHostKeyChecking=no");
            assertThat(logs.lines()).anyMatch(l -> l.contains("host key is NOT checked"));
        }
    }

    @Test
    void aLoginIsRequired() throws Exception {
        values.put("sftp.known-hosts", Files.writeString(dir.resolve("known_hosts"), "").toString());
        assertThatThrownBy(this::configure).hasMessageContaining("SFTP_PRIVATE_KEY_FILE")
                .hasMessageContaining("SFTP_PASSWORD");

        values.put("sftp.private-key-file", dir.resolve("missing-key").toString());
        assertThatThrownBy(this::configure).hasMessageContaining("missing-key");
    }

    @Test
    void aKeyGivenAsTextIsBoundAsABeanNotPutInTheUri() throws Exception {
        values.put("sftp.private-key", "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----");
        values.put("sftp.known-hosts", Files.writeString(dir.resolve("known_hosts"), "").toString());

        SftpConnection c = configure().orElseThrow();

        assertThat(c.endpointOptions()).contains("privateKey=#" + SftpConnection.PRIVATE_KEY_BEAN)
                .doesNotContain("BEGIN");
        assertThat(new String(c.privateKey())).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
    }
}
