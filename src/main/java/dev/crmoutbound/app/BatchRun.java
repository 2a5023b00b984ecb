package dev.crmoutbound.app;

import dev.crmoutbound.config.Campaign;
import dev.crmoutbound.config.Campaigns;
import dev.crmoutbound.ledger.BatchStore;
import dev.crmoutbound.ledger.CallLedger;
import dev.crmoutbound.ledger.CampaignControl;
import dev.crmoutbound.ledger.CrmWritebacks;
import dev.crmoutbound.ops.CampaignProgress;
import dev.crmoutbound.salesforce.SalesforceLeadIntake;
import dev.crmoutbound.salesforce.SalesforceGate;
import dev.crmoutbound.salesforce.SalesforcePolls;
import dev.crmoutbound.sftp.SftpStatus;
import dev.crmoutbound.sftp.SftpResults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For {@code --batch}: decides when the run is over. Done (exit 0) when the inbox holds no CSV (and a
 * poll of the SFTP inbox found nothing new), every lead is final and every results file is written
 * (and uploaded); stopped or paused campaign (exit 2) as soon as the
 * ledger says so, with the reason; exit 3 when a file went to the error folder; exit 4 when only the
 * SFTP drop is left and its server has been out of reach for {@code sftp.batch-give-up-seconds}; exit 5
 * when outcomes could not be written back to Salesforce (dead letters).
 */
public final class BatchRun {

    private static final Logger LOG = LoggerFactory.getLogger(BatchRun.class);

    public static final int DONE = 0;
    public static final int CAMPAIGN_HALTED = 2;
    public static final int FILE_REJECTED = 3;
    public static final int SFTP_UNREACHABLE = 4;
    public static final int WRITEBACK_FAILED = 5;

    private final long errorFilesAtStart;

    private BatchRun(long errorFilesAtStart) {
        this.errorFilesAtStart = errorFilesAtStart;
    }

    public static BatchRun starting(Path dataDir) {
        return new BatchRun(count(dataDir.resolve("error"), 1, ".error.txt"));
    }

    /** Null while there is work left, else the exit code. */
    public Integer exitCode(CamelContext context) {
        Campaigns defined = context.getRegistry().lookupByNameAndType("campaigns", Campaigns.class);
        CampaignControl campaigns = context.getRegistry().lookupByNameAndType("campaignControl", CampaignControl.class);
        CallLedger ledger = context.getRegistry().lookupByNameAndType("callLedger", CallLedger.class);
        BatchStore batches = context.getRegistry().lookupByNameAndType("batchStore", BatchStore.class);
        Path dataDir = Path.of(context.getPropertiesComponent().resolveProperty("data.dir").orElseThrow());

        for (Campaign campaign : defined.all()) {
            CampaignControl.Status status = campaigns.status(campaign.id()).orElseThrow();
            if (status.state() != CampaignControl.State.RUNNING) {
                LOG.error("Campaign {} is {}: {}. Leads not yet called stay queued for the next run.",
                        campaign.id(), status.state(), status.reason());
                return CAMPAIGN_HALTED;
            }
        }
        SalesforceGate salesforce = context.getRegistry().lookupByNameAndType("salesforceGate", SalesforceGate.class);
        if (salesforce != null && salesforce.stoppedBecause() != null) {
            LOG.error("Salesforce traffic stopped: {}. Records not yet claimed or written back are taken up by the "
                    + "next run.", salesforce.stoppedBecause());
            return CAMPAIGN_HALTED;
        }
        // lead files in the inbox or a campaign's folder of it
        if (count(dataDir.resolve("inbox"), 2, ".csv") > 0 || ledger.countNotFinal() > 0 || batches.countNotWritten() > 0) {
            return null;
        }
        SftpStatus sftp = context.getRegistry().lookupByNameAndType("sftpStatus", SftpStatus.class);
        SftpResults sftpResults = context.getRegistry().lookupByNameAndType("sftpResults", SftpResults.class);
        if (sftp != null && (!sftp.inboxSeenEmpty() || sftpResults.countUndelivered() > 0)) {
            Duration giveUp = Duration.ofSeconds(Long.parseLong(context.getPropertiesComponent()
                    .resolveProperty("sftp.batch-give-up-seconds").filter(v -> !v.isBlank()).orElse("600")));
            if (sftp.unreachableFor().compareTo(giveUp) < 0) {
                return null;
            }
            LOG.error("The SFTP server has been out of reach for {} s; giving up for this run. Files taken in are "
                    + "in the ledger; {} results file(s) not yet uploaded go up on the next run.",
                    sftp.unreachableFor().toSeconds(), sftpResults.countUndelivered());
            return SFTP_UNREACHABLE;
        }
        CrmWritebacks writebacks = context.getRegistry().lookupByNameAndType("crmWritebacks", CrmWritebacks.class);
        if (writebacks != null) {
            SalesforcePolls polls = context.getRegistry().lookupByNameAndType("salesforcePolls", SalesforcePolls.class);
            int dead = writebacks.countDeadLetters();
            if (!polls.anyCompleted() || writebacks.countNotWrittenBack(SalesforceLeadIntake.SOURCE) > dead) {
                return null;
            }
            if (dead > 0) {
                LOG.error("{} outcome(s) could not be written back to Salesforce and are kept as dead letters; "
                        + "run again with --replay-dead-letters once Salesforce takes them", dead);
                return WRITEBACK_FAILED;
            }
        }
        return count(dataDir.resolve("error"), 1, ".error.txt") > errorFilesAtStart ? FILE_REJECTED : DONE;
    }

    public static void logSummary(CamelContext context) {
        CampaignProgress progress = context.getRegistry().lookupByNameAndType("campaignProgress", CampaignProgress.class);
        if (progress != null) {
            LOG.info("Summary: {}", progress.summary());
        }
    }

    /** Entries down to {@code depth} levels under {@code dir} whose names end with {@code suffix}. */
    private static long count(Path dir, int depth, String suffix) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir, depth).skip(1)) {
            return files.filter(p -> p.getFileName().toString().toLowerCase().endsWith(suffix)).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
