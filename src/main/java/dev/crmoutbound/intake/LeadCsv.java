package dev.crmoutbound.intake;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Streams a lead CSV: UTF-8 with or without BOM, CRLF or LF, RFC 4180 quoting (commas and newlines
 * inside quotes), a header row. Rows are handed out one at a time so memory does not grow with the file.
 */
public final class LeadCsv {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();

    /** The header row and then each data row, numbered from 1. */
    public interface RowHandler {
        void header(List<String> headers);

        void row(int rowNo, List<String> cells);
    }

    private LeadCsv() {
    }

    public static void read(Path file, RowHandler handler) {
        try (Reader reader = open(file); CSVParser parser = CSVParser.builder().setReader(reader).setFormat(FORMAT).get()) {
            Iterator<CSVRecord> records = parser.iterator();
            if (!records.hasNext()) {
                throw new UnreadableLeadFileException("the file is empty: expected a header row and lead rows");
            }
            List<String> headers = cells(records.next());
            handler.header(headers);
            int rowNo = 0;
            while (records.hasNext()) {
                CSVRecord record = records.next();
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
        List<List<String>> found = new ArrayList<>();
        try (Reader reader = open(file); CSVParser parser = CSVParser.builder().setReader(reader).setFormat(FORMAT).get()) {
            Iterator<CSVRecord> records = parser.iterator();
            if (records.hasNext()) {
                found.add(cells(records.next()));
            }
        } catch (UncheckedIOException e) {
            throw unreadable(e.getCause());
        } catch (IOException e) {
            throw unreadable(e);
        }
        if (found.isEmpty()) {
            throw new UnreadableLeadFileException("the file is empty: expected a header row and lead rows");
        }
        return found.get(0);
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

    private static Reader open(Path file) throws IOException {
        CharsetDecoder strictUtf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file), strictUtf8), 1 << 16);
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
        return reader;
    }

    private static UnreadableLeadFileException unreadable(Throwable cause) {
        String why = cause instanceof java.nio.charset.CharacterCodingException
                ? "the file is not UTF-8 text (save it as CSV UTF-8)"
                : "the file is not valid CSV: " + cause.getMessage();
        return new UnreadableLeadFileException(why, cause);
    }
}
