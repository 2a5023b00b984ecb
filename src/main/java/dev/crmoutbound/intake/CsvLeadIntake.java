package dev.crmoutbound.intake;

import dev.crmoutbound.ledger.BatchStore;
import dev.crmoutbound.ledger.IncomingLead;
import dev.crmoutbound.ledger.InputFile;
import dev.crmoutbound.ledger.LeadBatch;
import dev.crmoutbound.ledger.LeadIntakeWriter;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a lead CSV into the ledger. The whole file is checked first, so a malformed file queues nobody;
 * then rows are written in chunks, each its own transaction, resuming after the last row already written
 * if an earlier attempt was cut short.
 */
public class CsvLeadIntake {

    private static final Logger LOG = LoggerFactory.getLogger(CsvLeadIntake.class);
    private static final int CHUNK = 1000;
    private static final int PROGRESS_EVERY = 100_000;

    private final String campaignId;
    private final PhoneNormalizer phones;
    private final BatchStore batches;
    private final LeadIntakeWriter writer;
    private final Optional<String> phoneColumn;
    private final Optional<String> idColumn;
    private final Path processedDir;

    public CsvLeadIntake(String campaignId, PhoneNormalizer phones, BatchStore batches, LeadIntakeWriter writer,
                         Optional<String> phoneColumn, Optional<String> idColumn, Path processedDir) {
        this.processedDir = processedDir;
        this.campaignId = campaignId;
        this.phones = phones;
        this.batches = batches;
        this.writer = writer;
        this.phoneColumn = phoneColumn;
        this.idColumn = idColumn;
    }

    /**
     * Reads {@code file}, the local copy of a lead file its source names by name, size and modification
     * time: the same drop read again after a crash resumes its own batch.
     */
    public IngestReport ingest(File file, String source, String name, long size, long modified) {
        if (file.length() != size) {
            throw new LeadFileChangedException(name + " changed while it was being read (listed with " + size
                    + " bytes, read " + file.length() + "); it is read again once it has stopped changing");
        }
        Path path = file.toPath();
        List<String> headers = LeadCsv.header(path);
        int phoneAt = LeadColumns.phoneColumn(headers, phoneColumn);
        int idAt = LeadColumns.idColumn(headers, idColumn);
        int rows = countRows(path);

        LeadBatch batch = batches.findOrCreate(campaignId, new InputFile(source, name, size, modified));
        int resumeAfter = writer.lastRowWritten(batch.id());
        if (resumeAfter > 0) {
            LOG.info("{}: rows up to {} are already in the ledger from an earlier read of this same file; "
                    + "continuing after them", name, resumeAfter);
        }
        Counts counts = new Counts();
        List<IncomingLead> chunk = new ArrayList<>(CHUNK);
        LeadCsv.read(path, new LeadCsv.RowHandler() {
            @Override
            public void header(List<String> ignored) {
            }

            @Override
            public void row(int rowNo, List<String> cells) {
                if (rowNo <= resumeAfter) {
                    return;
                }
                chunk.add(toLead(rowNo, cells, phoneAt, idAt));
                if (chunk.size() == CHUNK) {
                    flush(source, batch, chunk, counts);
                }
                if (rowNo % PROGRESS_EVERY == 0) {
                    LOG.info("{}: {} of {} rows read", name, rowNo, rows);
                }
            }
        });
        flush(source, batch, chunk, counts);
        // The route keeps the input under this name once this method returns; results are written from it.
        String storedName = batch.id() + "-" + name;
        batches.markOpen(batch.id(), rows, processedDir.resolve(storedName).toString());
        return new IngestReport(batch.id(), name, storedName, rows, counts.queued,
                counts.written - counts.queued);
    }

    private IncomingLead toLead(int rowNo, List<String> cells, int phoneAt, int idAt) {
        String rawPhone = phoneAt < cells.size() ? cells.get(phoneAt) : null;
        String key = idAt >= 0 && idAt < cells.size() && !cells.get(idAt).isBlank() ? cells.get(idAt).strip() : null;
        PhoneNormalizer.Result phone = phones.normalise(rawPhone);
        return new IncomingLead(rowNo, key, phone.e164(), phone.rejectReason());
    }

    private void flush(String source, LeadBatch batch, List<IncomingLead> chunk, Counts counts) {
        if (chunk.isEmpty()) {
            return;
        }
        counts.queued += writer.write(campaignId, source, batch, chunk);
        counts.written += chunk.size();
        chunk.clear();
    }

    /** First pass: proves the whole file parses before any of it is queued. */
    private static int countRows(Path path) {
        int[] last = {0};
        LeadCsv.read(path, new LeadCsv.RowHandler() {
            @Override
            public void header(List<String> headers) {
            }

            @Override
            public void row(int rowNo, List<String> cells) {
                last[0] = rowNo;
            }
        });
        if (last[0] == 0) {
            throw new UnreadableLeadFileException("the file has a header row but no lead rows");
        }
        return last[0];
    }

    private static final class Counts {
        int queued;
        int written;
    }
}
