package dev.crmoutbound.app;

import dev.crmoutbound.config.Campaign;
import dev.crmoutbound.config.Campaigns;
import dev.crmoutbound.ledger.BatchStore;
import dev.crmoutbound.ledger.CallLedger;
import dev.crmoutbound.ledger.CampaignControl;
import dev.crmoutbound.ops.CampaignProgress;
import dev.crmoutbound.source.BatchExit;
import dev.crmoutbound.source.LeadSource;
import dev.crmoutbound.source.LeadSources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For {@code --batch}: decides when the run is over. Done (exit 0) when the inbox holds no CSV, every
 * lead is final, every results file is written, and every registered source says it is done (the SFTP
 * drop: a poll found nothing new and its results are uploaded; a CRM: a poll ran to its end and every
 * outcome is written back). Exit 2 as soon as a campaign is stopped or paused, or a source's traffic
 * stopped, with the reason; exit 3 when a file went to the error folder; otherwise what a source says:
 * 4 when its server has been out of reach too long, 5 when outcomes are kept as dead letters.
 */
public final class BatchRun {

    private static final Logger LOG = LoggerFactory.getLogger(BatchRun.class);

    public static final int DONE = BatchExit.DONE;
    public static final int CAMPAIGN_HALTED = BatchExit.CAMPAIGN_HALTED;
    public static final int FILE_REJECTED = BatchExit.FILE_REJECTED;
    public static final int SFTP_UNREACHABLE = BatchExit.SOURCE_UNREACHABLE;
    public static final int WRITEBACK_FAILED = BatchExit.WRITEBACK_FAILED;

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
        LeadSources sources = context.getRegistry().lookupByNameAndType("leadSources", LeadSources.class);
        Path dataDir = Path.of(context.getPropertiesComponent().resolveProperty("data.dir").orElseThrow());

        for (Campaign campaign : defined.all()) {
            CampaignControl.Status status = campaigns.status(campaign.id()).orElseThrow();
            if (status.state() != CampaignControl.State.RUNNING) {
                LOG.error("Campaign {} is {}: {}. Leads not yet called stay queued for the next run.",
                        campaign.id(), status.state(), status.reason());
                return CAMPAIGN_HALTED;
            }
        }
        for (LeadSource source : sources.all()) {
            if (source.stoppedBecause() != null) {
                LOG.error("{} traffic stopped: {}. Records not yet claimed or written back are taken up by the "
                        + "next run.", source.displayName(), source.stoppedBecause());
                return CAMPAIGN_HALTED;
            }
        }
        // lead files in the inbox or a campaign's folder of it
        if (count(dataDir.resolve("inbox"), 2, ".csv") > 0 || ledger.anyNotFinal() || batches.countNotWritten() > 0) {
            return null;
        }
        for (LeadSource source : sources.all()) {
            Integer code = source.batchExitCode();
            if (code == null || code != DONE) {
                return code;
            }
        }
        return count(dataDir.resolve("error"), 1, ".error.txt") > errorFilesAtStart ? FILE_REJECTED : DONE;
    }

    public static void logSummary(CamelContext context) {
        CampaignProgress progress = context.getRegistry().lookupByNameAndType("campaignProgress", CampaignProgress.class);
        if (progress != null) {
            LOG.info("Summary: {}", progress.currentSummary());
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
