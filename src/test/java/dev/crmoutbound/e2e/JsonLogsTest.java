package dev.crmoutbound.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crmoutbound.sandbox.TestSandbox;
import dev.crmoutbound.sandbox.SandboxOptions;
import dev.crmoutbound.support.AppProcess;
import dev.crmoutbound.support.LeadFiles;
import dev.crmoutbound.support.Results;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LOG_FORMAT=json with the shipped logging configuration, in a process of its own as a platform runs
 * it: every line of its output is one JSON object, lines about a lead carry its campaign, request id
 * and call id as fields, and no phone number appears unmasked.
 */
class JsonLogsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void everyLineIsJsonAndLinesAboutALeadCarryItsIds() throws Exception {
        SandboxOptions options = SandboxOptions.defaults();
        options.concurrentLimit = 2;
        options.outcomeMix = Map.of("failed", 0.5);
        try (TestSandbox sandbox = TestSandbox.start(options, 0)) {
            Path data = work.resolve("data");
            int port = AvailablePortFinder.getNextAvailable();
            Map<String, String> env = AppProcess.environment(sandbox, data, port);
            env.put("LOG_FORMAT", "json");
            Path log;
            try (AppProcess app = AppProcess.start("json-logs", work, env,
                    List.of(AppProcess.shippedLogging()))) {
                log = app.log();
                byte[] leads = (new String(LeadFiles.numberedLeads(6, 300), StandardCharsets.UTF_8)
                        + "BAD,Bad Number,+1 415 000 1234\n").getBytes(StandardCharsets.UTF_8);
                LeadFiles.drop(data, "json.csv", leads);
                Results.awaitFile(data, "json.results.csv", Duration.ofSeconds(60));
            }

            List<JsonNode> lines = new ArrayList<>();
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    lines.add(JSON.readTree(line)); // throws on any line that is not JSON
                }
            }
            assertThat(lines).allSatisfy(l -> assertThat(l.isObject()).isTrue())
                    .allSatisfy(l -> assertThat(l.has("@timestamp") && l.has("level") && l.has("message")).isTrue());
            List<JsonNode> placed = lines.stream().filter(l -> l.path("message").asText().startsWith("Call ")
                    && l.path("message").asText().contains(" placed to ")).toList();
            assertThat(placed).hasSize(6).allSatisfy(l -> {
                assertThat(l.path("campaign").asText()).isEqualTo("default");
                assertThat(l.path("requestId").asText()).isNotBlank();
                assertThat(l.path("callId").asText()).isNotBlank();
                assertThat(l.path("message").asText()).contains(l.path("callId").asText());
            });
            String all = Files.readString(log);
            for (int n = 300; n < 306; n++) {
                assertThat(all).doesNotContain(LeadFiles.phone(n));
            }
            assertThat(all).doesNotContain("4150001234").doesNotContain(sandbox.options().apiKey)
                    .doesNotContain(sandbox.options().webhookSecret);
        }
    }
}
