package dev.crmoutbound.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crmoutbound.sandbox.SandboxOptions;
import dev.crmoutbound.sandbox.TestSandbox;
import dev.crmoutbound.support.LeadFiles;
import dev.crmoutbound.support.Results;
import dev.crmoutbound.support.RunningApp;
import dev.crmoutbound.support.TestClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One campaign under the shipped US state rules, on a clock the test moves across a Saturday evening,
 * a Sunday and a state holiday (Memorial Day 2027): each number called when its state allows, the
 * Florida number refused a fourth call within 24 hours, and the dry run's forecast (time and rule) what
 * the real run then does.
 */
class CallingRulesCampaignTest {

    // Saturday 29 May 2027, 20:30 in Chicago (21:30 in Miami, 18:30 in San Francisco)
    private static final Instant SATURDAY_EVENING = Instant.parse("2027-05-30T01:30:00Z");
    private static final String FLORIDA = "+13055550101";
    private static final String OKLAHOMA = "+14055550101";
    private static final String MISSISSIPPI = "+16015550101";
    private static final String CALIFORNIA = "+14155550101";
    private static final String ALABAMA = "+12055550101";
    private static final Map<String, String> NUMBERS = Map.of("FL", FLORIDA, "OK", OKLAHOMA, "MS", MISSISSIPPI,
            "CA", CALIFORNIA, "AL", ALABAMA);

    @TempDir
    Path data;
    @TempDir
    Path config;

