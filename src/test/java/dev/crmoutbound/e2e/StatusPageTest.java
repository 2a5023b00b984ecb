package dev.crmoutbound.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crmoutbound.sandbox.TestSandbox;
import dev.crmoutbound.sandbox.SandboxOptions;
import dev.crmoutbound.support.HeadlessChromium;
import dev.crmoutbound.support.LeadFiles;
import dev.crmoutbound.support.Results;
import dev.crmoutbound.support.RunningApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The live campaign page in a real headless Chromium: it follows a sandbox campaign to its end without
 * a reload (slots up to the limit, the file in flight, outcomes, rejections by reason), logs no console
 * error, and never holds a phone number unmasked. Metrics and the page need the token when one is set.
 */
class StatusPageTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String INVALID = "+1 415 000 1234";

    @TempDir
    Path data;

    @TempDir
    Path browserProfile;

    @Test
    void thePageFollowsACampaignToItsEnd() throws Exception {
        SandboxOptions options = SandboxOptions.defaults();
        options.concurrentLimit = 2;
        options.fixedCallSeconds = 1500.0; // 1.5 s: every page poll (2 s) sees calls in progress
        ChromeDriver browser = HeadlessChromium.start(browserProfile);
        try (TestSandbox sandbox = TestSandbox.start(options, 0);
             RunningApp app = RunningApp.start(RunningApp.settings(data, sandbox, 2))) {
            browser.get("http://127.0.0.1:" + app.managementPort() + "/status");
            await().atMost(Duration.ofSeconds(15)).until(() -> text(browser, "#freshness").startsWith("updated"));

            byte[] leads = (new String(LeadFiles.numberedLeads(10, 900), StandardCharsets.UTF_8)
                    + "BAD1,Broken Number,\"" + INVALID + "\"\n").getBytes(StandardCharsets.UTF_8);
            LeadFiles.drop(data, "page.csv", leads);

            AtomicBoolean sawFull = new AtomicBoolean();
            AtomicBoolean sawFile = new AtomicBoolean();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                sawFull.compareAndSet(false, text(browser, "[data-account='default'] [data-slots]").equals("2 / 2"));
                sawFile.compareAndSet(false, text(browser, "#files tbody").contains("page.csv"));
                return text(browser, "[data-campaign='default'] [data-count='done']").equals("done 10");
            });
            Results.awaitFile(data, "page.results.csv", Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    text(browser, "[data-account='default'] [data-slots]").equals("0 / 2"));

            assertThat(sawFull).as("slots seen at the limit").isTrue();
            assertThat(sawFile).as("the file seen in flight").isTrue();
            assertThat(text(browser, "[data-campaign='default'] [data-count='finished']")).isEqualTo("11");
            assertThat(text(browser, "[data-campaign='default'] [data-count='rejected']")).isEqualTo("rejected 1");
            assertThat(text(browser, "[data-campaign='default']")).contains("rejected: invalid phone number 1");
            assertThat(text(browser, "#chart-note")).startsWith("10 calls started in the hour");

            String dom = browser.getPageSource();
            for (int n = 900; n < 910; n++) {
                String e164 = LeadFiles.phone(n);
                assertThat(dom).as("a number unmasked").doesNotContain(e164).doesNotContain(e164.substring(2));
            }
            assertThat(dom).doesNotContain(INVALID).doesNotContain("4150001234");
            List<String> errors = new ArrayList<>();
            for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
                if (entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()) {
                    errors.add(entry.getMessage());
                }
            }
            assertThat(errors).as("console errors").isEmpty();
            Path shot = Path.of("target", "status-page.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
        } finally {
            browser.quit();
        }
    }

    @Test
    void withATokenMetricsAndThePageRefuseAnyoneWithoutIt() throws Exception {
        try (TestSandbox sandbox = TestSandbox.start(SandboxOptions.defaults(), 0)) {
            Map<String, String> settings = RunningApp.settings(data, sandbox, 1);
            settings.put("management.token", "s3cret-management-token");
            try (RunningApp app = RunningApp.start(settings)) {
                String base = "http://127.0.0.1:" + app.managementPort();
                for (String path : List.of("/status/", "/status/data", "/observe/metrics")) {
                    assertThat(get(base + path, null).statusCode()).as(path).isEqualTo(401);
                    assertThat(get(base + path, "Bearer wrong").statusCode()).as(path).isEqualTo(401);
                    assertThat(get(base + path, "Bearer s3cret-management-token").statusCode()).as(path).isEqualTo(200);
                    String basic = Base64.getEncoder().encodeToString("ops:s3cret-management-token".getBytes(StandardCharsets.UTF_8));
                    assertThat(get(base + path, "Basic " + basic).statusCode()).as(path).isEqualTo(200);
                }
                assertThat(get(base + "/observe/health/ready", null).statusCode()).as("health stays open").isEqualTo(200);
                assertThat(get("http://127.0.0.1:" + app.port() + "/status/", null).statusCode())
                        .as("the page is not on the public port").isEqualTo(404);
            }
        }
    }

    /** The element's text, read in one step (the page redraws every two seconds). */
    private static String text(ChromeDriver browser, String css) {
        Object text = browser.executeScript("const e = document.querySelector(arguments[0]); return e ? e.textContent : ''", css);
        return String.valueOf(text).strip();
    }

    private static HttpResponse<String> get(String url, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
