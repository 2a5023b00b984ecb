package dev.crmoutbound.privacy;

import dev.crmoutbound.ledger.RetentionSweep;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps personal data no longer than its retention: run periodically (route {@code personal-data-retention}),
 * bounded per run, resumable (each step commits as it goes), safe with several instances at once. Logs
 * one line per run that removed something.
 */
public class RetentionJob {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);

    /** How long each kind of data is kept; a zero duration keeps it forever. */
    public record Limits(Duration leads, Duration files, Duration webhookEvents, Duration deadLetters,
                         int pageSize, int maxPages) {
    }

    /** What one run removed. */
    public record Removed(int leadsReduced, int webhookEvents, int deadLetters, int recordRequests, int files) {
        boolean any() {
            return leadsReduced + webhookEvents + deadLetters + recordRequests + files > 0;
        }
    }

    private final RetentionSweep ledger;
    private final FileRetention files;
    private final Limits limits;
    private final Clock clock;

    public RetentionJob(RetentionSweep ledger, FileRetention files, Limits limits, Clock clock) {
        this.ledger = ledger;
        this.files = files;
        this.limits = limits;
        this.clock = clock;
    }

    public Removed run() {
        Instant now = clock.instant();
        Removed removed = new Removed(
                kept(limits.leads()) ? 0 : ledger.reduceLeads(now.minus(limits.leads()), limits.pageSize(), limits.maxPages()),
                kept(limits.webhookEvents()) ? 0 : ledger.deleteWebhookEvents(now.minus(limits.webhookEvents()),
                        limits.pageSize(), limits.maxPages()),
                kept(limits.deadLetters()) ? 0 : ledger.discardDeadLetters(now.minus(limits.deadLetters())),
                kept(limits.leads()) ? 0 : ledger.deleteRecordRequests(now.minus(limits.leads())),
                kept(limits.files()) ? 0 : files.deleteOlderThan(now.minus(limits.files())));
        if (removed.any()) {
            LOG.info("Retention: {} finished leads reduced to their outcome and number hash (older than {} days), {} "
                    + "webhook event records deleted, {} dead letters discarded, {} CRM record requests deleted, {} files "
                    + "deleted", removed.leadsReduced(), limits.leads().toDays(), removed.webhookEvents(),
                    removed.deadLetters(), removed.recordRequests(), removed.files());
        }
        return removed;
    }

    private static boolean kept(Duration limit) {
        return limit.isZero();
    }
}
