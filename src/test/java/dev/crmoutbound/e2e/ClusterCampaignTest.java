package dev.crmoutbound.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmoutbound.sandbox.TestSandbox;
import dev.crmoutbound.sandbox.SandboxOptions;
import dev.crmoutbound.support.LeadFiles;
import dev.crmoutbound.support.Results;
import dev.crmoutbound.support.RoundRobinProxy;
import dev.crmoutbound.support.RunningApp;
import dev.crmoutbound.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three instances on one PostgreSQL ledger, each set to the accounts' whole limits, every webhook going
 * through a round-robin load balancer (so mostly to an instance that did not place the call): together
 * they never run more calls than an account allows and are never refused with 429, nobody is dialed
 * twice, and each file gets its results once, in the outbox of the drop it came from.
 */
class ClusterCampaignTest {

    @TempDir
    Path data;

    private final List<RunningApp> apps = new ArrayList<>();

    @AfterEach
    void stopInstances() throws Exception {
        for (RunningApp app : apps) {
            app.close();
        }
    }

    private static SandboxOptions account(int limit) {
        SandboxOptions options = SandboxOptions.defaults();
        options.concurrentLimit = limit;
        options.fixedCallSeconds = 300.0; // 0.3 s
        options.apiKey = "kros_test_" + limit;
        options.webhookSecret = "whsec_" + limit;
        options.seed = limit; // call ids differ between the two accounts, as KrosAI's do
        return options;
    }

    /** Two accounts: the default (limit 10, campaign "main") and "small" (limit 3, campaign "small"). */
    private Map<String, String> settings(Path dataDir, String ledger, TestSandbox big, TestSandbox small,
                                         RoundRobinProxy balancer) throws Exception {
        Path config = Files.createDirectories(data.resolve("config"));
        Files.createDirectories(config.resolve("campaigns"));
        Files.createDirectories(config.resolve("accounts"));
        String common = "from_number: \"+14155550100\"\nendpoint_id: ep_sandbox\ncalling_window: \"00:00-24:00\"\n";
        Files.writeString(config.resolve("campaigns/main.yaml"), "id: main\ninbox_folder: main\n" + common);
        Files.writeString(config.resolve("campaigns/small.yaml"), "id: small\naccount: small\n" + common);
        Files.writeString(config.resolve("accounts/small.yaml"), "base_url: " + small.baseUrl() + "\napi_key: "
                + small.options().apiKey + "\nwebhook_secret: " + small.options().webhookSecret + "\nconcurrent_limit: 3\n");
        Map<String, String> s = RunningApp.settings(dataDir, big, 10);
        s.put("ledger.jdbc-url", ledger);
        s.put("campaigns.dir", config.resolve("campaigns").toString());
        s.put("accounts.dir", config.resolve("accounts").toString());
        s.put("webhook.public-url", balancer.url("/webhooks/krosai"));
        return s;
    }

    private void startThree(Map<Integer, Map<String, String>> settings, RoundRobinProxy balancer) throws Exception {
        for (int i = 0; i < 3; i++) {
            RunningApp app = RunningApp.start(settings.get(i));
            apps.add(app);
            balancer.add("http://127.0.0.1:" + app.port());
        }
    }

    @Test
    void threeInstancesTwoAccountsEachAccountsLimitHoldsAndEachFileComesBackToItsOwnDrop() throws Exception {
        String ledger = TestDatabase.freshPostgresSchema();
        try (TestSandbox big = TestSandbox.start(account(10), 0);
             TestSandbox small = TestSandbox.start(account(3), 0);
             RoundRobinProxy balancer = RoundRobinProxy.start()) {
            Map<Integer, Map<String, String>> settings = new java.util.HashMap<>();
            for (int i = 0; i < 3; i++) {
                settings.put(i, settings(data.resolve("instance-" + i), ledger, big, small, balancer));
            }
            startThree(settings, balancer);
            for (int i = 0; i < 3; i++) {
                Path dir = data.resolve("instance-" + i);
                LeadFiles.drop(dir, "main/main-" + i + ".csv", LeadFiles.numberedLeads(200, 1000 * (i + 1)));
                LeadFiles.drop(dir, "small/small-" + i + ".csv", LeadFiles.numberedLeads(20, 10_000 + 100 * i));
            }

            for (int i = 0; i < 3; i++) {
                Path dir = data.resolve("instance-" + i);
                assertThat(Results.rows(Results.awaitFile(dir, "main/main-" + i + ".results.csv", Duration.ofSeconds(120))))
                        .hasSize(200).allSatisfy(r -> assertThat(r.get("status")).isEqualTo("done"));
                assertThat(Results.rows(Results.awaitFile(dir, "small/small-" + i + ".results.csv", Duration.ofSeconds(60))))
                        .hasSize(20).allSatisfy(r -> assertThat(r.get("status")).isEqualTo("done"));
                assertThat(resultFiles(dir)).as("instance %d's outbox", i)
                        .containsExactlyInAnyOrder("main-" + i + ".results.csv", "small-" + i + ".results.csv");
            }
            assertThat(big.maxActiveCalls()).isLessThanOrEqualTo(10).isGreaterThanOrEqualTo(8);
            assertThat(small.maxActiveCalls()).isLessThanOrEqualTo(3);
            assertThat(big.rateLimitedAnswers() + small.rateLimitedAnswers()).isZero();
            assertThat(big.callsPerNumber()).hasSize(600).allSatisfy((n, calls) -> assertThat(calls).isEqualTo(1));
            assertThat(small.callsPerNumber()).hasSize(60).allSatisfy((n, calls) -> assertThat(calls).isEqualTo(1));
        }
    }

    @Test
    void instancesSharingOneDataDirReadEachFileOnceAndWriteItsResultsOnce() throws Exception {
        String ledger = TestDatabase.freshPostgresSchema();
        Path shared = data.resolve("shared");
        try (TestSandbox big = TestSandbox.start(account(10), 0);
             TestSandbox small = TestSandbox.start(account(3), 0);
             RoundRobinProxy balancer = RoundRobinProxy.start()) {
            Map<Integer, Map<String, String>> settings = new java.util.HashMap<>();
            for (int i = 0; i < 3; i++) {
                settings.put(i, settings(shared, ledger, big, small, balancer));
            }
            startThree(settings, balancer);
            for (int i = 0; i < 6; i++) {
                LeadFiles.drop(shared, "main/shared-" + i + ".csv", LeadFiles.numberedLeads(30, 1000 * (i + 1)));
            }

            for (int i = 0; i < 6; i++) {
                assertThat(Results.rows(Results.awaitFile(shared, "main/shared-" + i + ".results.csv", Duration.ofSeconds(90))))
                        .hasSize(30).allSatisfy(r -> assertThat(r.get("status")).isEqualTo("done"));
            }
            assertThat(resultFiles(shared)).hasSize(6);
            assertThat(shared.resolve("error")).isEmptyDirectory();
            assertThat(big.callsPerNumber()).hasSize(180).allSatisfy((n, calls) -> assertThat(calls).isEqualTo(1));
            assertThat(big.maxActiveCalls()).isLessThanOrEqualTo(10);
            assertThat(big.rateLimitedAnswers()).isZero();
        }
    }

    private static List<String> resultFiles(Path dataDir) throws Exception {
        try (Stream<Path> files = Files.walk(dataDir.resolve("outbox"))) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
        }
    }
}
