package dev.crmoutbound.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmoutbound.sandbox.TestSandbox;
import dev.crmoutbound.sandbox.SandboxOptions;
import dev.crmoutbound.support.AppProcess;
import dev.crmoutbound.support.LeadFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --batch} in a pseudo-terminal (util-linux {@code script}) draws a progress bar per campaign
 * below the log; with its output piped to a file it writes the plain summary lines and no escape codes.
 */
class BatchProgressTest {

    private static final String ERASE_BARS = "\033[1F\033[J";

    @TempDir
    Path work;

    @Test
    void onATerminalTheBatchDrawsABarPerCampaign() throws Exception {
        String out = runBatch("tty", true);
        assertThat(out).contains(ERASE_BARS);
        assertThat(out).containsPattern("default \\[#{30}] 12/12  active 0/2  done");
        assertThat(out).containsPattern("default \\[#*-+] \\d+/12  active \\d/2  ETA");
        assertThat(out).as("the periodic summary line").doesNotContain("campaign-progress - campaign default");
    }

    @Test
    void pipedToAFileTheBatchWritesPlainLines() throws Exception {
        String out = runBatch("piped", false);
        assertThat(out).doesNotContain("\033[").doesNotContain("[#");
        assertThat(out).contains("campaign-progress - campaign default: queued");
    }

    private String runBatch(String name, boolean terminal) throws Exception {
        SandboxOptions options = SandboxOptions.defaults();
        options.concurrentLimit = 2;
        options.fixedCallSeconds = 400.0;
        try (TestSandbox sandbox = TestSandbox.start(options, 0)) {
            Path data = work.resolve(name);
            LeadFiles.drop(data, "batch.csv", LeadFiles.numberedLeads(12, 500));
            Map<String, String> env = AppProcess.environment(sandbox, data, AvailablePortFinder.getNextAvailable());
            env.put("PROGRESS_INTERVAL_MS", "300");
            env.put("TERM", "xterm");
            List<String> java = AppProcess.javaCommand(List.of(AppProcess.shippedLogging()), List.of("--batch"));
            List<String> command = terminal
                    ? List.of("script", "-qec", java.stream().map(a -> "'" + a + "'").collect(Collectors.joining(" ")), "/dev/null")
                    : java;
            Path output = work.resolve(name + ".out");
            ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().putAll(env);
            Process batch = builder.start();
            assertThat(batch.waitFor(90, TimeUnit.SECONDS)).as("the batch ends").isTrue();
            String out = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(batch.exitValue()).as(out).isZero();
            return out;
        }
    }
}
