package dev.crmoutbound.intake;

import dev.crmoutbound.ledger.InputBounds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * Streams a lead CSV: UTF-8 with or without BOM, CRLF or LF, RFC 4180 quoting (commas and newlines
 * inside quotes), a header row of at most {@value #MAX_COLUMNS} columns. Rows are handed out one at a
 * time and none may exceed {@link CsvTextReader#MAX_ROW_CHARS}, so memory does not grow with the file.
 */
public final class LeadCsv {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();
    /** The most columns a lead file may have. */
    static final int MAX_COLUMNS = 1000;

    /** The header row and then each data row, numbered from 1. */
    public interface RowHandler {
        void header(List<String> headers);

        void row(int rowNo, List<String> cells);
    }

    private LeadCsv() {
    }

    public static void read(Path file, RowHandler handler) {
        try (CsvTextReader reader = CsvTextReader.open(file);
             CSVParser parser = CSVParser.builder().setReader(reader).setFormat(FORMAT).get()) {
            Iterator<CSVRecord> records = parser.iterator();
            handler.header(headerOf(records, reader));
            int rowNo = 0;
            while (records.hasNext()) {
                CSVRecord record = records.next();
                reader.rowRead();
                rowNo++;
                if (record.size() == 1 && record.get(0).isBlank()) {
                    continue;
                }
                handler.row(rowNo, cells(record));
            }
        } catch (UncheckedIOException e) {
            throw unreadable(e.getCause());
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /** Reads only the header row. */
    public static List<String> header(Path file) {
        try (CsvTextReader reader = CsvTextReader.open(file);
             CSVParser parser = CSVParser.builder().setReader(reader).setFormat(FORMAT).get()) {
            return headerOf(parser.iterator(), reader);
        } catch (UncheckedIOException e) {
            throw unreadable(e.getCause());
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private static List<String> headerOf(Iterator<CSVRecord> records, CsvTextReader reader) {
        if (!records.hasNext()) {
            throw new UnreadableLeadFileException("the file is empty: expected a header row and lead rows");
        }
        CSVRecord header = records.next();
        reader.rowRead();
        if (header.size() > MAX_COLUMNS) {
            throw new UnreadableLeadFileException("the header row has " + header.size() + " columns; a lead file may "
                    + "have at most " + MAX_COLUMNS);
        }
        return cells(header);
    }

    /** The number of the file's last lead row (0 with none), every row read by the parser. */
    static int lastRowNo(Path file) {
        int[] last = {0};
        read(file, new RowHandler() {
            @Override
            public void header(List<String> headers) {
            }

            @Override
            public void row(int rowNo, List<String> cells) {
                last[0] = rowNo;
            }
        });
        return last[0];
    }

    public static void forEachRow(Path file, Consumer<List<String>> each) {
        read(file, new RowHandler() {
            @Override
            public void header(List<String> headers) {
                each.accept(headers);
            }

            @Override
            public void row(int rowNo, List<String> cells) {
                each.accept(cells);
            }
        });
    }

    private static List<String> cells(CSVRecord record) {
        List<String> cells = new ArrayList<>(record.size());
        record.forEach(cells::add);
        return cells;
    }

    /**
     * Rewrites the file with the cells of these rows emptied (an erased person's), every other row as it
     * was read and the numbering of rows unchanged, through a temporary file moved over it. Returns how many
     * rows were emptied.
     */
    public static int blankRows(Path file, Set<Integer> rows) throws IOException {
        Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".blanking-", ".tmp");
        int blanked = 0;
        try (CsvTextReader reader = CsvTextReader.open(file);
             CSVParser parser = CSVParser.builder().setReader(reader).setFormat(FORMAT).get();
             Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8);
             CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180)) {
            int rowNo = -1; // the header is row 0
            for (CSVRecord record : parser) {
                reader.rowRead();
                rowNo++;
                List<String> cells = cells(record);
                if (rowNo > 0 && rows.contains(rowNo) && !(cells.size() == 1 && cells.get(0).isBlank())) {
                    cells = java.util.Collections.nCopies(cells.size(), "");
                    blanked++;
                }
                printer.printRecord(cells);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return blanked;
    }

    private static UnreadableLeadFileException unreadable(Throwable cause) {
        String why = cause instanceof java.nio.charset.CharacterCodingException
                ? "the file is not UTF-8 text (save it as CSV UTF-8)"
                : cause instanceof CsvTextReader.NotLeadText ? cause.getMessage()
                : "the file is not valid CSV: " + InputBounds.clip(cause.getMessage(), 300);
        return new UnreadableLeadFileException(why, cause);
    }
}
