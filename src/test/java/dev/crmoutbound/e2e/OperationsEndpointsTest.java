package dev.crmoutbound.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crmoutbound.sandbox.TestSandbox;
import dev.crmoutbound.sandbox.SandboxOptions;
import dev.crmoutbound.support.LeadFiles;
import dev.crmoutbound.support.Results;
import dev.crmoutbound.support.RunningApp;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Health and Prometheus metrics over HTTP from the running service, on its management port (127.0.0.1
 * only): the slot gauge rises to the limit and falls to 0 as a campaign runs, the outcome counters end
 * equal to the results file, and readiness names what is wrong.
 */
class OperationsEndpointsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path data;

    @Test
    void metricsFollowACampaignAndHealthIsReady() throws Exception {
        SandboxOptions options = SandboxOptions.defaults();
        options.concurrentLimit = 2;
        options.fixedCallSeconds = 3000.0; // 3 s: long enough to be seen in the gauge (read every 2 s)
        try (TestSandbox sandbox = TestSandbox.start(options, 0);
             RunningApp app = RunningApp.start(RunningApp.settings(data, sandbox, 2))) {
            String base = "http://127.0.0.1:" + app.managementPort();
            assertThat(get(base + "/observe/health/ready").statusCode()).isEqualTo(200);
            assertThat(get(base + "/observe/health").body()).contains("\"ledger\"", "\"campaigns\"");

            LeadFiles.drop(data, "ops.csv", LeadFiles.numberedLeads(8, 700));
            AtomicInteger highest = new AtomicInteger();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
                highest.accumulateAndGet((int) metric(base, "crm_calls_slots_in_use", "account=\"default\""), Math::max);
                return highest.get() == 2;
            });
            Path results = Results.awaitFile(data, "ops.results.csv", Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> metric(base, "crm_calls_slots_in_use", "account=\"default\"") == 0);

            Map<String, Long> outcomes = Results.rows(results).stream()
                    .collect(Collectors.groupingBy(r -> r.get("outcome"), Collectors.counting()));
            String scrape = get(base + "/observe/metrics").body();
            for (Map.Entry<String, Long> outcome : outcomes.entrySet()) {
                assertThat(value(scrape, "crm_calls_outcomes_total", "outcome=\"" + outcome.getKey() + "\""))
                        .as(outcome.getKey()).isEqualTo(outcome.getValue().doubleValue());
            }
            assertThat(value(scrape, "crm_calls_slot_limit", "account=\"default\"")).isEqualTo(2.0);
            assertThat(value(scrape, "crm_leads", "state=\"done\"")).isEqualTo(8.0);
            assertThat(value(scrape, "crm_calls_dial_answers_total", "verdict=\"placed\"")).isEqualTo(8.0);
            assertThat(value(scrape, "crm_webhook_events_total", "result=\"accepted\"")).isPositive();
            assertThat(value(scrape, "crm_ingest_rows_total", "result=\"queued\"")).isEqualTo(8.0);
            assertThat(scrape).contains("crm_webhook_handling_seconds_bucket", "camel_exchanges_total");
            assertThat(scrape).doesNotContain("+1415");
        }
    }

    @Test
    void aStoppedCampaignMakesTheServiceUnreadyAndSaysWhy() throws Exception {
        try (TestSandbox sandbox = TestSandbox.start(SandboxOptions.defaults(), 0)) {
            Map<String, String> settings = RunningApp.settings(data, sandbox, 1);
            settings.put("krosai.api-key", "kros_test_wrong");
            try (RunningApp app = RunningApp.start(settings)) {
                String base = "http://127.0.0.1:" + app.managementPort();
                LeadFiles.drop(data, "stop.csv", LeadFiles.numberedLeads(1, 700));

                await().atMost(Duration.ofSeconds(20)).until(() -> get(base + "/observe/health/ready").statusCode() == 503);
                assertThat(get(base + "/observe/health/ready").body()).contains("campaign default is stopped",
                        "KrosAI refused the API key");
                assertThat(get(base + "/observe/health/live").statusCode()).as("alive all the same").isEqualTo(200);
            }
        }
    }

    @Test
    void theManagementPortListensOnLoopbackOnly() throws Exception {
        try (TestSandbox sandbox = TestSandbox.start(SandboxOptions.defaults(), 0);
             RunningApp app = RunningApp.start(RunningApp.settings(data, sandbox, 1))) {
            Optional<InetAddress> outside = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                    .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                    .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).findFirst();
            org.junit.jupiter.api.Assumptions.assumeTrue(outside.isPresent(), "this machine has no address but loopback");

            assertThat(reachable(outside.get(), app.managementPort())).as("metrics from outside").isFalse();
            assertThat(reachable(outside.get(), app.port())).as("the webhook endpoint").isTrue();
        }
    }

    private static boolean reachable(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static double metric(String base, String name, String label) throws Exception {
        return value(get(base + "/observe/metrics").body(), name, label);
    }

    /** The sum of the samples of {@code name} whose labels contain {@code label}. */
    private static double value(String scrape, String name, String label) {
        double sum = 0;
        boolean found = false;
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)} (\\S+)$", Pattern.MULTILINE).matcher(scrape);
        while (m.find()) {
            if (m.group(1).contains(label)) {
                sum += Double.parseDouble(m.group(2));
                found = true;
            }
        }
        return found ? sum : Double.NaN;
    }

}
