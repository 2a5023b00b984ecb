package dev.crmoutbound.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.Random;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PlainCsvCount} against the parser the intake reads files with: whenever it counts a file, the
 * parser must read that file without fault and hand out exactly that many lead rows. The files are
 * written by a CSV printer from random fields (commas, quotes, line breaks, blanks, accents), in CRLF and
 * LF, then damaged a character at a time, and random text.
 */
class PlainCsvCountTest {

    private static final String ALPHABET = "ab, \"\r\n\té1";

    @TempDir
    Path dir;

    private int counted;

    @Test
    void everyFileItCountsTheParserReadsWithTheSameNumberOfRows() throws IOException {
        Random random = new Random(20261206);
        Path file = dir.resolve("leads.csv");
        for (int i = 0; i < 5000; i++) {
            String csv = printed(random);
            check(file, csv);
            check(file, damaged(csv, random));
            check(file, randomText(random, 30));
        }
        assertThat(counted).as("files counted without the parser").isGreaterThan(4000);
    }

    @Test
    void countsThePlainFilesVendorsSend() throws IOException {
        Path file = dir.resolve("leads.csv");
        Files.writeString(file, "id,phone,notes\r\n1,+14155550101,\"says \"\"hi\"\", twice\"\r\n2,+14155550102,\"two\nlines\"\r\n");
        assertThat(PlainCsvCount.leadRows(file)).hasValue(2);
        Files.writeString(file, "id,phone\n1,+14155550101");
        assertThat(PlainCsvCount.leadRows(file)).hasValue(1);
        Files.writeString(file, "id,phone\n1,\"+14155550101");
        assertThat(PlainCsvCount.leadRows(file)).as("a quote left open: the parser says so").isEmpty();
        Files.writeString(file, "id,phone\n\n1,+14155550101\n");
        assertThat(PlainCsvCount.leadRows(file)).as("an empty row: the parser's to count").isEmpty();
    }

    private void check(Path file, String csv) throws IOException {
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        OptionalInt plain = PlainCsvCount.leadRows(file);
        if (plain.isEmpty()) {
            return;
        }
        counted++;
        int last;
        try {
            last = LeadCsv.lastRowNo(file);
        } catch (UnreadableLeadFileException e) {
            throw new AssertionError("counted " + plain.getAsInt() + " rows in " + visible(csv)
                    + ", which the parser refuses: " + e.getMessage());
        }
        assertThat(last).as("lead rows of %s", visible(csv)).isEqualTo(plain.getAsInt());
    }

    private static String printed(Random random) throws IOException {
        StringWriter out = new StringWriter();
        CSVFormat format = CSVFormat.RFC4180.builder().setRecordSeparator(random.nextBoolean() ? "\r\n" : "\n").get();
        try (CSVPrinter printer = new CSVPrinter(out, format)) {
            int columns = 1 + random.nextInt(4);
            int rows = 1 + random.nextInt(5);
            for (int r = 0; r < rows; r++) {
                Object[] fields = new Object[columns];
                for (int c = 0; c < columns; c++) {
                    fields[c] = randomText(random, 5);
                }
                printer.printRecord(fields);
            }
        }
        String csv = out.toString();
        return random.nextInt(4) == 0 ? csv.stripTrailing() : csv;
    }


    private static String damaged(String csv, Random random) {
        if (csv.isEmpty()) {
            return csv;
        }
        StringBuilder out = new StringBuilder(csv);
        int at = random.nextInt(out.length());
        switch (random.nextInt(3)) {
            case 0 -> out.deleteCharAt(at);
            case 1 -> out.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            default -> out.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }

    /** Up to {@code maxLength - 1} characters of the alphabet, at random. */
    private static String randomText(Random random, int maxLength) {
        StringBuilder out = new StringBuilder();
        int length = random.nextInt(maxLength);
        for (int i = 0; i < length; i++) {
            out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }

    private static String visible(String csv) {
        return "'" + csv.replace("\r", "\\r").replace("\n", "\\n") + "'";
    }
}
