package dev.crmoutbound.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crmoutbound.Application;
import dev.crmoutbound.app.BatchRun;
import dev.crmoutbound.ledger.LedgerDatabase;
import dev.crmoutbound.sandbox.TestSandbox;
import dev.crmoutbound.sandbox.SandboxOptions;
import dev.crmoutbound.support.CapturedLogs;
import dev.crmoutbound.support.LeadFiles;
import dev.crmoutbound.support.Results;
import dev.crmoutbound.support.RunningApp;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipOutputStream;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that are not lead CSVs, dropped into the running service: each ends in the error folder with a
 * report, or as rows rejected with a reason; a good file dropped after them is called as usual; and the
 * log says so in a bounded number of lines, without stack traces.
 */
class HostileFilesTest {

    @TempDir
    Path data;

    /** Name and content of each file that must end in the error folder, with a word its report must say. */
    private static Map<String, Hostile> hostileFiles() throws Exception {
        Map<String, Hostile> files = new LinkedHashMap<>();
        byte[] random = new byte[64 * 1024];
        new Random(7).nextBytes(random);
        files.put("random.csv", new Hostile(random, "Reason: the file"));
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        png.write(random, 0, 4096);
        files.put("photo.csv", new Hostile(png.toByteArray(), "Reason: the file"));
        files.put("workbook.csv", new Hostile(zipOf("leads.csv", LeadFiles.numberedLeads(3, 1)), "ZIP archive"));
        files.put("empty.csv", new Hostile(new byte[0], "empty"));
        files.put("nuls.csv", new Hostile(new byte[5000], "binary"));
        files.put("latin1.csv", new Hostile("id,name,phone\n1,J\u00f6rg,+14155550101\n".getBytes(StandardCharsets.ISO_8859_1),
                "not UTF-8"));
        ByteArrayOutputStream utf16 = new ByteArrayOutputStream();
        utf16.write(new byte[] {(byte) 0xFF, (byte) 0xFE});
        utf16.write("id,phone\n1,+14155550101\n".getBytes(StandardCharsets.UTF_16LE));
        files.put("unicode.csv", new Hostile(utf16.toByteArray(), "UTF-16"));
        StringBuilder wide = new StringBuilder("phone");
        for (int i = 1; i < 10_000; i++) {
            wide.append(",c").append(i);
        }
        files.put("wide.csv", new Hostile((wide + "\n+14155550101\n").getBytes(StandardCharsets.UTF_8), "10000 columns"));
        files.put("header-only.csv", new Hostile("id,name,phone\n".getBytes(StandardCharsets.UTF_8), "no lead rows"));
        files.put("two-phones.csv", new Hostile("id,phone,Phone\n1,+14155550101,+14155550102\n".getBytes(StandardCharsets.UTF_8),
                "both named"));
        files.put("no-phone.csv", new Hostile("id,name,email\n1,Ada,ada@example.com\n".getBytes(StandardCharsets.UTF_8),
                "no phone column"));
        files.put("open-quote.csv", new Hostile("id,phone,notes\n1,+14155550101,\"never closed\n2,+14155550102,x\n"
                .getBytes(StandardCharsets.UTF_8), "not valid CSV"));
        return files;
    }

    private record Hostile(byte[] content, String reportSays) {
    }

    @Test
    void eachHostileFileEndsInTheErrorFolderAndTheNextGoodFileIsCalled() throws Exception {
        SandboxOptions options = SandboxOptions.defaults();
        options.concurrentLimit = 3;
        options.fixedCallSeconds = 30.0;
        Map<String, Hostile> hostile = hostileFiles();
        try (CapturedLogs logs = new CapturedLogs();
             TestSandbox sandbox = TestSandbox.start(options, 0);
             RunningApp app = RunningApp.start(RunningApp.settings(data, sandbox, 3))) {
            for (Map.Entry<String, Hostile> file : hostile.entrySet()) {
                LeadFiles.drop(data, file.getKey(), file.getValue().content());
            }
            LeadFiles.drop(data, "good.csv", LeadFiles.numberedLeads(5, 700));

            Path results = Results.awaitFile(data, "good.results.csv", Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(30)).until(() -> hostile.keySet().stream()
                    .allMatch(name -> Files.exists(data.resolve("error").resolve(name + ".error.txt"))));

            assertThat(Results.rows(results)).hasSize(5).allSatisfy(r -> assertThat(r.get("outcome")).isEqualTo("completed"));
            for (Map.Entry<String, Hostile> file : hostile.entrySet()) {
                assertThat(data.resolve("error").resolve(file.getKey())).exists();
                assertThat(Files.readString(data.resolve("error").resolve(file.getKey() + ".error.txt")))
                        .as(file.getKey()).contains("nobody in it was called").contains(file.getValue().reportSays());
            }
            assertThat(data.resolve("inbox")).isEmptyDirectory();
            assertThat(sandbox.callsPlaced()).isEqualTo(5);
            assertThat(logs.stackTraces()).isEmpty();
            assertThat(logs.warnings()).hasSizeLessThanOrEqualTo(hostile.size() + 2);
        }
    }

