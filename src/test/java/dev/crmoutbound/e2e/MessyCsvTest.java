package dev.crmoutbound.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmoutbound.sandbox.TestSandbox;
import dev.crmoutbound.sandbox.SandboxOptions;
import dev.crmoutbound.support.CapturedLogs;
import dev.crmoutbound.support.LeadFiles;
import dev.crmoutbound.support.Results;
import dev.crmoutbound.support.RunningApp;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A vendor's messy export goes in; every row comes back out in order, with what happened to it. */
class MessyCsvTest {

    private static final String MESSY = String.join("\r\n",
            "Record ID,Full Name,Mobile,Notes",
            "A1,Zoë Müller,(415) 555-0101,plain",
            "A2,\"Ng, Wei\",+1 415 555 0102,\"said: \"\"call me\"\"\"",
            "A3,Jörg Ångström,not a phone,bad number",
            "A4,Missing Phone,,",
            "A5,Duplicate of A1,415.555.0101,same person",
            "A6,\"Multi\nLine\",+44 20 7946 0958,\"two\r\nlines\"",
            "A7,Formula Fan,(650) 555-0107,=HYPERLINK(\"http://evil.example\")",
            "A8,Plus Sign,(650) 555-0108,+cmd|' /C calc'!A0",
            "A9,田中 太郎,(650) 555-0109,@SUM(1+1)",
            "") ;

    @TempDir
    Path data;

    @Test
    void messyFileIsCalledOnceEachAndReportedRowByRow() throws Exception {
        SandboxOptions options = SandboxOptions.defaults();
        options.concurrentLimit = 3;
        options.fixedCallSeconds = 60.0;
        try (CapturedLogs logs = new CapturedLogs();
             TestSandbox sandbox = TestSandbox.start(options, 0);
             RunningApp app = RunningApp.start(RunningApp.settings(data, sandbox, 3))) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            bytes.write(MESSY.getBytes(StandardCharsets.UTF_8));
            LeadFiles.drop(data, "vendor export.csv", bytes.toByteArray());

            Path results = Results.awaitFile(data, "vendor export.results.csv", Duration.ofSeconds(60));

            assertThat(Results.header(results)).containsExactly("Record ID", "Full Name", "Mobile", "Notes",
                    "status", "outcome", "reason", "call_id", "attempts", "duration_s", "cost_cents",
                    "campaign", "attempt_outcomes", "deferred_by");
            List<Map<String, String>> rows = Results.rows(results);
            assertThat(rows).extracting(r -> r.get("Record ID"))
                    .containsExactly("A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8", "A9");
            assertThat(rows.get(0)).containsEntry("Full Name", "Zoë Müller").containsEntry("status", "done")
                    .containsEntry("campaign", "default").containsEntry("attempt_outcomes", "1 completed")
                    .containsEntry("outcome", "completed").containsEntry("attempts", "1").containsEntry("duration_s", "60");
            assertThat(rows.get(1)).containsEntry("Full Name", "Ng, Wei").containsEntry("Notes", "said: \"call me\"");
            assertThat(rows.get(2).get("status")).isEqualTo("rejected");
            assertThat(rows.get(2).get("reason")).contains("invalid phone number");
            assertThat(rows.get(3)).containsEntry("status", "rejected").containsEntry("reason", "missing phone number");
            assertThat(rows.get(4).get("status")).isEqualTo("rejected");
            assertThat(rows.get(4).get("reason")).contains("duplicate").contains("row 1");
            assertThat(rows.get(5)).containsEntry("Full Name", "Multi\nLine").containsEntry("Notes", "two\r\nlines")
                    .containsEntry("outcome", "completed");
            assertThat(rows.get(6).get("Notes")).isEqualTo("'=HYPERLINK(\"http://evil.example\")");
            assertThat(rows.get(7).get("Notes")).startsWith("'+cmd");
            assertThat(rows.get(8)).containsEntry("Full Name", "田中 太郎").containsEntry("Notes", "'@SUM(1+1)");

            assertThat(sandbox.callsPlaced()).isEqualTo(6);
            assertThat(sandbox.callsPerNumber()).containsOnlyKeys("+14155550101", "+14155550102", "+442079460958",
                    "+16505550107", "+16505550108", "+16505550109").allSatisfy((number, calls) -> assertThat(calls).isEqualTo(1));
            assertThat(data.resolve("inbox")).isEmptyDirectory();
            try (var processed = Files.list(data.resolve("processed"))) {
                assertThat(processed.map(p -> p.getFileName().toString())).singleElement()
                        .satisfies(name -> assertThat(name).endsWith("vendor export.csv"));
            }

            assertThat(logs.lines()).isNotEmpty().noneMatch(line -> line.contains("4155550101")
                    || line.contains("5550102") || line.contains("2079460958") || line.contains(sandbox.options().apiKey));
            assertThat(logs.lines()).anyMatch(line -> line.contains("+1415***0101"));
        }
    }
}
