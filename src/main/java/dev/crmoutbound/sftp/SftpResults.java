package dev.crmoutbound.sftp;

import dev.crmoutbound.ledger.BatchStore;
import dev.crmoutbound.ledger.LeadBatch;
import java.io.File;
import java.util.List;

/**
 * Results files of SFTP drops that are written here but not yet uploaded. A batch whose results file
 * another instance wrote is that instance's to upload.
 */
public class SftpResults {

    public static final String SOURCE = "sftp";

    private final BatchStore batches;

    public SftpResults(BatchStore batches) {
        this.batches = batches;
    }

    public List<Upload> awaitingUpload() {
        return batches.awaitingDelivery(SOURCE).stream()
                .filter(b -> b.resultsPath() != null && new File(b.resultsPath()).isFile())
                .map(b -> new Upload(b, new File(b.resultsPath())))
                .toList();
    }

    public void delivered(Upload upload) {
        batches.markDelivered(upload.batch().id());
    }

    public int countUndelivered() {
        return batches.awaitingDelivery(SOURCE).size();
    }

    public record Upload(LeadBatch batch, File file) {
        public String remoteName() {
            return file.getName();
        }
    }
}
