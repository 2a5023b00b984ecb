package dev.crmoutbound.privacy;

import dev.crmoutbound.ledger.BatchStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Deletes the files the service kept: a batch's input (in processed/) and results file once the batch
 * finished before the limit (not while a results file is still to be uploaded), and any other file in
 * processed/, outbox/ (dry-run reports) or error/ (rejected files and their notes) last changed before it.
 * Deleting a file twice is no fault: instances that share a data folder may run it at once.
 */
public final class FileRetention {

    private static final List<String> FOLDERS = List.of("processed", "outbox", "error");

    private final Path dataDir;
    private final BatchStore batches;
    private final String deliveringSource;

    /** {@code deliveringSource}: the source whose results files are uploaded after they are written. */
    public FileRetention(Path dataDir, BatchStore batches, String deliveringSource) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.batches = batches;
        this.deliveringSource = deliveringSource;
    }

    /** Returns how many files were deleted. */
    public int deleteOlderThan(Instant before) {
        int deleted = 0;
        for (Path file : batches.filesFinishedBefore(before, deliveringSource)) {
            deleted += delete(file);
        }
        Set<Path> ofBatches = batches.filesOfBatches();
        for (String folder : FOLDERS) {
            Path root = dataDir.resolve(folder);
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    if (!ofBatches.contains(file.toAbsolutePath().normalize()) && modifiedBefore(file, before)) {
                        deleted += delete(file);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + root, e);
            }
        }
        return deleted;
    }

    private static int delete(Path file) {
        try {
            return Files.deleteIfExists(file) ? 1 : 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }

    private static boolean modifiedBefore(Path file, Instant before) {
        try {
            return Files.getLastModifiedTime(file).toInstant().isBefore(before);
        } catch (IOException gone) {
            return false; // another instance deleted it meanwhile
        }
    }
}
