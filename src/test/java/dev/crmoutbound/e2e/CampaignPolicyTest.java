package dev.crmoutbound.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crmoutbound.ledger.DoNotCallList;
import dev.crmoutbound.sandbox.TestSandbox;
import dev.crmoutbound.sandbox.SandboxOptions;
import dev.crmoutbound.support.LeadFiles;
import dev.crmoutbound.support.Results;
import dev.crmoutbound.support.RunningApp;
import dev.crmoutbound.support.TestClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Campaign policy through the whole application, on a clock the test moves: calling windows in the
 * recipient's time zone, the do-not-call list at intake and at dial time, consent, redials and the
 * per-number cap across two campaigns, and a dry run that says what the real run then does.
 */
class CampaignPolicyTest {

    // Tuesday 10 March 2026: New York is on EDT (UTC-4), London on GMT, Lagos on WAT (UTC+1)
    private static final Instant TUESDAY_1230Z = Instant.parse("2026-03-10T12:30:00Z");
    private static final String NEW_YORK = "+12125550101";
    private static final String LONDON = "+442079460958";
    private static final String LAGOS = "+2348031234567";
    private static final String LISTED_LATER = "+442079460959";

    private static final String LEADS = String.join("\n",
            "id,name,phone,consent",
            "NY,New York,+1 212 555 0101,yes",
            "LDN,London,+44 20 7946 0958,yes",
            "LOS,Lagos,+234 803 123 4567,Yes",
            "DNC,On the list,(212) 555-0199,yes",
            "NOC,No consent,+1 212 555 0102,no",
            "LATE,Listed later,+44 20 7946 0959,x",
            "DUP,Same as NY,212-555-0101,yes",
            "") ;

    @TempDir
    Path data;
    @TempDir
    Path config;

    private Path dncFile;

    @BeforeEach
    void campaigns() throws Exception {
        Path campaigns = Files.createDirectories(config.resolve("campaigns"));
        Files.writeString(campaigns.resolve("calls.yaml"), String.join("\n",
                "id: calls",
                "from_number: \"+14155550100\"",
                "endpoint_id: ep_sandbox",
                "calling_window: \"08:00-12:00\"",
                "consent: { required: true }",
                "redial:",
                "  no_answer: { max_attempts: 3, min_delay: 1h }",
                ""));
        Files.writeString(campaigns.resolve("followup.yaml"), String.join("\n",
                "id: followup",
                "from_number: \"+14155550100\"",
                "endpoint_id: ep_sandbox",
                "calling_window: \"00:00-24:00\"",
                ""));
        dncFile = Files.writeString(config.resolve("dnc.txt"), "# numbers that asked not to be called\n+12125550199\n");
    }

    private Map<String, String> settings(TestSandbox sandbox) {
        Map<String, String> s = RunningApp.settings(data, sandbox, 2);
        s.put("campaigns.dir", config.resolve("campaigns").toString());
        s.put("dnc.file", dncFile.toString());
        s.put("dnc.reload-ms", "200");
        s.put("policy.max-attempts-per-number-24h", "3");
        return s;
    }

    private static SandboxOptions sandboxOptions() {
        SandboxOptions options = SandboxOptions.defaults();
        options.concurrentLimit = 2;
        options.fixedCallSeconds = 20.0;
        options.transcripts = false;
        return options;
    }

