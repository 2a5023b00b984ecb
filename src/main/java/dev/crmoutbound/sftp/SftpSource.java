package dev.crmoutbound.sftp;

import dev.crmoutbound.source.BatchExit;
import dev.crmoutbound.source.LeadSource;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SFTP drop's registration: not ready while its server has been out of reach too long; in
 * {@code --batch}, done once a poll found nothing new and every results file is uploaded, or given up
 * ({@link BatchExit#SOURCE_UNREACHABLE}) once the server has been out of reach for {@code batchGiveUp}.
 */
public class SftpSource implements LeadSource {

    private static final Logger LOG = LoggerFactory.getLogger(SftpSource.class);

    private final SftpStatus status;
    private final SftpUploads results;
    private final Duration batchGiveUp;

    public SftpSource(SftpStatus status, SftpUploads results, Duration batchGiveUp) {
        this.status = status;
        this.results = results;
        this.batchGiveUp = batchGiveUp;
    }

    @Override
    public String name() {
        return SftpUploads.SOURCE;
    }

    @Override
    public String displayName() {
        return "SFTP";
    }

    @Override
    public String notReadyBecause(Duration unreachableLimit) {
        return status.unreachableFor().compareTo(unreachableLimit) < 0 ? null
                : "the SFTP server has been out of reach for " + status.unreachableFor().toSeconds() + " s";
    }

    @Override
    public Integer batchExitCode() {
        if (status.inboxSeenEmpty() && results.countUndelivered() == 0) {
            return BatchExit.DONE;
        }
        if (status.unreachableFor().compareTo(batchGiveUp) < 0) {
            return null;
        }
        LOG.error("The SFTP server has been out of reach for {} s; giving up for this run. Files taken in are "
                + "in the ledger; {} results file(s) not yet uploaded go up on the next run.",
                status.unreachableFor().toSeconds(), results.countUndelivered());
        return BatchExit.SOURCE_UNREACHABLE;
    }
}
