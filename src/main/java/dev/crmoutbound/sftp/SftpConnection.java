package dev.crmoutbound.sftp;

import dev.crmoutbound.config.ConfigurationException;
import dev.crmoutbound.config.Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How to reach the SFTP drop, checked before any route starts: the login and host-key options that
 * every {@code sftp:} endpoint of the routes shares, as one URI option string. Secrets stay out of
 * the properties: the password goes in a RAW() option (Camel masks it in logs), a key given as text is
 * bound as a bean.
 */
public record SftpConnection(String host, int port, String user, String endpointOptions, byte[] privateKey,
                             String description) {

    private static final Logger LOG = LoggerFactory.getLogger(SftpConnection.class);

    /** Bean name under which a private key given as text is bound. */
    public static final String PRIVATE_KEY_BEAN = "sftpPrivateKey";

    /** Empty when {@code SFTP_HOST} is not set: the SFTP drop is off. */
    public static Optional<SftpConnection> configure(Settings s) {
        Optional<String> host = s.optional("sftp.host");
        if (host.isEmpty()) {
            return Optional.empty();
        }
        int port = s.integer("sftp.port");
        String user = s.optional("sftp.user").orElseThrow(
                () -> new ConfigurationException("SFTP_USER is required when SFTP_HOST is set"));
        List<String> options = new ArrayList<>();
        options.add("username=" + raw(user));
        String auth = authentication(s, options);
        String hostKeys = hostKeyChecking(s, options, host.get(), port);
        options.add("connectTimeout=" + s.integer("sftp.connect-timeout-ms"));
        options.add("soTimeout=" + s.integer("sftp.so-timeout-ms"));
        byte[] key = s.optional("sftp.private-key").map(k -> k.getBytes(StandardCharsets.UTF_8)).orElse(null);
        String description = user + "@" + host.get() + ":" + port + " (" + auth + "; " + hostKeys + ")";
        return Optional.of(new SftpConnection(host.get(), port, user, String.join("&", options), key, description));
    }

    private static String authentication(Settings s, List<String> options) {
        Optional<String> keyFile = s.optional("sftp.private-key-file");
        Optional<String> keyText = s.optional("sftp.private-key");
        Optional<String> password = s.optional("sftp.password");
        if (keyFile.isPresent() && keyText.isPresent()) {
            throw new ConfigurationException("set SFTP_PRIVATE_KEY_FILE or SFTP_PRIVATE_KEY, not both");
        }
        String auth;
        if (keyFile.isPresent()) {
            Path file = Path.of(keyFile.get());
            if (!Files.isReadable(file)) {
                throw new ConfigurationException("SFTP_PRIVATE_KEY_FILE " + file + " does not exist or cannot be read");
            }
            options.add("privateKeyFile=" + raw(file.toAbsolutePath().toString()));
            auth = "private key file";
        } else if (keyText.isPresent()) {
            options.add("privateKey=#" + PRIVATE_KEY_BEAN);
            auth = "private key from SFTP_PRIVATE_KEY";
        } else if (password.isPresent()) {
            auth = "password";
        } else {
            throw new ConfigurationException("SFTP_HOST is set but no login is: set SFTP_PRIVATE_KEY_FILE, "
                    + "SFTP_PRIVATE_KEY or SFTP_PASSWORD");
        }
        s.optional("sftp.private-key-passphrase").ifPresent(p -> options.add("privateKeyPassphrase=" + raw(p)));
        if (password.isPresent()) {
            options.add("password=" + raw(password.get()));
            auth = keyFile.isPresent() || keyText.isPresent() ? auth + " or password" : auth;
        }
        return auth;
    }

    private static String hostKeyChecking(Settings s, List<String> options, String host, int port) {
        String strict = s.text("sftp.strict-host-key-checking").toLowerCase();
        if (strict.equals("no")) {
            LOG.warn("SFTP_STRICT_HOST_KEY_CHECKING=no: the SFTP server's host key is NOT checked; anyone who can "
                    + "intercept the connection to {}:{} can read the leads and plant results", host, port);
            options.add("strictHostKeyChecking=no");
            options.add("useUserKnownHostsFile=false");
            return "host key NOT checked";
        }
        if (!strict.equals("yes")) {
            throw new ConfigurationException("SFTP_STRICT_HOST_KEY_CHECKING must be yes or no, was '" + strict + "'");
        }
        Path knownHosts = Path.of(s.text("sftp.known-hosts",
                Path.of(System.getProperty("user.home"), ".ssh", "known_hosts").toString()));
        if (!Files.isReadable(knownHosts)) {
            throw new ConfigurationException("SFTP_KNOWN_HOSTS " + knownHosts + " does not exist or cannot be read. "
                    + "Add the server's host key to it (ssh-keyscan -p " + port + " " + host + " >> " + knownHosts
                    + ", then check the fingerprint), or set SFTP_STRICT_HOST_KEY_CHECKING=no to accept any host key");
        }
        options.add("knownHostsFile=" + raw(knownHosts.toAbsolutePath().toString()));
        options.add("strictHostKeyChecking=yes");
        options.add("useUserKnownHostsFile=false");
        return "host key checked against " + knownHosts.getFileName();
    }

    /** A value Camel takes literally, whatever characters it holds. */
    static String raw(String value) {
        if (!value.contains(")")) {
            return "RAW(" + value + ")";
        }
        if (!value.contains("}")) {
            return "RAW{" + value + "}";
        }
        throw new ConfigurationException("an SFTP setting cannot contain both ')' and '}'");
    }
}
