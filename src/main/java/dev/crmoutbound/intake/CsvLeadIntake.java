package dev.crmoutbound.intake;

import dev.crmoutbound.ledger.BatchStore;
import dev.crmoutbound.ledger.IncomingLead;
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

    /** The batch key names this exact drop: the same file re-read after a crash resumes the same batch. */
    public IngestReport ingest(File file, String source) {
        Path path = file.toPath();
        List<String> headers = LeadCsv.header(path);
        int phoneAt = LeadColumns.phoneColumn(headers, phoneColumn);
        int idAt = LeadColumns.idColumn(headers, idColumn);
        int rows = countRows(path);

        String batchKey = source + ":" + file.getName() + ":" + file.length() + ":" + file.lastModified();
        LeadBatch batch = batches.findOrCreate(campaignId, source, batchKey, file.getName());
        int resumeAfter = writer.lastRowWritten(batch.id());
        if (resumeAfter > 0) {
            LOG.info("{}: resuming after row {} written before a restart", file.getName(), resumeAfter);
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
                    LOG.info("{}: {} of {} rows read", file.getName(), rowNo, rows);
                }
            }
        });
        flush(source, batch, chunk, counts);
        // The route moves the input to this name once this method returns; results are written from it.
        String storedName = batch.id() + "-" + file.getName();
        batches.markOpen(batch.id(), rows, processedDir.resolve(storedName).toString());
        return new IngestReport(batch.id(), file.getName(), storedName, rows, counts.queued,
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