    @Test
    void aFileWithDuplicateColumnNamesOtherThanThePhoneIsCalledRowByRow() throws Exception {
        try (TestSandbox sandbox = TestSandbox.start(SandboxOptions.defaults(), 0);
             RunningApp app = RunningApp.start(RunningApp.settings(data, sandbox, 2))) {
            LeadFiles.drop(data, "dup.csv", "id,name,name,phone\nA,Ada,Lovelace,+14155550101\nB,Alan,Turing,+14155550102\n"
                    .getBytes(StandardCharsets.UTF_8));

            Path results = Results.awaitFile(data, "dup.results.csv", Duration.ofSeconds(30));

            assertThat(LeadFiles.lines(results).get(1)).startsWith("A,Ada,Lovelace,+14155550101,done");
        }
    }

    @Test
    void aFileTheLedgerKeepsRefusingIsTriedAFewTimesThenGoesToTheErrorFolder() throws Exception {
        try (CapturedLogs logs = new CapturedLogs();
             TestSandbox sandbox = TestSandbox.start(SandboxOptions.defaults(), 0)) {
            Map<String, String> settings = RunningApp.settings(data, sandbox, 2);
            settings.remove("ledger.jdbc-url");
            settings.put("intake.retry-delay-ms", "50");
            try (RunningApp app = RunningApp.start(settings)) {
                try (Connection c = DriverManager.getConnection(LedgerDatabase.defaultH2Url(data))) {
                    c.createStatement().execute("ALTER TABLE lead_batch ADD CONSTRAINT refuse_poison "
                            + "CHECK (input_name <> 'poison.csv')");
                }
                LeadFiles.drop(data, "poison.csv", LeadFiles.numberedLeads(3, 800));
                LeadFiles.drop(data, "after.csv", LeadFiles.numberedLeads(3, 810));

                Path results = Results.awaitFile(data, "after.results.csv", Duration.ofSeconds(30));
                Path report = data.resolve("error").resolve("poison.csv.error.txt");
                await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(report));

                assertThat(Files.readString(report)).contains("its intake failed 4 times").containsIgnoringCase("refuse_poison");
                assertThat(Results.rows(results)).hasSize(3);
                List<String> aboutPoison = logs.warnings().stream().filter(l -> l.contains("poison")
                        || l.toLowerCase().contains("refuse_poison")).toList();
                assertThat(aboutPoison).hasSizeBetween(1, 2);
                assertThat(logs.stackTraces()).isEmpty();
            }
        }
    }

    @Test
    void aTwoHundredMegabyteRowIsRefusedByAServiceWithASixtyFourMegabyteHeap() throws Exception {
        Path inbox = Files.createDirectories(data.resolve("inbox"));
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(inbox.resolve("huge.csv")), 1 << 20)) {
            out.write("id,phone,notes\n1,+14155550101,".getBytes(StandardCharsets.UTF_8));
            byte[] block = new byte[1 << 20];
            Arrays.fill(block, (byte) 'x');
            for (int i = 0; i < 200; i++) {
                out.write(block);
            }
            out.write('\n');
        }
        LeadFiles.drop(data, "good.csv", LeadFiles.numberedLeads(3, 900));
        ProcessBuilder run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), Application.class.getName(), "--batch")
                .directory(data.toFile())
                .redirectErrorStream(true)
                .redirectOutput(data.resolve("run.log").toFile());
        run.environment().put("DATA_DIR", data.toString());
        run.environment().put("SERVER_PORT", String.valueOf(AvailablePortFinder.getNextAvailable()));
        run.environment().put("CSV_READ_LOCK_MIN_AGE_MS", "100");

        Process process = run.start();
        boolean ended = process.waitFor(90, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }

        String log = Files.readString(data.resolve("run.log"));
        assertThat(ended).as("the batch run ends; its log:\n%s", log).isTrue();
        assertThat(process.exitValue()).as(log).isEqualTo(BatchRun.FILE_REJECTED);
        assertThat(log).doesNotContain("OutOfMemoryError");
        assertThat(Files.readString(data.resolve("error/huge.csv.error.txt"))).contains("a row is longer than");
        assertThat(Results.rows(data.resolve("outbox/good.results.csv"))).hasSize(3);
    }

    private static byte[] zipOf(String name, byte[] content) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(content);
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}
