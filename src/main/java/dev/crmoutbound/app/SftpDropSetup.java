package dev.crmoutbound.app;

import dev.crmoutbound.config.ConfigurationException;
import dev.crmoutbound.config.Settings;
import dev.crmoutbound.dryrun.DryRun;
import dev.crmoutbound.dryrun.SftpDryRun;
import dev.crmoutbound.dryrun.UntakenSftpFiles;
import dev.crmoutbound.ledger.BatchStore;
import dev.crmoutbound.sftp.RemoteInputMover;
import dev.crmoutbound.sftp.SftpConnection;
import dev.crmoutbound.sftp.SftpStatus;
import dev.crmoutbound.sftp.SftpUploads;
import dev.crmoutbound.sftp.SftpSource;
import dev.crmoutbound.sftp.SftpTroubleLog;
import dev.crmoutbound.source.LeadSource;
import dev.crmoutbound.source.LeadSources;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the SFTP drop on when {@code SFTP_HOST} is set: the routes' shared login options, the
 * idempotent repository of files taken (in the ledger database), and the beans the SFTP routes call;
 * or, for {@code --dry-run}, the read-only look at its inbox.
 */
public class SftpDropSetup implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SftpDropSetup.class);

    @PropertyInject(value = "dry-run", defaultValue = "false")
    private boolean dryRun;

    @Override
    public void configure(CamelContext context) {
        Settings s = new Settings(context.getPropertiesComponent()::resolveProperty);
        Beans beans = new Beans(context);
        DataSource ledger = beans.get("ledgerDataSource", DataSource.class);
        LeadSources sources = beans.get("leadSources", LeadSources.class);
        if (dryRun) {
            dryRun(context, s, ledger, beans.get("dryRun", DryRun.class), sources);
        } else {
            source(context, s, ledger, beans.get("batchStore", BatchStore.class), sources);
        }
    }

    private static void source(CamelContext context, Settings s, DataSource ledger, BatchStore batches, LeadSources sources) {
        PropertiesComponent properties = context.getPropertiesComponent();
        SftpConnection sftp = connect(context, s, "sftp.enabled");
        if (sftp == null) {
            return;
        }
        properties.addOverrideProperty("sftp.connection", sftp.endpointOptions());
        properties.addOverrideProperty("sftp.read-lock-timeout-ms", String.valueOf(readLockTimeout(s)));
        Registry registry = context.getRegistry();
        relativeFolders(s);
        String inbox = inbox(s);
        outsideTheInbox(s, inbox);
        registry.bind("sftpTakenFiles", takenFiles(ledger, sftp, inbox));
        registry.bind("remoteInputMover", new RemoteInputMover(context, inboxUri(sftp, inbox), inbox,
                s.text("sftp.processed"), s.text("sftp.error")));
        SftpUploads results = new SftpUploads(batches, s.dataDir().resolve("outbox"));
        registry.bind("sftpUploads", results);
        SftpStatus status = new SftpStatus(Clock.systemUTC());
        registry.bind("sftpStatus", status);
        sources.register(new SftpSource(status, results, Duration.ofSeconds(s.integer("sftp.batch-give-up-seconds"))));
        long retrySeconds = (long) s.integer("sftp.poll-ms") * (1 + s.integer("sftp.backoff-multiplier")) / 1000;
        registry.bind("sftpTroubleLog", new SftpTroubleLog(server(sftp), Math.max(1, retrySeconds), status));
        LOG.info("SFTP drop: reading {} on {}, results to {}", inbox, sftp.description(),
                s.text("sftp.results"));
    }

    /**
     * For {@code --dry-run}: reads the lead files waiting in the remote inbox (those the drop has not taken)
     * into the dry run, leaving them there; nothing is recorded as taken.
     */
    private static void dryRun(CamelContext context, Settings s, DataSource ledger, DryRun dryRun, LeadSources sources) {
        SftpConnection sftp = connect(context, s, "sftp.dry-run");
        if (sftp == null) {
            return;
        }
        relativeFolders(s);
        Registry registry = context.getRegistry();
        String inbox = inbox(s);
        registry.bind("sftpDryRunFiles", new UntakenSftpFiles(takenFiles(ledger, sftp, inbox)));
        int pollMs = Math.min(s.integer("sftp.poll-ms"), 1_000);
        // the same files and file key as the source-sftp route's, so files it has taken are recognised
        String uri = inboxUri(sftp, inbox) + "&antInclude=*.csv,*.CSV,*/*.csv,*/*.CSV&recursive=true&maxDepth=2"
                + "&sortBy=file:modified"
                + "&noop=true&idempotent=true&idempotentRepository=#sftpDryRunFiles"
                + "&idempotentKey=${file:name}-${file:size}-${file:modified}"
                + "&localWorkDirectory=" + s.dataDir().resolve("dry-run-download")
                + "&initialDelay=0&delay=" + pollMs + "&sendEmptyMessageWhenIdle=true&autoCreate=false"
                + "&throwExceptionOnConnectFailed=true";
        Duration wait = Duration.ofMillis(2L * s.integer("sftp.connect-timeout-ms") + 5_000);
        registry.bind("sftpDryRun", new SftpDryRun(dryRun, context, uri, server(sftp), s.text("sftp.campaign", ""),
                wait, Duration.ofSeconds(s.integer("sftp.batch-give-up-seconds"))));
        sources.register(LeadSource.judgedBy(SftpUploads.SOURCE, "SFTP", "bean:sftpDryRun?method=run"));
    }

    /** The connection when SFTP_HOST is set (and {@code switchProperty} says so to the routes), else null. */
    private static SftpConnection connect(CamelContext context, Settings s, String switchProperty) {
        SftpConnection sftp = SftpConnection.configure(s).orElse(null);
        context.getPropertiesComponent().addOverrideProperty(switchProperty, String.valueOf(sftp != null));
        if (sftp != null && sftp.privateKey() != null) {
            context.getRegistry().bind(SftpConnection.PRIVATE_KEY_BEAN, sftp.privateKey());
        }
        return sftp;
    }

    /**
     * camel-ftp takes every remote folder relative to the login's folder: an absolute path would quietly
     * become a relative one there, and the inbox would never be found. Refused at start, with what works.
     */
    static void relativeFolders(Settings s) {
        for (String folder : List.of("inbox", "processed", "error", "results")) {
            String path = s.text("sftp." + folder, folder);
            if (path.startsWith("/")) {
                throw new ConfigurationException("SFTP_" + folder.toUpperCase(Locale.ROOT) + " (" + path + ") is an "
                        + "absolute path; the SFTP drop's folders are relative to the SFTP login's folder (camel-ftp "
                        + "reads /srv/leads as srv/leads there). Give it relative to that folder: ../ climbs out of "
                        + "it, so for a login whose folder is /home/vendor, /srv/leads is ../../srv/leads");
            }
        }
    }

    /** The inbox's subfolders are campaign folders: a processed file moved into one would be read again. */
    static void outsideTheInbox(Settings s, String inbox) {
        String root = inbox.replaceAll("/+$", "");
        for (String folder : List.of("processed", "error", "results")) {
            String path = s.text("sftp." + folder, folder);
            boolean inside = root.isEmpty() || root.equals(".") ? !path.startsWith("/")
                    : (path + "/").startsWith(root + "/");
            if (inside) {
                throw new ConfigurationException("SFTP_" + folder.toUpperCase(Locale.ROOT) + " (" + path
                        + ") must not lie inside SFTP_INBOX (" + inbox + "): the inbox's subfolders are campaign folders");
            }
        }
    }

    private static String inbox(Settings s) {
        return s.text("sftp.inbox");
    }

    private static String inboxUri(SftpConnection sftp, String inbox) {
        return "sftp:" + sftp.host() + ":" + sftp.port() + "/" + inbox + "?" + sftp.endpointOptions();
    }

    private static String server(SftpConnection sftp) {
        return sftp.user() + "@" + sftp.host() + ":" + sftp.port();
    }

    /** The files the drop has taken, keyed by name, size and time, in the ledger database. */
    private static JdbcMessageIdRepository takenFiles(DataSource ledger, SftpConnection sftp, String inbox) {
        JdbcMessageIdRepository taken = new JdbcMessageIdRepository(ledger, "sftp:" + sftp.host() + ":" + inbox);
        taken.setCreateTableIfNotExists(false);
        return taken;
    }

    /**
     * The changed read lock checks a file whose size and time were listed before it began waiting. Giving
     * up before the file could have reached the minimum age since that listing means a lock is only ever
     * granted on a file unchanged since it was listed; SFTP times are whole seconds, hence the second.
     */
    static long readLockTimeout(Settings s) {
        int minAge = s.integer("sftp.read-lock-min-age-ms");
        int interval = s.integer("sftp.read-lock-check-interval-ms");
        if (minAge < interval + 1_000) {
            throw new ConfigurationException("SFTP_READ_LOCK_MIN_AGE_MS (" + minAge + ") must be at least "
                    + "SFTP_READ_LOCK_CHECK_INTERVAL_MS (" + interval + ") + 1000: SFTP file times are whole seconds");
        }
        return minAge - 1_000L;
    }
}