    @Test
    void eachLeadIsCalledInItsOwnWindowAndNeverWhenTheListOrConsentSaysNo() throws Exception {
        TestClock clock = new TestClock(TUESDAY_1230Z);
        try (TestSandbox sandbox = TestSandbox.start(sandboxOptions(), 0);
             RunningApp app = RunningApp.start(settings(sandbox), clock)) {
            LeadFiles.drop(data, "calls/leads.csv", LEADS.getBytes(StandardCharsets.UTF_8));

            // 08:30 in New York: called. 12:30 in London and 13:30 in Lagos: past the 08:00-12:00 window.
            await().atMost(Duration.ofSeconds(20)).until(() -> app.summary().contains("done 1 (completed 1)"));
            assertThat(app.summary()).contains("queued 3 (3 waiting");
            assertThat(sandbox.callsPerNumber()).containsOnlyKeys(NEW_YORK);

            // The list grows while LATE waits for London's morning
            Files.writeString(dncFile, "+12125550199\n+44 20 7946 0959\n");
            Files.setLastModifiedTime(dncFile, java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(5)));
            DoNotCallList list = app.bean("doNotCallList", DoNotCallList.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> list.isListed(LISTED_LATER));

            clock.set(Instant.parse("2026-03-11T07:30:00Z")); // 08:30 in Lagos, 07:30 in London
            await().atMost(Duration.ofSeconds(20)).until(() -> sandbox.callsPerNumber().containsKey(LAGOS));
            await().atMost(Duration.ofSeconds(20)).until(() -> app.summary().contains("done 2"));
            assertThat(sandbox.callsPerNumber()).containsOnlyKeys(NEW_YORK, LAGOS);

            clock.set(Instant.parse("2026-03-11T08:00:00Z")); // London opens
            Path results = Results.awaitFile(data, "calls/leads.results.csv", Duration.ofSeconds(30));

            assertThat(sandbox.callsPerNumber()).containsOnlyKeys(NEW_YORK, LAGOS, LONDON)
                    .allSatisfy((number, calls) -> assertThat(calls).isEqualTo(1));
            Map<String, Map<String, String>> byId = Results.rows(results).stream()
                    .collect(Collectors.toMap(r -> r.get("id"), Function.identity()));
            for (String called : List.of("NY", "LDN", "LOS")) {
                assertThat(byId.get(called)).containsEntry("status", "done").containsEntry("campaign", "calls")
                        .containsEntry("attempt_outcomes", "1 completed");
            }
            assertThat(byId.get("DNC")).containsEntry("status", "rejected").containsEntry("reason", "on the do-not-call list");
            assertThat(byId.get("NOC")).containsEntry("status", "rejected").containsEntry("reason", "no consent (consent is 'no')");
            assertThat(byId.get("LATE")).containsEntry("status", "rejected")
                    .containsEntry("reason", "on the do-not-call list (listed after the lead was queued)")
                    .containsEntry("attempts", "0");
            assertThat(byId.get("DUP").get("reason")).isEqualTo("duplicate phone number (same as calls/leads.csv row 1)");
        }
    }

    @Test
    void redialsWaitTheirDelayAndANumberGetsNoMoreThanTheCapIn24HoursAcrossCampaigns() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2026-03-10T13:00:00Z")); // 09:00 in New York
        SandboxOptions options = sandboxOptions();
        String number = "+12125550150";
        options.outcomeByNumber.put(number, "no_answer");
        try (TestSandbox sandbox = TestSandbox.start(options, 0);
             RunningApp app = RunningApp.start(settings(sandbox), clock)) {
            LeadFiles.drop(data, "calls/x.csv", "id,phone,consent\nX,+1 212 555 0150,yes\n".getBytes(StandardCharsets.UTF_8));
            await().atMost(Duration.ofSeconds(20)).until(() -> calls(sandbox, number) == 1
                    && app.summary().contains("campaign calls: queued 1 (1 waiting"));

            LeadFiles.drop(data, "followup/y.csv", "id,phone\nY,+1 212 555 0150\n".getBytes(StandardCharsets.UTF_8));
            Path followup = Results.awaitFile(data, "followup/y.results.csv", Duration.ofSeconds(20));
            assertThat(Results.rows(followup).get(0)).containsEntry("outcome", "no_answer").containsEntry("campaign", "followup");
            assertThat(calls(sandbox, number)).isEqualTo(2);

            clock.set(Instant.parse("2026-03-10T13:59:00Z"));
            app.awaitPumpRounds();
            assertThat(calls(sandbox, number)).as("the redial waits its hour").isEqualTo(2);

            clock.set(Instant.parse("2026-03-10T14:00:00Z"));
            await().atMost(Duration.ofSeconds(20)).until(() -> calls(sandbox, number) == 3
                    && app.summary().contains("campaign calls: queued 1 (1 waiting"));

            clock.set(Instant.parse("2026-03-10T15:00:00Z")); // redial due (11:00 in New York), but 3 attempts in 24 h
            await().atMost(Duration.ofSeconds(20)).until(() -> reasonOf(app, "X").contains("attempts in the last 24 h"));
            assertThat(reasonOf(app, "X")).contains("cap 3").contains("waits until 2026-03-11T13:00:00Z");
            assertThat(calls(sandbox, number)).isEqualTo(3);

            clock.set(Instant.parse("2026-03-11T13:00:00Z")); // the first two attempts are 24 h old
            Path results = Results.awaitFile(data, "calls/x.results.csv", Duration.ofSeconds(20));
            assertThat(Results.rows(results).get(0)).containsEntry("status", "done").containsEntry("outcome", "no_answer")
                    .containsEntry("attempts", "3")
                    .containsEntry("attempt_outcomes", "1 no_answer; 2 no_answer; 3 no_answer");
            assertThat(calls(sandbox, number)).isEqualTo(4);
        }
    }

    @Test
    void theDryRunSaysWhatTheRealRunThenDoes() throws Exception {
        TestClock clock = new TestClock(TUESDAY_1230Z);
        try (TestSandbox sandbox = TestSandbox.start(sandboxOptions(), 0)) {
            LeadFiles.drop(data, "calls/leads.csv", LEADS.getBytes(StandardCharsets.UTF_8));
            LeadFiles.drop(data, "stray/leads.csv", LEADS.getBytes(StandardCharsets.UTF_8));

            assertThat(RunningApp.dryRun(settings(sandbox), clock)).isZero();

            assertThat(sandbox.callRequests()).isZero();
            assertThat(data.resolve("inbox/calls/leads.csv")).exists();
            Path report = data.resolve("outbox/dry-run/calls/leads.dry-run.csv");
            Map<String, Map<String, String>> predicted = Results.rows(report).stream()
                    .collect(Collectors.toMap(r -> r.get("id"), Function.identity()));
            assertThat(predicted.get("NY")).containsEntry("would", "call")
                    .containsEntry("earliest_call_at", "2026-03-10T12:30:00Z")
                    .containsEntry("recipient_time", "2026-03-10 08:30 America/New_York");
            assertThat(predicted.get("LOS")).containsEntry("would", "call")
                    .containsEntry("earliest_call_at", "2026-03-11T07:00:00Z");
            assertThat(predicted.get("LDN")).containsEntry("earliest_call_at", "2026-03-11T08:00:00Z")
                    .containsEntry("recipient_time", "2026-03-11 08:00 Europe/London");
            assertThat(predicted.get("DNC")).containsEntry("would", "reject").containsEntry("reason", "on the do-not-call list");
            assertThat(predicted.get("NOC").get("would")).isEqualTo("reject");
            assertThat(predicted.get("DUP").get("would")).isEqualTo("reject");
            assertThat(Files.exists(data.resolve("outbox/dry-run/stray/leads.dry-run.csv"))).isFalse();

            Files.delete(data.resolve("inbox/stray/leads.csv"));
            try (RunningApp app = RunningApp.start(settings(sandbox), clock)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> app.summary().contains("done 1"));
                for (String later : List.of("LOS", "LDN")) {
                    Instant at = Instant.parse(predicted.get(later).get("earliest_call_at"));
                    clock.set(at.minusSeconds(60));
                    app.awaitPumpRounds();
                    assertThat(calledIds(sandbox)).as(later + " a minute early").doesNotContain(later);
                    clock.set(at);
                    await().atMost(Duration.ofSeconds(20)).until(() -> calledIds(sandbox).contains(later));
                }
                Path results = Results.awaitFile(data, "calls/leads.results.csv", Duration.ofSeconds(30));
                for (Map<String, String> row : Results.rows(results)) {
                    Map<String, String> dry = predicted.get(row.get("id"));
                    assertThat(row.get("status")).as(row.get("id"))
                            .isEqualTo("call".equals(dry.get("would")) ? "done" : "rejected");
                    if ("reject".equals(dry.get("would"))) {
                        assertThat(row.get("reason")).as(row.get("id")).isEqualTo(dry.get("reason"));
                    }
                }
            }
        }
    }

    private static int calls(TestSandbox sandbox, String number) {
        return sandbox.callsPerNumber().getOrDefault(number, 0);
    }

    private static List<String> calledIds(TestSandbox sandbox) {
        return sandbox.callsPerNumber().keySet().stream().map(n -> switch (n) {
            case NEW_YORK -> "NY";
            case LONDON -> "LDN";
            case LAGOS -> "LOS";
            default -> n;
        }).toList();
    }

    private static String reasonOf(RunningApp app, String recordKey) {
        return app.bean("callLedger", dev.crmoutbound.ledger.CallLedger.class).reasonOf(recordKey);
    }
}
