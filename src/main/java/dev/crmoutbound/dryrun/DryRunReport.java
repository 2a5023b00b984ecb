package dev.crmoutbound.dryrun;

import dev.crmoutbound.results.SpreadsheetSafe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** One dry-run report file: the input's rows and columns, plus the verdict columns; written whole or not at all. */
final class DryRunReport {

    private final Path target;
    private final Path temp;
    private final Writer out;
    private final CSVPrinter printer;
    private final int width;
    private final Instant now;
    private int calledNow;
    private int calledLater;
    private int rejected;

    DryRunReport(Path target, List<String> headers, Instant now) {
        this.target = target;
        this.now = now;
        this.width = headers.size();
        try {
            Files.createDirectories(target.getParent());
            this.temp = Files.createTempFile(target.getParent(), ".writing-", ".tmp");
            this.out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8);
            this.printer = new CSVPrinter(out, CSVFormat.RFC4180);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + target, e);
        }
        List<String> header = new ArrayList<>(headers);
        header.addAll(Verdict.COLUMNS);
        print(header);
    }

    void add(List<String> cells, Verdict verdict) {
        if (!verdict.call()) {
            rejected++;
        } else if (verdict.earliest().isAfter(now)) {
            calledLater++;
        } else {
            calledNow++;
        }
        List<String> row = new ArrayList<>(cells);
        while (row.size() < width) {
            row.add("");
        }
        row.addAll(verdict.cells());
        print(row);
    }

    String counts() {
        return (calledNow + calledLater) + " would be called (" + calledNow + " at once, " + calledLater
                + " later, in their calling window), " + rejected + " rejected";
    }

    void close() {
        try {
            printer.close();
            out.close();
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + target, e);
        }
    }

    private void print(List<String> cells) {
        SpreadsheetSafe.printRow(printer, cells);
    }
}
