package dev.crmoutbound.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmoutbound.Application;
import dev.crmoutbound.support.Results;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quickstart as a user runs it: a separate JVM, settings from environment variables, a
 * relative DATA_DIR, the shipped sample, {@code --batch}.
 */
class QuickstartTest {

    @TempDir
    Path workDir;

    @Test
    void theSampleRunsInItsOwnProcessWithARelativeDataDir() throws Exception {
        Path inbox = Files.createDirectories(workDir.resolve("sample/inbox"));
        Files.copy(Path.of("config/sample/leads.csv"), inbox.resolve("leads.csv"));
        ProcessBuilder run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Application.class.getName(), "--batch")
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("run.log").toFile());
        run.environment().put("DATA_DIR", "sample");
        run.environment().put("SERVER_PORT", String.valueOf(AvailablePortFinder.getNextAvailable()));

        Process process = run.start();
        boolean ended = process.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }

        assertThat(ended).as("the batch run ends; its log:\n%s", Files.readString(workDir.resolve("run.log"))).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(Results.rows(workDir.resolve("sample/outbox/leads.results.csv"))).hasSize(20);
        assertThat(workDir.resolve("sample/inbox")).isEmptyDirectory();
        assertThat(workDir.resolve("sample/processed")).isNotEmptyDirectory();
    }
}
