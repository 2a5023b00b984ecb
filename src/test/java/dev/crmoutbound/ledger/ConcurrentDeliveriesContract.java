package dev.crmoutbound.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmoutbound.config.Campaign;
import dev.crmoutbound.config.Campaigns;
import dev.crmoutbound.support.TestCampaigns;
import dev.crmoutbound.support.TestHashes;
import dev.crmoutbound.webhooks.CallEvent;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * KrosAI delivers an event again when it got no answer in time, so one event may be recorded by several
 * threads and instances at once: it is applied once, whichever of them wins.
 */
abstract class ConcurrentDeliveriesContract {

    private static final int INSTANCES = 3;

    private final Clock clock = Clock.systemUTC();
    private final List<LedgerDatabase> databases = new ArrayList<>();
    private final List<WebhookLedger> instances = new ArrayList<>();
    private CallLedger calls;

    abstract String jdbcUrl();

    /** Whether a session of the ledger is writing a webhook event, waiting for a lock another holds. */
    abstract boolean writingAnEventWaits(Jdbc jdbc);

    @BeforeEach
    void open() {
        String url = jdbcUrl();
        for (int i = 0; i < INSTANCES; i++) { // each instance with its own connections
            databases.add(LedgerDatabase.open(url, null, null, 4));
        }
        Jdbc jdbc = jdbc();
        new CampaignControl(jdbc, clock).startOnBoot("c1");
        new AccountSlots(jdbc, clock).register(Campaign.DEFAULT_ACCOUNT, 100);
        Campaigns campaigns = Campaigns.single(TestCampaigns.campaign("c1"));
        calls = new CallLedger(jdbc, clock, campaigns);
        for (LedgerDatabase database : databases) {
            instances.add(new WebhookLedger(database.jdbc(), clock, new CallLedger(database.jdbc(), clock, campaigns)));
        }
    }

    @AfterEach
    void close() {
        databases.forEach(LedgerDatabase::close);
    }

    Jdbc jdbc() {
        return databases.get(0).jdbc();
    }

