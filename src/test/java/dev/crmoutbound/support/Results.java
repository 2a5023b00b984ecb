package dev.crmoutbound.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** Reads a results CSV the way a user's spreadsheet or script would. */
public final class Results {

    private Results() {
    }

    public static Path awaitFile(Path dataDir, String name, Duration within) {
        Path file = dataDir.resolve("outbox").resolve(name);
        await().atMost(within).pollInterval(Duration.ofMillis(100)).until(() -> Files.exists(file));
        return file;
    }

    public static List<Map<String, String>> rows(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.builder().setReader(in)
                     .setFormat(CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()).get()) {
            List<Map<String, String>> out = new ArrayList<>();
            for (CSVRecord r : parser) {
                out.add(r.toMap());
            }
            return out;
        }
    }

    public static List<String> header(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.builder().setReader(in)
                     .setFormat(CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()).get()) {
            return parser.getHeaderNames();
        }
    }
}
