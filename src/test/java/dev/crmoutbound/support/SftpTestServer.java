package dev.crmoutbound.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A real SFTP server (Apache MINA SSHD) on 127.0.0.1 serving a folder, with a persistent host key so it
 * can be stopped and started again as the same server. Logins: user {@code vendor} by password or by a
 * client key it generates. It can cut a connection in the middle of a download or an upload.
 */
public final class SftpTestServer implements AutoCloseable {

    public static final String USER = "vendor";
    public static final String PASSWORD = "s3cret)pw&x=1";

    private final Path root;
    private final Path hostKeyFile;
    private final int port;
    private final KeyPair clientKey;
    private final AtomicInteger downloadDropsLeft = new AtomicInteger();
    private final AtomicInteger uploadDropsLeft = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private SshServer server;

    private SftpTestServer(Path home) throws IOException, GeneralSecurityException {
        this.root = Files.createDirectories(home.resolve("sftp-root"));
        this.hostKeyFile = home.resolve("sftp-host-key");
        this.port = AvailablePortFinder.getNextAvailable();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        this.clientKey = generator.generateKeyPair();
    }

    public static SftpTestServer start(Path home) throws Exception {
        SftpTestServer s = new SftpTestServer(home);
        s.startServer();
        return s;
    }

    public void startServer() throws IOException {
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(port);
        SimpleGeneratorHostKeyProvider hostKeys = new SimpleGeneratorHostKeyProvider(hostKeyFile);
        hostKeys.setAlgorithm(KeyUtils.EC_ALGORITHM);
        sshd.setKeyPairProvider(hostKeys);
        sshd.setPasswordAuthenticator((user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
        sshd.setPublickeyAuthenticator((user, key, session) -> USER.equals(user)
                && KeyUtils.compareKeys(key, clientKey.getPublic()));
        SftpSubsystemFactory sftp = new SftpSubsystemFactory.Builder().build();
        sftp.addSftpEventListener(new SftpEventListener() {
            @Override
            public void reading(ServerSession session, String remoteHandle, FileHandle localHandle, long offset,
                                byte[] data, int dataOffset, int dataLen) throws IOException {
                cutIfDue(session, offset, downloadDropsLeft);
            }

            @Override
            public void writing(ServerSession session, String remoteHandle, FileHandle localHandle, long offset,
                                byte[] data, int dataOffset, int dataLen) throws IOException {
                cutIfDue(session, offset, uploadDropsLeft);
            }
        });
        sshd.setSubsystemFactories(List.of(sftp));
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(root));
        sshd.start();
        server = sshd;
    }

    private void cutIfDue(ServerSession session, long offset, AtomicInteger dropsLeft) throws IOException {
        if (offset > 0 && dropsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            dropped.incrementAndGet();
            session.close(true);
            throw new IOException("connection cut by the test in the middle of a transfer");
        }
    }

    public void stopServer() throws IOException {
        server.stop(true);
    }

    /** The next download that gets past its first block loses its connection. */
    public void dropNextDownload() {
        downloadDropsLeft.set(1);
    }

    /** The next upload that gets past its first block loses its connection. */
    public void dropNextUpload() {
        uploadDropsLeft.set(1);
    }

    public int transfersDropped() {
        return dropped.get();
    }

    public int port() {
        return port;
    }

    public Path root() {
        return root;
    }

    public Path file(String remotePath) {
        return root.resolve(remotePath);
    }

    /** A known_hosts file that vouches for this server's host key. */
    public Path knownHosts(Path dir) throws IOException, GeneralSecurityException {
        return knownHostsFor(dir.resolve("known_hosts"), hostPublicKey());
    }

    /** A known_hosts file that names another key for this host: a man in the middle, as the client sees it. */
    public Path wrongKnownHosts(Path dir) throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return knownHostsFor(dir.resolve("known_hosts_wrong"), generator.generateKeyPair().getPublic());
    }

    private Path knownHostsFor(Path file, PublicKey key) throws IOException {
        return Files.writeString(file, "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(key) + "\n");
    }

    private PublicKey hostPublicKey() throws IOException, GeneralSecurityException {
        return server.getKeyPairProvider().loadKeys(null).iterator().next().getPublic();
    }

    /** The client key in OpenSSH format, as a user would keep it in a file. */
    public Path clientKeyFile(Path dir) throws IOException, GeneralSecurityException {
        Path file = dir.resolve("id_ecdsa");
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(clientKey, "test", null, out);
        }
        return file;
    }

    /** Uploads through SFTP, in {@code chunks} writes with {@code pause} between them. */
    public void upload(String remotePath, byte[] content, int chunks, Duration pause) throws Exception {
        try (SshClient client = SshClient.setUpDefaultClient()) {
            client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
            client.start();
            try (ClientSession session = client.connect(USER, "127.0.0.1", port).verify(Duration.ofSeconds(10))
                    .getSession()) {
                session.addPasswordIdentity(PASSWORD);
                session.auth().verify(Duration.ofSeconds(10));
                try (SftpClient sftp = SftpClientFactory.instance().createSftpClient(session);
                     OutputStream out = sftp.write(remotePath)) {
                    int step = Math.max(1, (content.length + chunks - 1) / chunks);
                    for (int at = 0; at < content.length; at += step) {
                        out.write(content, at, Math.min(step, content.length - at));
                        out.flush();
                        if (at + step < content.length) {
                            Thread.sleep(pause.toMillis()); // the slow uploader being simulated
                        }
                    }
                }
            }
        }
    }

    public void upload(String remotePath, byte[] content) throws Exception {
        upload(remotePath, content, 1, Duration.ZERO);
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.stop(true);
        }
    }
}