    @Test
    void anEventDeliveredByManyThreadsOfManyInstancesAtOnceIsAppliedOnceAndEndsItsCallOnce() throws Exception {
        List<LeadRow> leads = placedCalls(30);
        List<CallEvent> events = new ArrayList<>();
        for (LeadRow lead : leads) {
            events.add(event("ringing-" + lead.id(), lead, "ringing", null));
            events.add(event("ended-" + lead.id(), lead, "completed", 30));
        }
        ExecutorService threads = Executors.newFixedThreadPool(2 * INSTANCES);
        List<CompletableFuture<Map<String, WebhookLedger.Recorded>>> deliveries = new ArrayList<>();
        try {
            for (int t = 0; t < 2 * INSTANCES; t++) {
                List<CallEvent> order = new ArrayList<>(events);
                Collections.shuffle(order, new Random(t));
                WebhookLedger instance = instances.get(t % INSTANCES);
                deliveries.add(CompletableFuture.supplyAsync(() -> order.stream()
                        .collect(Collectors.toMap(CallEvent::eventId, instance::record)), threads));
            }
            List<Map<String, WebhookLedger.Recorded>> results = new ArrayList<>();
            for (CompletableFuture<Map<String, WebhookLedger.Recorded>> delivery : deliveries) {
                results.add(delivery.get(60, TimeUnit.SECONDS));
            }

            for (CallEvent event : events) {
                assertThat(results.stream().filter(r -> !r.get(event.eventId()).duplicate()).count())
                        .as("deliveries of %s recorded as new", event.eventId()).isEqualTo(1);
                assertThat(results.stream().filter(r -> r.get(event.eventId()).callEnded()).count())
                        .as("deliveries of %s that end its call", event.eventId())
                        .isEqualTo(event.status().equals("completed") ? 1 : 0);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(calls.summary("c1")).isEqualTo(Map.of("DONE:completed", leads.size()));
        assertThat(jdbc().queryOne("SELECT COUNT(*) FROM webhook_event WHERE lead_id IS NOT NULL", rs -> rs.getInt(1)))
                .contains(events.size());
    }

    /**
     * An event id that another instance records for another call (a reused or forged id) while this one
     * records it: the first to write the id wins, and this delivery changes nothing.
     */
    @Test
    void anEventIdRecordedMeanwhileForAnotherCallLeavesThisCallAsItWas() throws Exception {
        List<LeadRow> leads = placedCalls(2);
        LeadRow second = leads.get(1);
        List<WebhookLedger.Recorded> recorded = whileAnotherRecords("e1", leads.get(0),
                () -> List.of(instances.get(0).record(event("e1", second, "completed", 30))));

        assertThat(recorded.get(0).duplicate()).isTrue();
        assertThat(recorded.get(0).callEnded()).isFalse();
        LeadRow after = calls.find(second.id()).orElseThrow();
        assertThat(after.state()).isEqualTo(second.state());
        assertThat(after.statusRank()).isEqualTo(second.statusRank());
    }

    /** The same within a batch of deliveries: what the batch changed for the event is undone, the rest stays. */
    @Test
    void anEventIdRecordedMeanwhileIsUndoneFromItsBatch() throws Exception {
        List<LeadRow> leads = placedCalls(2);
        LeadRow second = leads.get(1);
        List<WebhookLedger.Recorded> recorded = whileAnotherRecords("e1", leads.get(0),
                () -> instances.get(0).recordAll(List.of(event("e1", second, "completed", 30),
                        event("e2", second, "ringing", null))));

        assertThat(recorded.stream().map(ConcurrentDeliveriesContract::effect).toList())
                .containsExactly("duplicate", "new, applied");
        assertThat(afterItsEvents(second)).isEqualTo("ACTIVE ringing 2 null null");
    }

    /** What {@code recording} answers when another session has written {@code eventId} for {@code lead} meanwhile. */
    private List<WebhookLedger.Recorded> whileAnotherRecords(String eventId, LeadRow lead,
            java.util.function.Supplier<List<WebhookLedger.Recorded>> recording) throws Exception {
        List<WebhookLedger.Recorded> recorded;
        try (Connection other = databases.get(1).dataSource().getConnection()) {
            other.setAutoCommit(false);
            Jdbc.update(other, "INSERT INTO webhook_event (event_id, event_type, call_id, lead_id, applied, received_at) "
                    + "VALUES (?, 'call.completed', ?, ?, TRUE, CURRENT_TIMESTAMP)", eventId, lead.callId(), lead.id());
            CompletableFuture<List<WebhookLedger.Recorded>> result = CompletableFuture.supplyAsync(recording);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> writingAnEventWaits(jdbc()));
            other.commit();
            recorded = result.get(10, TimeUnit.SECONDS);
        }
        assertThat(jdbc().queryOne("SELECT lead_id FROM webhook_event WHERE event_id = ?", rs -> rs.getLong(1), eventId))
                .contains(lead.id());
        return recorded;
    }

    /**
     * Deliveries arriving together are recorded in one transaction, a lead's status updates sent together
     * at its end: what they do is what they would do one at a time. Each call's events are interleaved
     * with the others', some twice, some of a call back to back. The first call is as placed; the second
     * has no call id yet (its POST's answer is not in), and only its first event names its request; the
     * third ends before its answer.
     */
    @Test
    void deliveriesRecordedTogetherDoWhatTheyWouldOneAtATime() {
        List<LeadRow> leads = callsInProgress(6, i -> i % 3 != 1);
        WebhookLedger ledger = instances.get(0);
        List<WebhookLedger.Recorded> batch = ledger.recordAll(lifecycles(leads.subList(0, 3)));
        List<WebhookLedger.Recorded> single = lifecycles(leads.subList(3, 6)).stream().map(ledger::record).toList();

        List<String> expected = List.of(
                "new", "duplicate", "new, applied", "new", // initiated
                "new, applied", "new, applied", "new, applied, ended", // ringing; the third call's end
                "new", "new", "new", // transcripts
                "duplicate", "duplicate", "new", // ringing again; the third call's answer, too late
                "new, applied", "new, applied", "new",
                "new, applied, ended", "new, applied, ended");
        assertThat(batch.stream().map(ConcurrentDeliveriesContract::effect).toList()).isEqualTo(expected);
        assertThat(single.stream().map(ConcurrentDeliveriesContract::effect).toList()).isEqualTo(expected);
        for (LeadRow lead : leads) {
            assertThat(afterItsEvents(lead)).as("lead %s", lead.id())
                    .isEqualTo("DONE completed 9 transcript of call_ completed");
        }
    }

    /** Each call's lifecycle, the calls' events interleaved, as the test above says. */
    private static List<CallEvent> lifecycles(List<LeadRow> calls) {
        List<List<CallEvent>> each = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            LeadRow lead = calls.get(i);
            String callId = "call_" + lead.id();
            String[] order = i == 2 ? new String[] {"initiated", "completed", "answered", "ringing"}
                    : new String[] {"initiated", "ringing", "ringing", "answered", "completed"};
            List<CallEvent> events = new ArrayList<>();
            for (String status : order) {
                String requestId = i == 1 && !events.isEmpty() ? null : lead.requestId();
                events.add(new CallEvent(callId + "-" + status, "call." + status, callId, requestId, lead.attempts(), status,
                        status.equals("completed") ? 30 : null, 0, null, null)); // a second ringing is a duplicate
            }
            events.add(2, new CallEvent(callId + "-transcript", "transcription.completed", callId,
                    i == 1 ? null : lead.requestId(), lead.attempts(), null, null, null, null, null,
                    "transcript of " + callId));
            each.add(events);
        }
        List<CallEvent> interleaved = new ArrayList<>();
        for (int k = 0; interleaved.size() < each.stream().mapToInt(List::size).sum(); k++) {
            for (List<CallEvent> events : each) {
                if (k < events.size()) {
                    interleaved.add(events.get(k));
                }
            }
        }
        interleaved.add(1, interleaved.get(0)); // the first call's first event, back to back with itself
        return interleaved;
    }

