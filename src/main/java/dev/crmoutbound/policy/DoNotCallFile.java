package dev.crmoutbound.policy;

import dev.crmoutbound.intake.PhoneNormalizer;
import dev.crmoutbound.ledger.DoNotCallList;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirrors a do-not-call file into the do-not-call table: one number per line (the first comma-separated
 * cell; lines starting with # and a header line are skipped), in any format libphonenumber reads, with
 * the default campaign's region for numbers without a country code. It is read again whenever it
 * changes, once it has stood still for a moment, so a file being rewritten is never read half-written.
 */
public class DoNotCallFile {

    private static final Logger LOG = LoggerFactory.getLogger(DoNotCallFile.class);

    private static final Duration SETTLED = Duration.ofSeconds(1);

    private final DoNotCallList list;
    private final PhoneNormalizer phones;
    private final Path file;
    private String loadedVersion;

    public DoNotCallFile(DoNotCallList list, PhoneNormalizer phones, Path file) {
        this.list = list;
        this.phones = phones;
        this.file = file;
    }

    /** Reads the file when it changed since it was last read and has stood still since. */
    public synchronized void loadIfChanged() {
        try {
            if (!Files.isReadable(file)) {
                if (loadedVersion != null) {
                    LOG.warn("Do-not-call file {} is gone; the numbers it listed stay on the list", file.getFileName());
                    loadedVersion = null;
                }
                return;
            }
            long modified = Files.getLastModifiedTime(file).toMillis();
            if (version().equals(loadedVersion) || System.currentTimeMillis() - modified < SETTLED.toMillis()) {
                return;
            }
            load();
        } catch (IOException e) {
            throw new UncheckedIOException("reading the do-not-call file " + file.getFileName(), e);
        }
    }

    /** Makes the table's entries from this file exactly the file's numbers; returns how many it holds. */
    public synchronized int load() throws IOException {
        String fileName = file.getFileName().toString();
        String version = version();
        Set<String> numbers = new HashSet<>();
        int unreadable = 0;
        int lineNo = 0;
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                lineNo++;
                String cell = line.split(",", 2)[0].strip().replace("\"", "");
                if (cell.isEmpty() || cell.startsWith("#") || (lineNo == 1 && !cell.matches(".*\\d.*"))) {
                    continue;
                }
                PhoneNormalizer.Result phone = phones.normalise(cell);
                if (phone.valid()) {
                    numbers.add(phone.e164());
                } else {
                    unreadable++;
                }
            }
        }
        int[] change = list.replace("file:" + fileName, numbers);
        loadedVersion = version;
        LOG.info("Do-not-call list {}: {} numbers ({} added, {} removed){}", fileName, numbers.size(), change[0],
                change[1], unreadable > 0 ? "; " + unreadable + " line(s) are not phone numbers and were skipped" : "");
        return numbers.size();
    }

    private String version() throws IOException {
        return Files.size(file) + "@" + Files.getLastModifiedTime(file).toMillis();
    }
}
