package dev.crmoutbound.app;

import dev.crmoutbound.config.ConfigurationException;
import dev.crmoutbound.config.Settings;
import dev.crmoutbound.ledger.BatchStore;
import dev.crmoutbound.sftp.RemoteInputMover;
import dev.crmoutbound.sftp.SftpConnection;
import dev.crmoutbound.sftp.SftpStatus;
import dev.crmoutbound.sftp.SftpResults;
import dev.crmoutbound.sftp.SftpTroubleLog;
import java.time.Clock;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the SFTP drop on when {@code SFTP_HOST} is set: the routes' shared login options, the
 * idempotent repository of files taken (in the ledger database), and the beans the SFTP routes call.
 */
final class SftpDropSetup {

    private static final Logger LOG = LoggerFactory.getLogger(SftpDropSetup.class);

    private SftpDropSetup() {
    }

    static void configure(CamelContext context, Settings s, DataSource ledger, BatchStore batches) {
        PropertiesComponent properties = context.getPropertiesComponent();
        SftpConnection sftp = SftpConnection.configure(s).orElse(null);
        properties.addOverrideProperty("sftp.enabled", String.valueOf(sftp != null));
        if (sftp == null) {
            return;
        }
        properties.addOverrideProperty("sftp.connection", sftp.endpointOptions());
        properties.addOverrideProperty("sftp.read-lock-timeout-ms", String.valueOf(readLockTimeout(s)));
        Registry registry = context.getRegistry();
        if (sftp.privateKey() != null) {
            registry.bind(SftpConnection.PRIVATE_KEY_BEAN, sftp.privateKey());
        }
        String inbox = s.text("sftp.inbox", "inbox");
        JdbcMessageIdRepository taken = new JdbcMessageIdRepository(ledger, "sftp:" + sftp.host() + ":" + inbox);
        taken.setCreateTableIfNotExists(false);
        registry.bind("sftpTakenFiles", taken);
        String inboxUri = "sftp:" + sftp.host() + ":" + sftp.port() + "/" + inbox + "?" + sftp.endpointOptions();
        registry.bind("remoteInputMover", new RemoteInputMover(context, inboxUri, inbox,
                s.text("sftp.processed", "processed"), s.text("sftp.error", "error")));
        registry.bind("sftpResults", new SftpResults(batches, s.dataDir().resolve("outbox")));
        SftpStatus status = new SftpStatus(Clock.systemUTC());
        registry.bind("sftpStatus", status);
        long retrySeconds = (long) s.integer("sftp.poll-ms", 10_000) * (1 + s.integer("sftp.backoff-multiplier", 6)) / 1000;
        registry.bind("sftpTroubleLog", new SftpTroubleLog(sftp.user() + "@" + sftp.host() + ":" + sftp.port(),
                Math.max(1, retrySeconds), status));
        LOG.info("SFTP drop: reading {} on {}, results to {}", inbox, sftp.description(),
                s.text("sftp.results", "results"));
    }

    /**
     * The changed read lock checks a file whose size and time were listed before it began waiting. Giving
     * up before the file could have reached the minimum age since that listing means a lock is only ever
     * granted on a file unchanged since it was listed; SFTP times are whole seconds, hence the second.
     */
    static long readLockTimeout(Settings s) {
        int minAge = s.integer("sftp.read-lock-min-age-ms", 10_000);
        int interval = s.integer("sftp.read-lock-check-interval-ms", 2_000);
        if (minAge < interval + 1_000) {
            throw new ConfigurationException("SFTP_READ_LOCK_MIN_AGE_MS (" + minAge + ") must be at least "
                    + "SFTP_READ_LOCK_CHECK_INTERVAL_MS (" + interval + ") + 1000: SFTP file times are whole seconds");
        }
        return minAge - 1_000L;
    }
}
