package dev.crmoutbound.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmoutbound.sandbox.TestSandbox;
import dev.crmoutbound.sandbox.SandboxOptions;
import dev.crmoutbound.support.FakeHubSpot;
import dev.crmoutbound.support.Results;
import dev.crmoutbound.support.RunningApp;
import dev.crmoutbound.support.TestClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --dry-run} with HubSpot: the ready contacts judged as the intake would, none claimed or changed. */
class HubSpotDryRunTest {

    @TempDir
    Path data;

    @Test
    void readyContactsAreJudgedAndNoneIsClaimed() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2026-03-10T18:00:00Z")); // 11:00 in San Francisco
        try (TestSandbox sandbox = TestSandbox.start(SandboxOptions.defaults(), 0);
             FakeHubSpot hubspot = FakeHubSpot.start()) {
            hubspot.addContact("101", Map.of("phone", "(415) 555-0101", "ai_call_status", "ready"));
            hubspot.addContact("102", Map.of("phone", "(415) 555-0102", "ai_call_status", "ready", "do_not_call", "true"));
            hubspot.addContact("103", Map.of("phone", "12", "ai_call_status", "ready"));
            hubspot.addContact("104", Map.of("phone", "(415) 555-0101", "ai_call_status", "ready"));
            hubspot.addContact("105", Map.of("phone", "(415) 555-0105", "ai_call_status", "not now"));

            Map<String, String> settings = hubspot.addSettings(RunningApp.settings(data, sandbox, 1));
            settings.put("hubspot.page-size", "2");
            settings.put("hubspot.do-not-call-properties", "do_not_call");
            settings.put("campaign.calling-window", "08:00-21:00");
            assertThat(RunningApp.dryRun(settings, clock)).isZero();

            assertThat(hubspot.requests()).as("searches only, two pages")
                    .allSatisfy(r -> assertThat(r.path()).isEqualTo("/crm/v3/objects/contacts/search")).hasSize(2);
            assertThat(sandbox.callRequests()).isZero();
            Map<String, Map<String, String>> byId = Results.rows(data.resolve("outbox/dry-run/hubspot.dry-run.csv"))
                    .stream().collect(Collectors.toMap(r -> r.get("hs_object_id"), Function.identity()));
            assertThat(byId).containsOnlyKeys("101", "102", "103", "104");
            assertThat(byId.get("101")).containsEntry("would", "call").containsEntry("phone", "(415) 555-0101")
                    .containsEntry("earliest_call_at", "2026-03-10T18:00:00Z")
                    .containsEntry("recipient_time", "2026-03-10 11:00 America/Los_Angeles");
            assertThat(byId.get("102")).containsEntry("reason", "do not call (do_not_call is set in HubSpot)");
            assertThat(byId.get("103").get("reason")).startsWith("invalid phone number '12'");
            assertThat(byId.get("104").get("reason")).startsWith("duplicate phone number");
            assertThat(hubspot.contact("101")).containsEntry("ai_call_status", "ready");
        }
    }
}
