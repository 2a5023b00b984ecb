package dev.crmoutbound.results;

import dev.crmoutbound.intake.LeadCsv;
import dev.crmoutbound.ledger.BatchStore;
import dev.crmoutbound.ledger.LeadBatch;
import dev.crmoutbound.ledger.ResultRows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@code <outbox>/<input name without .csv>.results.csv} (in the same subfolder as the input had
 * in the inbox): the input's rows in input order, its columns unchanged, plus the call columns. Written
 * under a temporary name and renamed, so a reader never sees a partial file.
 */
public class ResultsCsvWriter {

    private static final Logger LOG = LoggerFactory.getLogger(ResultsCsvWriter.class);

    private final BatchStore batches;
    private final ResultRows resultRows;
    private final Path outbox;
    private final Path processed;

    /** {@code processed}: where this instance keeps the files it took in (the results are written from them). */
    public ResultsCsvWriter(BatchStore batches, ResultRows resultRows, Path outbox, Path processed) {
        this.batches = batches;
        this.resultRows = resultRows;
        this.outbox = outbox;
        this.processed = processed.toAbsolutePath().normalize();
    }

    /** Writes the results of every batch that has become final; returns the files written. */
    public List<Path> writeReady() {
        List<Path> written = new ArrayList<>();
        for (LeadBatch batch : batches.readyForResults()) {
            Path input = Path.of(batch.storedPath());
            if (!input.toAbsolutePath().normalize().startsWith(processed) || !Files.exists(input)) {
                // another drop's file (its instance gone), or the intake route has not moved it into place yet
                continue;
            }
            Path target = write(batch, input);
            if (target == null) {
                continue; // another instance on the same ledger put its file there first
            }
            if (batches.markWritten(batch.id(), target.toString())) {
                LOG.info("Results for {} written to {}", batch.inputName(), target.getFileName());
                written.add(target);
            } else {
                deleteQuietly(target); // ours alone (linked exclusively), but another instance's is the one kept
            }
        }
        return written;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not remove {}: {}", file, e.getMessage());
        }
    }

    /** The results file written for the batch, or null when its name was taken meanwhile. */
    Path write(LeadBatch batch, Path input) {
        String base = batch.inputName().replaceFirst("(?i)\\.csv$", "");
        Path target = outbox.resolve(base + ".results.csv");
        if (Files.exists(target)) {
            target = outbox.resolve(base + "." + batch.id() + ".results.csv");
        }
        try {
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), ".writing-", ".tmp");
            try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8);
                 CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180);
                 ResultRows.Cursor rows = resultRows.open(batch.id())) {
                LeadCsv.read(input, new Merge(printer, rows));
            }
            // a hard link fails if the name is taken: two instances finishing the same batch (one of them
            // back from a pause) never replace, and so never delete, each other's file
            try {
                Files.createLink(target, temp);
                return target;
            } catch (java.nio.file.FileAlreadyExistsException taken) {
                return null;
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing results for " + batch.inputName(), e);
        }
    }

    /** Walks the input and the ledger side by side, both in row order. */
    private static final class Merge implements LeadCsv.RowHandler {
        private final CSVPrinter printer;
        private final ResultRows.Cursor rows;
        private int width;
        private ResultRow pending;

        Merge(CSVPrinter printer, ResultRows.Cursor rows) {
            this.printer = printer;
            this.rows = rows;
        }

        @Override
        public void header(List<String> headers) {
            width = headers.size();
            List<String> out = new ArrayList<>(headers);
            for (String column : ResultRow.COLUMNS) {
                out.add(headers.contains(column) ? "call_" + column : column);
            }
            print(out);
        }

        @Override
        public void row(int rowNo, List<String> cells) {
            while (pending == null || pending.rowNo() < rowNo) {
                pending = rows.next();
                if (pending == null) {
                    throw new IllegalStateException("ledger has no row " + rowNo);
                }
            }
            List<String> out = new ArrayList<>(cells);
            while (out.size() < width) {
                out.add("");
            }
            out.addAll(pending.cells());
            print(out);
        }

        private void print(List<String> cells) {
            SpreadsheetSafe.printRow(printer, cells);
        }
    }
}
