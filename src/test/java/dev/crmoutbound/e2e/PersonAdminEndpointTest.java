package dev.crmoutbound.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmoutbound.sandbox.SandboxOptions;
import dev.crmoutbound.sandbox.TestSandbox;
import dev.crmoutbound.support.LeadFiles;
import dev.crmoutbound.support.Results;
import dev.crmoutbound.support.RunningApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A running service on H2 (whose file it holds) erases a person through its token-guarded admin endpoint. */
class PersonAdminEndpointTest {

    private static final String PAT = "+14155550177";

    @TempDir
    Path data;

    @Test
    void theAdminEndpointExportsAndForgetsAPersonWithTheManagementToken() throws Exception {
        SandboxOptions options = SandboxOptions.defaults();
        options.fixedCallSeconds = 200.0;
        try (TestSandbox sandbox = TestSandbox.start(options, 0)) {
            Map<String, String> settings = RunningApp.settings(data, sandbox, 2);
            settings.put("management.token", "a-long-management-token");
            try (RunningApp app = RunningApp.start(settings)) {
                LeadFiles.drop(data, "leads.csv", ("id,phone\nP1," + PAT + "\n").getBytes(StandardCharsets.UTF_8));
                Results.awaitFile(data, "leads.results.csv", Duration.ofSeconds(30));
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

                assertThat(post(http, app, "/admin/forget", PAT, null).statusCode()).as("no token").isEqualTo(401);
                HttpResponse<String> export = post(http, app, "/admin/export-person", "(415) 555-0177", "a-long-management-token");
                assertThat(export.statusCode()).isEqualTo(200);
                assertThat(export.body()).contains("\"phone_e164\" : \"" + PAT + "\"");
                assertThat(post(http, app, "/admin/forget", "not a number", "a-long-management-token").statusCode())
                        .isEqualTo(400);

                HttpResponse<String> forgot = post(http, app, "/admin/forget", PAT, "a-long-management-token");

                assertThat(forgot.statusCode()).isEqualTo(200);
                assertThat(forgot.body()).contains("Erased +1415***0177").contains("leads: 1").doesNotContain(PAT);
                assertThat(app.jdbc().queryOne("SELECT COUNT(*) FROM call_lead WHERE phone_e164 IS NOT NULL",
                        rs -> rs.getInt(1))).contains(0);
                assertThat(Results.rows(data.resolve("outbox/leads.results.csv")).get(0)).containsEntry("phone", "");
            }
        }
    }

    private static HttpResponse<String> post(HttpClient http, RunningApp app, String path, String body, String token)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.managementPort() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
