package dev.crmoutbound.intake;

import dev.crmoutbound.ledger.BatchStore;
import dev.crmoutbound.ledger.IncomingLead;
import dev.crmoutbound.ledger.InputBounds;
import dev.crmoutbound.ledger.InputFile;
import dev.crmoutbound.ledger.LeadBatch;
import dev.crmoutbound.ledger.LeadIntakeWriter;
import dev.crmoutbound.ops.FaultLog;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a lead CSV into the ledger. The whole file is checked first, so a malformed file queues nobody;
 * then rows are written in chunks, each its own transaction, resuming after the last row already written
 * if an earlier attempt was cut short. Rows are screened on all cores, a chunk at a time, and written
 * in their order on a thread of their own while the file is read on. A file belongs to the campaign of
 * its inbox folder; a campaign column, where the file has one, moves a row to another campaign. Each row
 * is screened by its campaign's policy on the way in.
 */
public class CsvLeadIntake {

    private static final Logger LOG = LoggerFactory.getLogger(CsvLeadIntake.class);
    /** Rows per transaction: large enough for the database's bulk path, small enough to be quick to dial. */
    private static final int CHUNK = 10_000;
    /** Wide rows make smaller chunks, so a chunk in memory stays a few megabytes. */
    private static final long CHUNK_CHARS = 2_000_000;
    /** Screening is a third of the work; past four threads the writer is the bottleneck, and memory grows. */
    private static final int SCREENING_THREADS = Math.min(4, Runtime.getRuntime().availableProcessors());
    private static final int PROGRESS_EVERY = 100_000;

    private final CsvLeadReader reader;
    private final BatchStore batches;
    private final LeadIntakeWriter writer;
    private final Path processedDir;
    private final int maxAttempts;
    private final int retries;

    /**
     * {@code retries}: how many times the route tries a failed intake again before it gives the file up;
     * {@code maxAttempts}: how many times a file's intake may start (restarts included) before it is given up.
     */
    public CsvLeadIntake(CsvLeadReader reader, BatchStore batches, LeadIntakeWriter writer, Path processedDir,
                         int retries, int maxAttempts) {
        this.processedDir = processedDir;
        this.retries = retries;
        this.maxAttempts = maxAttempts;
        this.reader = reader;
        this.batches = batches;
        this.writer = writer;
    }

    /**
     * Reads {@code file}, the local copy of a lead file its source names by path, size and modification
     * time: the same drop read again after a crash resumes its own batch. {@code relativePath} is the
     * file's path under the inbox: a subfolder names the campaign (the default campaign for the inbox
     * itself), unless {@code campaignId} is given.
     */
    public IngestReport ingest(File file, String source, String relativePath, long size, long modified,
                               String campaignId) {
        String name = relativePath.substring(relativePath.lastIndexOf('/') + 1);
        if (relativePath.length() > InputBounds.INPUT_PATH) {
            throw new UnreadableLeadFileException("its path in the inbox is longer than " + InputBounds.INPUT_PATH
                    + " characters");
        }
        if (file.length() != size) {
            throw new LeadFileChangedException(name + " changed while it was being read (listed with " + size
                    + " bytes, read " + file.length() + "); it is read again once it has stopped changing");
        }
        Path path = file.toPath();
        CsvLeadReader.FileRows fileRows = reader.forFile(LeadCsv.header(path), CsvLeadReader.folderOf(relativePath), campaignId);
        int rows = countRows(path);

        LeadBatch batch = batches.startIntake(fileRows.campaign().id(), new InputFile(source, relativePath, size, modified));
        if (BatchStore.INGESTING.equals(batch.state()) && batch.intakeAttempts() > maxAttempts) {
            throw new UnreadableLeadFileException("its intake has been started " + batch.intakeAttempts()
                    + " times without finishing (retries, restarts, or a process stopped while reading it)");
        }
        int resumeAfter = writer.lastRowWritten(batch.id());
        if (resumeAfter > 0) {
            LOG.info("{}: rows up to {} are already in the ledger from an earlier read of this same file; "
                    + "continuing after them", name, resumeAfter);
        }
        Counts counts = new Counts();
        try (InOrderPipeline<List<IncomingLead>> screened = new InOrderPipeline<>("lead-screening", SCREENING_THREADS,
                leads -> flush(source, batch, leads, counts))) {
            RowChunk[] chunk = {new RowChunk()};
            LeadCsv.read(path, new LeadCsv.RowHandler() {
                @Override
                public void header(List<String> ignored) {
                }

                @Override
                public void row(int rowNo, List<String> cells) {
                    if (rowNo <= resumeAfter) {
                        return;
                    }
                    if (chunk[0].add(rowNo, cells)) {
                        screened.submit(chunk[0].screenedBy(fileRows));
                        chunk[0] = new RowChunk();
                    }
                    if (rowNo % PROGRESS_EVERY == 0) {
                        LOG.info("{}: {} of {} rows read", name, rowNo, rows);
                    }
                }
            });
            screened.submit(chunk[0].screenedBy(fileRows));
            screened.finish();
        }
        // The route keeps the input under this name once this method returns; results are written from it.
        String storedName = batch.id() + "-" + name;
        if (counts.waiting > 0) {
            LOG.info("{}: {} of the queued leads wait for their calling window", name, counts.waiting);
        }
        batches.markOpen(batch.id(), rows, processedDir.resolve(storedName).toString());
        return new IngestReport(batch.id(), name, storedName, rows, counts.queued,
                counts.written - counts.queued);
    }