    private static String effect(WebhookLedger.Recorded recorded) {
        return (recorded.duplicate() ? "duplicate" : "new") + (recorded.applied() ? ", applied" : "")
                + (recorded.callEnded() ? ", ended" : "");
    }

    /** What a lead's events left on it, without what names the lead itself. */
    private String afterItsEvents(LeadRow lead) {
        return jdbc().queryOne("SELECT state, call_status, status_rank, transcript_excerpt, outcome FROM call_lead "
                        + "WHERE id = ?", rs -> rs.getString(1) + " " + rs.getString(2) + " " + rs.getInt(3) + " "
                        + rs.getString(4) + " " + rs.getString(5), lead.id()).orElseThrow()
                .replace("call_" + lead.id(), "call_");
    }

    /** Leads of one batch, each claimed and its call placed as call_ and its id. */
    private List<LeadRow> placedCalls(int count) {
        return callsInProgress(count, i -> true);
    }

    /** Leads of one batch, each claimed; the {@code placed} ones (by index) with their call placed as call_ and its id. */
    private List<LeadRow> callsInProgress(int count, java.util.function.IntPredicate placed) {
        LeadBatch batch = new BatchStore(jdbc(), clock).startIntake("c1", new InputFile("test", "leads.csv", 1, 1));
        new BatchStore(jdbc(), clock).markOpen(batch.id(), 1, "leads.csv");
        new LeadIntakeWriter(jdbc(), clock, new dev.crmoutbound.ops.FaultLog(), TestHashes.HASHES).write("test", batch,
                IntStream.rangeClosed(1, count).mapToObj(i -> new IncomingLead(i, "c1", "R" + i,
                        String.format("+1415555%04d", i), null)).toList());
        List<LeadRow> leads = new ArrayList<>();
        for (LeadRow queued : calls.due(count, Set.of())) {
            LeadRow lead = calls.claim(queued);
            if (placed.test(leads.size())) {
                calls.markPlaced(lead, "call_" + lead.id());
            }
            leads.add(calls.find(lead.id()).orElseThrow());
        }
        assertThat(leads).hasSize(count);
        return leads;
    }

    private static CallEvent event(String id, LeadRow lead, String status, Integer duration) {
        return new CallEvent(id, "call." + status, lead.callId(), lead.requestId(), lead.attempts(), status, duration, 0,
                null, null);
    }
}