    @Test
    void eachStateIsCalledWhenItsRulesAllowAndTheDryRunSaysSoBeforehand() throws Exception {
        Files.writeString(Files.createDirectories(config.resolve("campaigns")).resolve("nationwide.yaml"), String.join("\n",
                "id: nationwide",
                "from_number: \"+14155550100\"",
                "endpoint_id: ep_sandbox",
                "calling_window: \"00:00-24:00\"",
                "compliance: us-states",
                "redial:",
                "  no_answer: { max_attempts: 4, min_delay: 1h }",
                ""));
        LeadFiles.drop(data, "nationwide/leads.csv", String.join("\n", "id,phone",
                "FL,+1 305 555 0101", "OK,+1 405 555 0101", "MS,+1 601 555 0101", "CA,+1 415 555 0101",
                "AL,+1 205 555 0101", "").getBytes(StandardCharsets.UTF_8));
        SandboxOptions options = SandboxOptions.defaults();
        options.concurrentLimit = 5;
        options.fixedCallSeconds = 20.0;
        options.transcripts = false;
        options.outcomeMix = new LinkedHashMap<>(); // every call completes, but Florida's
        options.outcomeByNumber.put(FLORIDA, "no_answer");
        TestClock clock = new TestClock(SATURDAY_EVENING);
        try (TestSandbox sandbox = TestSandbox.start(options, 0)) {
            Map<String, String> settings = RunningApp.settings(data, sandbox, 5);
            settings.put("campaigns.dir", config.resolve("campaigns").toString());
            settings.put("policy.max-attempts-per-number-24h", "10"); // Florida's own cap is the stricter

            assertThat(RunningApp.dryRun(settings, clock)).isZero();
            Map<String, Map<String, String>> forecast = Results.rows(
                    data.resolve("outbox/dry-run/nationwide/leads.dry-run.csv")).stream()
                    .collect(Collectors.toMap(r -> r.get("id"), Function.identity()));
            assertThat(forecast.get("FL")).containsEntry("earliest_call_at", "2027-05-30T12:00:00Z")
                    .containsEntry("recipient_time", "2027-05-30 08:00 America/New_York")
                    .containsEntry("rule", "US-FL hours 08:00-20:00");
            assertThat(forecast.get("OK")).containsEntry("earliest_call_at", "2027-05-30T13:00:00Z")
                    .containsEntry("rule", "US-OK hours 08:00-20:00");
            assertThat(forecast.get("MS")).containsEntry("earliest_call_at", "2027-05-31T13:00:00Z")
                    .containsEntry("rule", "US-MS no calls on Sunday");
            assertThat(forecast.get("AL")).containsEntry("earliest_call_at", "2027-06-01T13:00:00Z")
                    .containsEntry("rule", "US-AL holiday National Memorial Day (2027-05-31)");
            assertThat(forecast.get("CA")).containsEntry("earliest_call_at", SATURDAY_EVENING.toString())
                    .containsEntry("rule", "US");

            try (RunningApp app = RunningApp.start(settings, clock)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> calls(sandbox, CALIFORNIA) == 1);
                awaitCallsEnded(app);
                app.awaitPumpRounds();
                assertThat(sandbox.callsPerNumber()).as("only California on a Saturday evening")
                        .containsOnlyKeys(CALIFORNIA);

                callsAtItsTimeNotAMinuteBefore(app, sandbox, clock, "FL", forecast);
                callsAtItsTimeNotAMinuteBefore(app, sandbox, clock, "OK", forecast);
                // Florida's redials, an hour apart (the second due with Oklahoma's first): the third is the last
                // its cap allows in 24 h
                await().atMost(Duration.ofSeconds(20)).until(() -> calls(sandbox, FLORIDA) == 2);
                awaitCallsEnded(app);
                clock.set(Instant.parse("2027-05-30T14:00:00Z"));
                await().atMost(Duration.ofSeconds(20)).until(() -> calls(sandbox, FLORIDA) == 3);
                awaitCallsEnded(app);
                clock.set(Instant.parse("2027-05-30T15:00:00Z"));
                await().atMost(Duration.ofSeconds(20)).until(() -> app.ledger().reasonOf("FL").contains("cap 3"));
                assertThat(app.ledger().reasonOf("FL")).contains("US-FL at most 3 calls in 24 h")
                        .contains("waits until 2027-05-31T12:00:00Z");
                assertThat(calls(sandbox, FLORIDA)).isEqualTo(3);

                callsAtItsTimeNotAMinuteBefore(app, sandbox, clock, "MS", forecast);
                assertThat(calls(sandbox, FLORIDA)).as("a day after its first call, Florida's fourth").isEqualTo(4);
                assertThat(calls(sandbox, ALABAMA)).as("Memorial Day in Alabama").isZero();
                callsAtItsTimeNotAMinuteBefore(app, sandbox, clock, "AL", forecast);

                Path results = Results.awaitFile(data, "nationwide/leads.results.csv", Duration.ofSeconds(30));
                Map<String, Map<String, String>> done = Results.rows(results).stream()
                        .collect(Collectors.toMap(r -> r.get("id"), Function.identity()));
                assertThat(done.get("FL")).containsEntry("attempts", "4")
                        .containsEntry("deferred_by", "US-FL at most 3 calls in 24 h");
                assertThat(done.get("OK")).containsEntry("deferred_by", "US-OK hours 08:00-20:00");
                assertThat(done.get("MS")).containsEntry("deferred_by", "US-MS no calls on Sunday");
                assertThat(done.get("AL")).containsEntry("deferred_by", "US-AL holiday National Memorial Day (2027-05-31)");
                assertThat(done.get("CA").get("deferred_by")).isNullOrEmpty();
                Map<String, Instant> firstCalls = firstCalls(app);
                forecast.forEach((id, row) -> assertThat(firstCalls.get(id)).as("%s's first call, as forecast", id)
                        .isEqualTo(Instant.parse(row.get("earliest_call_at"))));
                assertThat(sandbox.callsPerNumber()).containsOnlyKeys(NUMBERS.values());
            }
        }
    }

    private static void callsAtItsTimeNotAMinuteBefore(RunningApp app, TestSandbox sandbox, TestClock clock, String id,
                                                       Map<String, Map<String, String>> forecast) {
        Instant at = Instant.parse(forecast.get(id).get("earliest_call_at"));
        clock.set(at.minusSeconds(60));
        app.awaitPumpRounds();
        assertThat(calls(sandbox, NUMBERS.get(id))).as(id + " a minute early").isZero();
        clock.set(at);
        await().atMost(Duration.ofSeconds(20)).until(() -> calls(sandbox, NUMBERS.get(id)) == 1);
        awaitCallsEnded(app);
    }

    /** Every call placed has ended in the ledger: a redial is due an hour after the end, on the clock as it is now. */
    private static void awaitCallsEnded(RunningApp app) {
        await().atMost(Duration.ofSeconds(20)).until(() -> app.jdbc().queryOne(
                "SELECT COUNT(*) FROM call_attempt WHERE outcome IS NULL", rs -> rs.getInt(1)).orElse(0) == 0);
    }

    private static int calls(TestSandbox sandbox, String number) {
        return sandbox.callsPerNumber().getOrDefault(number, 0);
    }

    private static Map<String, Instant> firstCalls(RunningApp app) {
        return app.jdbc().query("SELECT l.record_key, MIN(a.started_at) AS first_call FROM call_attempt a "
                        + "JOIN call_lead l ON l.id = a.lead_id GROUP BY l.record_key",
                rs -> Map.entry(rs.getString("record_key"), dev.crmoutbound.ledger.Jdbc.instant(rs, "first_call")))
                .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