    /**
     * The intake of this file gave up (the route moves it to the error folder): the leads read from it and
     * not yet called are withdrawn. Returns the text of the error report beside it.
     */
    public String giveUp(String source, String relativePath, long size, long modified, Throwable failure) {
        String name = relativePath.substring(relativePath.lastIndexOf('/') + 1);
        String why = failure instanceof UnreadableLeadFileException ? failure.getMessage()
                : "its intake failed " + (1 + retries) + " times: " + FaultLog.describe(failure);
        BatchStore.Abandoned abandoned = batches.abandonIntake(new InputFile(source, relativePath, size, modified));
        String called = abandoned.kept() == 0 ? "nobody in it was called"
                : abandoned.kept() + " of its leads had already been called and are kept, so nobody is called twice "
                + "when it is dropped again; the rest were not called";
        LOG.error("{} was moved to the error folder; {}: {}", name, called, why);
        return name + " was not taken in; " + called + "."
                + (abandoned.withdrawn() > 0 ? " (The " + abandoned.withdrawn() + " rows read before it failed"
                + (abandoned.kept() > 0 ? " and not called" : "") + " were withdrawn.)" : "")
                + "\nReason: " + why + "\n";
    }

    private void flush(String source, LeadBatch batch, List<IncomingLead> chunk, Counts counts) {
        if (chunk.isEmpty()) {
            return;
        }
        java.time.Instant now = reader.screening().now();
        counts.waiting += (int) chunk.stream().filter(l -> l.rejectReason() == null && l.notBefore() != null
                && l.notBefore().isAfter(now)).count();
        counts.queued += writer.write(source, batch, chunk);
        counts.written += chunk.size();
    }

    /** Rows read but not yet screened: a chunk is full at {@value #CHUNK} rows or its budget of characters. */
    private static final class RowChunk {
        private final List<Integer> rowNos = new ArrayList<>(CHUNK);
        private final List<List<String>> rows = new ArrayList<>(CHUNK);
        private long chars;

        /** Adds a row; true when the chunk is full. */
        boolean add(int rowNo, List<String> cells) {
            rowNos.add(rowNo);
            rows.add(cells);
            for (String cell : cells) {
                chars += cell.length();
            }
            return rows.size() == CHUNK || chars >= CHUNK_CHARS;
        }

        java.util.concurrent.Callable<List<IncomingLead>> screenedBy(CsvLeadReader.FileRows fileRows) {
            return () -> {
                List<IncomingLead> leads = new ArrayList<>(rows.size());
                for (int i = 0; i < rows.size(); i++) {
                    leads.add(fileRows.lead(rowNos.get(i), rows.get(i)));
                }
                return leads;
            };
        }
    }

    /** First pass: proves the whole file parses before any of it is queued. */
    private static int countRows(Path path) {
        java.util.OptionalInt plain = PlainCsvCount.leadRows(path);
        if (plain.isPresent()) {
            return plain.getAsInt();
        }
        int last = LeadCsv.lastRowNo(path);
        if (last == 0) {
            throw new UnreadableLeadFileException("the file has a header row but no lead rows");
        }
        return last;
    }

    private static final class Counts {
        int queued;
        int waiting;
        int written;
    }
}
