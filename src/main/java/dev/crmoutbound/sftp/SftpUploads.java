package dev.crmoutbound.sftp;

import dev.crmoutbound.ledger.BatchStore;
import dev.crmoutbound.ledger.LeadBatch;
import java.io.File;
import java.nio.file.Path;
import java.util.List;

/**
 * The uploads the SFTP drop owes: results files of SFTP drops that this instance wrote (into its own
 * outbox) and has not yet uploaded.
 * A batch whose results another instance on the same ledger wrote is that instance's to upload.
 */
public class SftpUploads {

    public static final String SOURCE = "sftp";

    private final BatchStore batches;
    private final Path outbox;

    public SftpUploads(BatchStore batches, Path outbox) {
        this.batches = batches;
        this.outbox = outbox.toAbsolutePath().normalize();
    }

    public List<Upload> awaitingUpload() {
        return batches.awaitingDelivery(SOURCE).stream()
                .filter(b -> b.resultsPath() != null && Path.of(b.resultsPath()).toAbsolutePath().normalize().startsWith(outbox)
                        && new File(b.resultsPath()).isFile())
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
        /** Under the results folder, in the campaign subfolder the input came from. */
        public String remoteName() {
            String input = batch.inputName();
            return input.substring(0, input.lastIndexOf('/') + 1) + file.getName();
        }
    }
}
