package dev.crmoutbound.intake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * Counts the lead rows of a plainly written CSV file without building them: the check before a file is
 * taken in, five times faster than reading it with the parser (a second of a million-row file, before
 * its first row can be written). Plain means: rows ending in CRLF or LF, fields either unquoted (no quote,
 * comma or line break in them) or quoted from first to last character (quotes doubled inside), no empty
 * row but at the end. Such a file the parser reads without fault, one row per line here. For any other
 * file, or a row it cannot be sure of, the answer is empty and the parser checks the file itself, with
 * the reason it gives for what it refuses.
 */
final class PlainCsvCount {

    /** Rows longer than this are left to the parser, which refuses those past {@link CsvTextReader#MAX_ROW_CHARS}. */
    private static final int PLAIN_ROW_CHARS = CsvTextReader.MAX_ROW_CHARS / 2;

    private PlainCsvCount() {
    }

    /** The number of lead rows (after the header) when the file is plain, with a header and at least one row. */
    static OptionalInt leadRows(Path file) {
        try (CsvTextReader reader = CsvTextReader.open(file)) {
            return count(reader);
        } catch (IOException | UncheckedIOException e) {
            return OptionalInt.empty(); // the parser finds the same fault, and says what it is
        }
    }

    private static OptionalInt count(CsvTextReader reader) throws IOException {
        char[] buffer = new char[1 << 16];
        int records = 0;
        int fields = 1;
        int rowChars = 0;
        boolean inQuotes = false;
        boolean quoteClosed = false; // a quoted field just ended: only a comma or the row's end may follow
        boolean fieldStart = true;
        boolean rowEmpty = true;
        boolean rowHasText = false; // the parser passes over a row of one blank field, and counts it
        boolean afterCr = false;
        for (int n = reader.read(buffer, 0, buffer.length); n >= 0; n = reader.read(buffer, 0, buffer.length)) {
            for (int i = 0; i < n; i++) {
                char ch = buffer[i];
                if (++rowChars > PLAIN_ROW_CHARS) {
                    return OptionalInt.empty();
                }
                if (afterCr && ch != '\n') {
                    return OptionalInt.empty(); // a line ending in CR alone
                }
                if (ch != '"' && !Character.isWhitespace(ch)) {
                    rowHasText = true;
                }
                if (inQuotes) {
                    if (ch == '"') {
                        inQuotes = false;
                        quoteClosed = true;
                    }
                    continue;
                }
                if (quoteClosed && ch == '"') { // a doubled quote inside a quoted field
                    inQuotes = true;
                    quoteClosed = false;
                    continue;
                }
                switch (ch) {
                    case ',' -> {
                        fields++;
                        fieldStart = true;
                        quoteClosed = false;
                        rowEmpty = false;
                    }
                    case '"' -> {
                        if (!fieldStart) {
                            return OptionalInt.empty(); // a quote inside an unquoted field
                        }
                        inQuotes = true;
                        fieldStart = false;
                        rowEmpty = false;
                    }
                    case '\r' -> afterCr = true;
                    case '\n' -> {
                        if (!plainRow(rowEmpty, rowHasText, fields, records)) {
                            return OptionalInt.empty();
                        }
                        records++;
                        reader.rowRead();
                        fields = 1;
                        rowChars = 0;
                        fieldStart = true;
                        quoteClosed = false;
                        rowEmpty = true;
                        rowHasText = false;
                        afterCr = false;
                    }
                    default -> {
                        if (quoteClosed) {
                            return OptionalInt.empty(); // something after a closing quote
                        }
                        fieldStart = false;
                        rowEmpty = false;
                    }
                }
            }
        }
        if (inQuotes || afterCr) {
            return OptionalInt.empty();
        }
        if (!rowEmpty) { // the last row, without a line ending
            if (!plainRow(false, rowHasText, fields, records)) {
                return OptionalInt.empty();
            }
            records++;
        }
        return records >= 2 ? OptionalInt.of(records - 1) : OptionalInt.empty();
    }

    /**
     * A row the parser counts as this count does: not empty (the parser skips those), not one blank field
     * (it passes over those), and a header of no more columns than a lead file may have.
     */
    private static boolean plainRow(boolean empty, boolean hasText, int fields, int rowsBefore) {
        return !empty && (fields > 1 || hasText) && (rowsBefore > 0 || fields <= LeadCsv.MAX_COLUMNS);
    }
}
