package dev.crmoutbound.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVPrinter;

/**
 * Escapes cells a spreadsheet would run as a formula (OWASP "CSV injection") by prefixing a single
 * quote. A plain signed number such as a phone written {@code +1 (415) 555-0123} is left alone: it is
 * data, and rewriting it would change the user's own column.
 */
public final class SpreadsheetSafe {

    private static final Pattern PLAIN_NUMBER = Pattern.compile("^[+-][0-9 ().\\-]*$");

    private SpreadsheetSafe() {
    }

    public static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        char first = value.charAt(0);
        boolean risky = first == '=' || first == '@' || first == '\t' || first == '\r'
                || ((first == '+' || first == '-') && !PLAIN_NUMBER.matcher(value).matches());
        return risky ? "'" + value : value;
    }

    /** Prints one record, every cell escaped. */
    public static void printRow(CSVPrinter printer, List<String> cells) {
        try {
            for (String cell : cells) {
                printer.print(cell(cell));
            }
            printer.println();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
