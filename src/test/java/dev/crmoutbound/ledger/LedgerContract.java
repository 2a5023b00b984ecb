package dev.crmoutbound.ledger;

import dev.crmoutbound.privacy.LeadKeyRekeying;
import dev.crmoutbound.ops.FaultLog;
import dev.crmoutbound.privacy.NumberHashes;
import dev.crmoutbound.support.TestHashes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crmoutbound.config.Campaign;
import dev.crmoutbound.config.Campaigns;
import dev.crmoutbound.policy.RedialPolicy;
import dev.crmoutbound.results.ResultRow;
import dev.crmoutbound.support.TestCampaigns;
import dev.crmoutbound.webhooks.CallEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The call ledger's guarantees, run against each database it supports (see the subclasses). */
abstract class LedgerContract {

    private static final Campaigns CAMPAIGN = new Campaigns(List.of(
            TestCampaigns.campaign("c1", RedialPolicy.uniform(2, Duration.ofMinutes(15))), TestCampaigns.campaign("c2")), "c1");

    private static final NumberHashes HASHES = TestHashes.HASHES;

    private LedgerDatabase database;
    private String ledgerUrl;
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);
    private CallLedger calls;
    private WebhookLedger webhooks;
    private BatchStore batches;
    private LeadIntakeWriter intake;

    abstract String jdbcUrl();

    @BeforeEach
    void open() {
        ledgerUrl = jdbcUrl();
        database = LedgerDatabase.open(ledgerUrl, null, null, 4);
        Jdbc jdbc = database.jdbc();
        new CampaignControl(jdbc, clock).startOnBoot("c1");
        new AccountSlots(jdbc, clock).register(Campaign.DEFAULT_ACCOUNT, 100);
        calls = new CallLedger(jdbc, clock, CAMPAIGN);
        webhooks = new WebhookLedger(jdbc, clock, calls);
        batches = new BatchStore(jdbc, clock);
        intake = new LeadIntakeWriter(jdbc, clock, new dev.crmoutbound.ops.FaultLog(), HASHES);
    }

    @AfterEach
    void close() {
        database.close();
    }

    /** A batch whose intake is done, so its leads may be dialed. */
    private LeadBatch batch(String key) {
        return openBatch("c1", key + ".csv");
    }

    private LeadBatch openBatch(String campaignId, String name) {
        LeadBatch batch = batches.startIntake(campaignId, new InputFile("test", name, 1, 1));
        batches.markOpen(batch.id(), 1, name);
        return batch;
    }

    private List<LeadRow> queue(String batchKey, IncomingLead... leads) {
        intake.write("test", batch(batchKey), List.of(leads));
        return calls.due(100, Set.of());
    }

    @Test
    void aNumberOrRecordSeenBeforeIsNeverQueuedAgain() {
        queue("b1", new IncomingLead(1, "c1", "R1", "+14155550101", null),
                new IncomingLead(2, "c1", "R2", "+14155550101", null),
                new IncomingLead(3, "c1", "R1", "+14155550103", null),
                new IncomingLead(4, "c1", null, null, "missing phone number"));
        List<LeadRow> due = queue("b2", new IncomingLead(1, "c1", "R9", "+14155550101", null),
                new IncomingLead(2, "c1", "R5", "+14155550105", null));

        assertThat(due).extracting(LeadRow::phoneE164).containsExactly("+14155550101", "+14155550105");
        assertThat(calls.summary("c1")).isEqualTo(Map.of("QUEUED", 2, "REJECTED", 4));
        assertThat(batches.startIntake("c1", new InputFile("test", "b1.csv", 1, 1)).id()).isEqualTo(batch("b1").id());
    }

    /** The summary's keys, each lead counted once: a lead waiting for later apart from its state, HELD as queued. */
    @Test
    void theSummaryCountsEachLeadOnceWithTheWaitingApart() {
        List<LeadRow> leads = queue("b1", java.util.stream.IntStream.rangeClosed(1, 14)
                .mapToObj(i -> new IncomingLead(i, "c1", "R" + i, "+1415555" + (1000 + i), null)).toArray(IncomingLead[]::new));
        Instant later = clock.instant().plusSeconds(600);
        Instant earlier = clock.instant().minusSeconds(600);
        setState(leads.get(1), "QUEUED", null, later);
        setState(leads.get(2), "RETRY_WAIT", null, later);
        setState(leads.get(3), "RETRY_WAIT", null, earlier);
        setState(leads.get(4), "HELD", null, later);
        setState(leads.get(5), "DONE", "completed", earlier);
        setState(leads.get(6), "DONE", null, earlier);
        setState(leads.get(7), "DIALING", null, earlier);
        setState(leads.get(8), "ACTIVE", null, earlier);
        setState(leads.get(9), "UNCERTAIN", null, earlier);
        setState(leads.get(10), "REJECTED", null, earlier);
        setState(leads.get(12), "DONE", "busy", earlier);
        setState(leads.get(13), "QUEUED", null, later);
        for (LeadRow other : leads.subList(11, 14)) {
            jdbc().update("UPDATE call_lead SET campaign_id = 'c2' WHERE id = ?", other.id());
        }

        assertThat(calls.summary("c1")).containsExactly(Map.entry("ACTIVE", 1), Map.entry("DIALING", 1),
                Map.entry("DONE:?", 1), Map.entry("DONE:completed", 1), Map.entry("QUEUED", 2), Map.entry("REJECTED", 1),
                Map.entry("RETRY_WAIT", 1), Map.entry("UNCERTAIN", 1), Map.entry("WAITING", 2));
        assertThat(calls.summary("c2")).isEqualTo(Map.of("QUEUED", 1, "DONE:busy", 1, "WAITING", 1));
    }

    private void setState(LeadRow lead, String state, String outcome, Instant nextAttempt) {
        jdbc().update("UPDATE call_lead SET state = ?, outcome = ?, next_attempt_at = ? WHERE id = ?", state, outcome,
                nextAttempt, lead.id());
    }

    /** Chunks large enough to go in in bulk: a duplicate of an earlier file's lead names it, the rest is queued. */
    @Test
    void aBulkChunkWithOneLeadSeenBeforeQueuesTheRestAndNamesTheHolder() {
        FaultLog faults = new FaultLog();
        LeadIntakeWriter writer = new LeadIntakeWriter(jdbc(), clock, faults, HASHES);
        assertThat(writer.write("test", batch("first"), bulk(1))).isEqualTo(200);

        List<IncomingLead> second = new java.util.ArrayList<>(bulk(1001));
        second.set(150, new IncomingLead(151, "c1", "S151", "+14155550077", null)); // row 77 of first.csv
        LeadBatch again = batch("second");

        assertThat(writer.write("test", again, second)).isEqualTo(199);
        assertThat(jdbc().query("SELECT row_no, reason FROM call_lead WHERE batch_id = ? AND state = 'REJECTED'",
                rs -> rs.getInt(1) + " " + rs.getString(2), again.id()))
                .containsExactly("151 duplicate phone number (same as first.csv row 77)");
        assertThat(faults.reported()).as("chunks that fell back to one row at a time").isZero();
    }

    private static List<IncomingLead> bulk(int firstNumber) {
        return java.util.stream.IntStream.rangeClosed(1, 200).mapToObj(row -> new IncomingLead(row, "c1",
                (firstNumber == 1 ? "F" : "S") + row, String.format("+1415555%04d", firstNumber + row - 1), null)).toList();
    }

    @Test
    void aCampaignsDueLeadsComeOldestFirstAcrossQueuedAndRetryWaiting() {
        List<LeadRow> queued = queue("b1", new IncomingLead(1, "c1", "R1", "+14155550101", null),
                new IncomingLead(2, "c1", "R2", "+14155550102", null),
                new IncomingLead(3, "c1", "R3", "+14155550103", null),
                new IncomingLead(4, "c1", "R4", "+14155550104", null));
        jdbc().update("UPDATE call_lead SET state = 'RETRY_WAIT', next_attempt_at = ? WHERE id = ?",
                clock.instant().minus(Duration.ofHours(1)), queued.get(2).id());
        jdbc().update("UPDATE call_lead SET next_attempt_at = ? WHERE id = ?", clock.instant().plusSeconds(60),
                queued.get(0).id());

        assertThat(calls.due(List.of("c1"), 10, Set.of())).extracting(LeadRow::recordKey).containsExactly("R3", "R2", "R4");
        assertThat(calls.due(List.of("c1"), 1, Set.of(queued.get(2).id()))).extracting(LeadRow::recordKey)
                .containsExactly("R2");
        jdbc().update("UPDATE campaign SET state = 'PAUSED' WHERE id = 'c1'");
        assertThat(calls.due(List.of("c1"), 10, Set.of())).isEmpty();
    }

    /** The same number queued in two campaigns (each campaign calls a number once, so only this way). */
    List<LeadRow> sameNumberInTwoCampaigns(String phone) {
        new CampaignControl(database.jdbc(), clock).startOnBoot("c2");
        intake.write("test", openBatch("c1", "c1-" + phone),
                List.of(new IncomingLead(1, "c1", null, phone, null)));
        intake.write("test", openBatch("c2", "c2-" + phone),
                List.of(new IncomingLead(1, "c2", null, phone, null)));
        return calls.due(100, Set.of()).stream().filter(l -> phone.equals(l.phoneE164())).toList();
    }

    private String waitOf(long leadId) {
        return database.jdbc().queryOne("SELECT next_attempt_at, reason FROM call_lead WHERE id = ?",
                rs -> Jdbc.instant(rs, "next_attempt_at") + " " + rs.getString("reason"), leadId).orElseThrow();
    }

    /**
     * The plan of the slot count for an account that made 5,000 calls, 2 of them in progress (which the count
     * is first checked to find); {@code explain} is the database's EXPLAIN that shows the rows actually read.
     */
    String slotCountPlanAmong5000CallsMade(String explain) {
        String account = Campaign.DEFAULT_ACCOUNT;
        Instant longAgo = Instant.parse("2026-11-01T10:00:00Z");
        List<Object[]> rows = java.util.stream.IntStream.rangeClosed(1, 5000).mapToObj(n -> new Object[] {"done-" + n,
                "r" + n, n == 7 || n == 8 ? LeadState.ACTIVE : LeadState.DONE, account, longAgo, longAgo, longAgo}).toList();
        jdbc().inTransaction(c -> Jdbc.updateEach(c, "INSERT INTO call_lead (request_id, campaign_id, source, record_key, "
                + "state, account_id, next_attempt_at, created_at, updated_at) VALUES (?, 'c1', 'test', ?, ?, ?, ?, ?, ?)", rows));
        assertThat(new AccountSlots(jdbc(), clock).usage(account).inCall()).isEqualTo(2);
        return String.join("\n", jdbc().query(explain + " " + AccountSlots.IN_CALL_COUNT, rs -> rs.getString(1),
                account, account, account));
    }

    Jdbc jdbc() {
        return database.jdbc();
    }

    @Test
    void aNumberInACallIsNotClaimedForAnotherCampaignUntilThatCallEnds() {
        List<LeadRow> leads = sameNumberInTwoCampaigns("+14155550101");

        assertThat(calls.claim(leads.get(0))).isNotNull();
        assertThat(calls.claim(leads.get(1))).isNull();

        assertThat(calls.find(leads.get(1).id()).orElseThrow().state()).isEqualTo(LeadState.QUEUED);
        assertThat(waitOf(leads.get(1).id()))
                .isEqualTo("2026-11-24T10:01:00Z another call to this number is in progress");
    }

    @Test
    void aNumberAtItsAttemptCapIsNotClaimedButWaitsForTheCapToAllowIt() {
        LeadRow lead = queue("b1", new IncomingLead(1, "c1", "R1", "+14155550101", null)).get(0);
        database.jdbc().update("INSERT INTO call_attempt (lead_id, attempt_no, campaign_id, phone_e164, started_at) "
                + "VALUES (?, 9, 'c2', ?, ?)", lead.id(), lead.phoneE164(), clock.instant().minus(Duration.ofHours(1)));
        CallLedger capped = new CallLedger(database.jdbc(), clock, CAMPAIGN, new AttemptCap(1));

        assertThat(capped.claim(lead)).isNull();

        assertThat(waitOf(lead.id())).isEqualTo("2026-11-25T09:00:00Z +1415***0101 had 1 attempts in the last 24 h "
                + "(cap 1); waits until 2026-11-25T09:00:00Z");
        assertThat(new CallLedger(database.jdbc(), clock, CAMPAIGN, new AttemptCap(2)).claim(lead)).isNotNull();
    }

    @Test
    void anAccountsSlotsAreTakenByClaimsAndFreedWhereverTheCallEnds() {
        new AccountSlots(jdbc(), clock).register(Campaign.DEFAULT_ACCOUNT, 2);
        List<LeadRow> due = queue("b1", new IncomingLead(1, "c1", "R1", "+14155550101", null),
                new IncomingLead(2, "c1", "R2", "+14155550102", null), new IncomingLead(3, "c1", "R3", "+14155550103", null));
        LeadRow first = calls.claim(due.get(0));
        LeadRow second = calls.claim(due.get(1));

        assertThat(calls.claim(due.get(2))).as("no slot free").isNull();
        assertThat(calls.find(due.get(2).id()).orElseThrow().state()).isEqualTo(LeadState.QUEUED);
        assertThat(new AccountSlots(jdbc(), clock).usage(Campaign.DEFAULT_ACCOUNT))
                .isEqualTo(new AccountSlots.Usage(2, 0, 2));

        calls.markPlaced(first, "call_1");
        webhooks.record(event("e1", "call_1", first, "completed", 30));
        assertThat(calls.ended(List.of(first.requestId(), second.requestId()))).containsExactly(first.requestId());
        assertThat(calls.claim(due.get(2))).as("the ended call's slot").isNotNull();

        new AccountSlots(jdbc(), clock).outsideCalls(Campaign.DEFAULT_ACCOUNT, 1);
        calls.markUncertain(second, "no answer");
        assertThat(new AccountSlots(jdbc(), clock).usage(Campaign.DEFAULT_ACCOUNT).free())
                .as("an uncertain dial and a call placed outside hold slots too").isZero();
    }

    @Test
    void aFilesResultsAreForTheInstanceThatTookItInUnlessThatInstanceIsGone() {
        Duration timeout = Duration.ofSeconds(15);
        BatchStore mine = new BatchStore(jdbc(), clock, "a", timeout);
        BatchStore other = new BatchStore(jdbc(), clock, "b", timeout);
        new InstanceHeartbeat(jdbc(), clock, "a", timeout).start(false);
        LeadBatch batch = mine.startIntake("c1", new InputFile("test", "a.csv", 1, 1));
        mine.markOpen(batch.id(), 0, "/a/processed/a.csv");

        assertThat(mine.countNotWritten()).isEqualTo(1);
        assertThat(other.countNotWritten()).as("what --batch on b waits for").isZero();
        assertThat(mine.readyForResults()).extracting(LeadBatch::id).containsExactly(batch.id());
        assertThat(other.readyForResults()).isEmpty();
        BatchStore otherLater = new BatchStore(jdbc(), Clock.offset(clock, timeout.plusSeconds(1)), "b", timeout);
        assertThat(otherLater.readyForResults()).as("a stopped beating its heart").extracting(LeadBatch::id)
                .containsExactly(batch.id());
    }

    @Test
    void whenTwoInstancesReadOneFileAtOnceTheOneThatFinishesItWritesItsResults() {
        Duration timeout = Duration.ofSeconds(15);
        BatchStore first = new BatchStore(jdbc(), clock, "a", timeout);
        BatchStore second = new BatchStore(jdbc(), clock, "b", timeout);
        new InstanceHeartbeat(jdbc(), clock, "a", timeout).start(false);
        new InstanceHeartbeat(jdbc(), clock, "b", timeout).start(false);
        InputFile shared = new InputFile("sftp", "shared.csv", 10, 1);
        LeadBatch batch = first.startIntake("c1", shared);
        second.startIntake("c1", shared); // b lists the file while a is still reading it
        first.markOpen(batch.id(), 10, "/a/processed/shared.csv");

        assertThat(first.readyForResults()).as("a holds the file the batch's stored path names")
                .extracting(LeadBatch::storedPath).containsExactly("/a/processed/shared.csv");
        assertThat(second.readyForResults()).isEmpty();
    }

    @Test
    void aStartingInstanceLeavesAnotherLiveInstancesDialsAloneAndTakesOverADeadOnes() {
        Duration timeout = Duration.ofSeconds(15);
        new InstanceHeartbeat(jdbc(), clock, "b", timeout).start(false);
        CallLedger onB = new CallLedger(jdbc(), clock, CAMPAIGN, new AttemptCap(0), "b");
        LeadRow dialing = onB.claim(queue("b1", new IncomingLead(1, "c1", "R1", "+14155550101", null)).get(0));

        assertThat(new InstanceHeartbeat(jdbc(), clock, "a", timeout).start(false)).isZero();
        assertThat(calls.find(dialing.id()).orElseThrow().state()).isEqualTo(LeadState.DIALING);

        InstanceHeartbeat aLater = new InstanceHeartbeat(jdbc(), Clock.offset(clock, timeout.plusSeconds(1)), "a", timeout);
        aLater.beat();
        assertThat(aLater.takeOverDialsOfDeadInstances()).isEqualTo(1);
        assertThat(calls.find(dialing.id()).orElseThrow().state()).as("b stopped beating its heart")
                .isEqualTo(LeadState.UNCERTAIN);
        assertThat(onB.stillDialing(dialing)).as("b, woken, posts nothing").isFalse();
    }

    @Test
    void aWokenInstanceCannotTakeBackADialAnotherInstanceClaimedSince() {
        Duration timeout = Duration.ofSeconds(15);
        new InstanceHeartbeat(jdbc(), clock, "b", timeout).start(false);
        CallLedger onB = new CallLedger(jdbc(), clock, CAMPAIGN, new AttemptCap(0), "b");
        LeadRow onBsDial = onB.claim(queue("b1", new IncomingLead(1, "c1", "R1", "+14155550101", null)).get(0));
        InstanceHeartbeat aLater = new InstanceHeartbeat(jdbc(), Clock.offset(clock, timeout.plusSeconds(1)), "a", timeout);
        aLater.beat();
        aLater.takeOverDialsOfDeadInstances();
        CallLedger onA = new CallLedger(jdbc(), clock, CAMPAIGN, new AttemptCap(0), "a");
        onA.requeueUnplaced(onBsDial);
        LeadRow onAsDial = onA.claim(onA.due(10, Set.of()).get(0));

        onB.returnUnposted(onBsDial);
        onB.retryLater(onBsDial, clock.instant(), "429 on b's late request");

        LeadRow now = calls.find(onAsDial.id()).orElseThrow();
        assertThat(now.state()).as("a's dial stands").isEqualTo(LeadState.DIALING);
        assertThat(now.attempts()).isEqualTo(onAsDial.attempts());
        assertThat(onA.stillDialing(onAsDial)).isTrue();
    }

    @Test
    void aLateStepOfAnEarlierClaimNeverActsOnTheSameInstancesLaterClaim() {
        LeadRow earlier = calls.claim(queue("b1", new IncomingLead(1, "c1", "R1", "+14155550101", null)).get(0));
        calls.markUncertain(earlier, "no answer from the API");
        calls.requeueUnplaced(earlier);
        CallLedger later = new CallLedger(jdbc(), Clock.offset(clock, Duration.ofSeconds(1)), CAMPAIGN);
        LeadRow dial = later.claim(later.due(10, Set.of()).get(0));

        assertThat(calls.stillDialing(earlier)).as("the earlier claim's guard").isFalse();
        calls.returnUnposted(earlier);
        calls.retryLater(earlier, clock.instant(), "429 on the earlier request");
        calls.markPlaced(earlier, "call_late");
        calls.markUncertain(earlier, "no answer to the earlier request");
        calls.reject(earlier, "refused");
        assertThat(calls.failedToStart(earlier, new CallResult("call_late", CallStatus.FAILED, 0, 0, null, "failed")))
                .isFalse();

        LeadRow now = calls.find(dial.id()).orElseThrow();
        assertThat(now.state()).as("the later claim's dial stands").isEqualTo(LeadState.DIALING);
        assertThat(now.attempts()).isEqualTo(dial.attempts()).isEqualTo(1);
        assertThat(now.callId()).isNull();
        assertThat(later.stillDialing(dial)).isTrue();
    }

    @Test
    void reconciliationActsOnlyOnTheDialItLookedUp() {
        LeadRow first = calls.claim(queue("b1", new IncomingLead(1, "c1", "R1", "+14155550101", null)).get(0));
        calls.markUncertain(first, "no answer from the API");
        LeadRow seenUncertain = calls.find(first.id()).orElseThrow();
        assertThat(calls.requeueUnplaced(seenUncertain)).isTrue();
        CallLedger later = new CallLedger(jdbc(), Clock.offset(clock, Duration.ofSeconds(1)), CAMPAIGN);
        LeadRow second = later.claim(later.due(10, Set.of()).get(0));
        later.markUncertain(second, "no answer again");

        assertThat(calls.requeueUnplaced(seenUncertain)).as("a second reconciler, woken late").isFalse();
        assertThat(calls.finishInCall(seenUncertain, new CallResult(null, CallStatus.FAILED, 0, 0, null, "late")))
                .isFalse();
        LeadRow now = calls.find(first.id()).orElseThrow();
        assertThat(now.state()).as("the second dial is still awaiting its own reconciliation")
                .isEqualTo(LeadState.UNCERTAIN);
        assertThat(now.attempts()).isEqualTo(1);
        assertThat(now.dialStartedAt()).isEqualTo(second.dialStartedAt());
    }

    @Test
    void aPersonErasedWhileTheirLeadIsDialingIsNeverPostedAndHoldsTheSlotUntilReconciled() {
        LeadRow dial = calls.claim(queue("b1", new IncomingLead(1, "c1", "R1", "+14155550101", null)).get(0));
        new PersonErasure(jdbc(), clock, HASHES, new DoNotCallList(jdbc(), clock, HASHES)).forget("+14155550101");

        assertThat(calls.stillDialing(dial)).as("the guard holds back its POST").isFalse();
        calls.returnUnposted(dial);
        LeadRow held = calls.find(dial.id()).orElseThrow();
        assertThat(held.state()).as("it may have been posted already: its slot is held").isEqualTo(LeadState.UNCERTAIN);
        assertThat(held.phoneE164()).isNull();

        assertThat(calls.requeueUnplaced(held)).isTrue();
        LeadRow settled = calls.find(dial.id()).orElseThrow();
        assertThat(settled.state()).as("no call was placed: it is rejected, not queued").isEqualTo(LeadState.REJECTED);
        assertThat(calls.reasonOf(settled.recordKey())).isEqualTo(PersonErasure.ERASED);
        assertThat(calls.due(10, Set.of())).isEmpty();
    }

    @Test
    void numberKeysAreHashedAndTheOnesWrittenInClearBeforeAreHashedAtStart() {
        queue("b1", new IncomingLead(1, "c1", "R1", "+14155550101", null));
        assertThat(jdbc().query("SELECT phone_claim FROM call_lead", rs -> rs.getString(1)))
                .containsExactly(HASHES.of("+14155550101"));
        // a lead past retention from before numbers were hashed: its claim in clear, its number gone
        jdbc().update("INSERT INTO call_lead (request_id, campaign_id, source, record_key, state, next_attempt_at, "
                + "created_at, updated_at, phone_claim) VALUES ('old', 'c2', 'test', 'R0', 'DONE', CURRENT_TIMESTAMP, "
                + "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, '+14155550102')");

        assertThat(LeadKeyRekeying.run(jdbc(), HASHES, false)).isEqualTo(1);

        assertThat(jdbc().query("SELECT phone_claim FROM call_lead ORDER BY campaign_id", rs -> rs.getString(1)))
                .containsExactly(HASHES.of("+14155550101"), HASHES.of("+14155550102"));
        NumberHashes rotated = new NumberHashes("a-new-key-of-at-least-32-characters".getBytes(),
                List.of("test-key-of-at-least-32-characters".getBytes()));
        assertThat(LeadKeyRekeying.run(jdbc(), rotated, true)).as("only the key of the lead that still has its number")
                .isEqualTo(1);
        LeadIntakeWriter afterRotation = new LeadIntakeWriter(jdbc(), clock, new dev.crmoutbound.ops.FaultLog(), rotated);
        assertThat(afterRotation.write("test", batch("b2"), List.of(new IncomingLead(1, "c1", "R2", "+14155550101", null))))
                .as("the number is a duplicate under the new key").isZero();
    }

    @Test
    void anAccountOneClaimLockedIsLockedForAnotherOnlyOnceItEnds() throws Exception {
        AccountSlots slots = new AccountSlots(jdbc(), clock);
        java.util.concurrent.CountDownLatch locked = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.Future<Object> holder = two.submit(() -> jdbc().inTransaction(c -> {
                slots.lockAndCheck(c, Campaign.DEFAULT_ACCOUNT);
                locked.countDown();
                try {
                    return release.await(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }));
            assertThat(locked.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            java.util.concurrent.atomic.AtomicLong lockedAt = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.Future<Object> waiter = two.submit(() -> jdbc().inTransaction(c -> {
                slots.lockAndCheck(c, Campaign.DEFAULT_ACCOUNT);
                lockedAt.set(System.nanoTime());
                return null;
            }));

            assertThatThrownBy(() -> waiter.get(300, java.util.concurrent.TimeUnit.MILLISECONDS))
                    .as("the lock is held by the first transaction").isInstanceOf(java.util.concurrent.TimeoutException.class);
            long released = System.nanoTime();
            release.countDown();
            holder.get(10, java.util.concurrent.TimeUnit.SECONDS);
            waiter.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(lockedAt.get()).as("locked once the first transaction ended").isGreaterThan(released);
        } finally {
            release.countDown();
            two.shutdownNow();
        }
    }

    @Test
    void instancesSweepingAtOnceReduceEachFinishedLeadOnce() throws Exception {
        int leads = 600;
        List<IncomingLead> incoming = new java.util.ArrayList<>();
        for (int i = 1; i <= leads; i++) {
            incoming.add(new IncomingLead(i, "c1", "R" + i, String.format("+1415555%04d", i), null));
        }
        LeadBatch batch = batch("many");
        intake.write("test", batch, incoming);
        jdbc().update("UPDATE call_lead SET state = 'DONE', outcome = 'completed'");
        batches.markWritten(batch.id(), "many.results.csv");
        Instant later = clock.instant().plus(Duration.ofDays(100));
        java.util.concurrent.ExecutorService instances = java.util.concurrent.Executors.newFixedThreadPool(3);
        List<java.util.concurrent.Future<Integer>> runs = new java.util.ArrayList<>();
        List<LedgerDatabase> pools = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) { // each instance with its own connections
            LedgerDatabase own = LedgerDatabase.open(ledgerUrl, null, null, 2);
            pools.add(own);
            RetentionSweep sweep = new RetentionSweep(own.jdbc(), Clock.fixed(later, ZoneOffset.UTC), HASHES,
                    database.isPostgres());
            runs.add(instances.submit(() -> sweep.reduceLeads(later.minus(Duration.ofDays(90)), 25, 1000)));
        }
        int reduced = 0;
        for (java.util.concurrent.Future<Integer> run : runs) {
            reduced += run.get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
        instances.shutdown();
        pools.forEach(LedgerDatabase::close);

        assertThat(reduced).as("each lead reduced by exactly one instance").isEqualTo(leads);
        assertThat(jdbc().queryOne("SELECT COUNT(*) FROM call_lead WHERE phone_e164 IS NULL AND reduced_at IS NOT NULL "
                + "AND phone_hash IS NOT NULL AND state = 'DONE'", rs -> rs.getInt(1))).contains(leads);
        assertThat(jdbc().queryOne("SELECT COUNT(*) FROM call_lead WHERE record_claim LIKE 'R%'",
                rs -> rs.getInt(1))).as("record ids are hashed too").contains(0);
    }

    @Test
    void aDeadLetterPastItsRetentionIsDiscardedAndItsLeadThenReduced() {
        intake.writeRecordOnce("crm", new IncomingLead(null, "c1", "00Q1", "+14155550101", null));
        long leadId = jdbc().queryOne("SELECT id FROM call_lead", rs -> rs.getLong(1)).orElseThrow();
        jdbc().update("UPDATE call_lead SET state = 'DONE', outcome = 'completed' WHERE id = ?", leadId);
        CrmWritebacks writebacks = new CrmWritebacks(jdbc(), clock, 8, Duration.ofSeconds(1), Duration.ofSeconds(30),
                Duration.ZERO);
        jdbc().update("INSERT INTO crm_writeback (lead_id, state, attempts, next_attempt_at, last_error, updated_at) "
                + "VALUES (?, 'DEAD', 8, ?, 'Lead 00Q1 (Pat Doe): FIELD_CUSTOM_VALIDATION_EXCEPTION', ?)", leadId,
                clock.instant(), clock.instant());
        RetentionSweep sweep = new RetentionSweep(jdbc(), clock, HASHES, database.isPostgres());

        assertThat(sweep.discardDeadLetters(clock.instant().minus(Duration.ofDays(1)))).as("younger").isZero();
        assertThat(sweep.reduceLeads(clock.instant().plusSeconds(1), 10, 10)).as("a dead letter may be replayed").isZero();
        assertThat(sweep.discardDeadLetters(clock.instant().plusSeconds(1))).isEqualTo(1);
        assertThat(sweep.reduceLeads(clock.instant().plusSeconds(1), 10, 10)).isEqualTo(1);

        assertThat(jdbc().queryOne("SELECT state || ' ' || last_error FROM crm_writeback", rs -> rs.getString(1)))
                .contains("DISCARDED discarded: past its retention");
        assertThat(writebacks.countNotWrittenBack("crm")).as("settled").isZero();
        assertThat(jdbc().queryOne("SELECT (SELECT COUNT(*) FROM lead_key WHERE key_value LIKE '%00Q1%') "
                + "+ (SELECT COUNT(*) FROM call_lead WHERE record_claim LIKE '%00Q1%')", rs -> rs.getInt(1)))
                .as("the record's claim keys are hashed").contains(0);
    }

    @Test
    void campaignsSharingAnAccountTakeTurnsForItsSlots() {
        new CampaignControl(database.jdbc(), clock).startOnBoot("c2");
        intake.write("test", openBatch("c1", "c1-big"), List.of(new IncomingLead(1, "c1", null, "+14155550101", null),
                new IncomingLead(2, "c1", null, "+14155550102", null), new IncomingLead(3, "c1", null, "+14155550103", null)));
        intake.write("test", openBatch("c2", "c2-small"), List.of(new IncomingLead(1, "c2", null, "+14155550201", null),
                new IncomingLead(2, "c2", null, "+14155550202", null)));

        assertThat(calls.due(List.of("c1", "c2"), 4, Set.of())).extracting(LeadRow::campaignId)
                .containsExactly("c1", "c2", "c1", "c2");
        assertThat(calls.due(List.of("c2"), 10, Set.of())).extracting(LeadRow::campaignId).containsOnly("c2");
    }

    @Test
    void aFilesLeadsAreDueAsTheyAreWrittenAndGivingItUpKeepsOnlyTheOnesAlreadyCalled() {
        InputFile input = new InputFile("test", "big.csv", 1, 1);
        LeadBatch batch = batches.startIntake("c1", input);
        intake.write("test", batch, List.of(new IncomingLead(1, "c1", "R1", "+14155550101", null),
                new IncomingLead(2, "c1", "R2", "+14155550102", null)));

        List<LeadRow> due = calls.due(10, Set.of());
        calls.claim(due.get(0));
        BatchStore.Abandoned abandoned = batches.abandonIntake(input);
        LeadBatch again = batches.startIntake("c1", input);
        intake.write("test", again, List.of(new IncomingLead(1, "c1", "R1", "+14155550101", null),
                new IncomingLead(2, "c1", "R2", "+14155550102", null)));

        assertThat(due).extracting(LeadRow::phoneE164).containsExactly("+14155550101", "+14155550102");
        assertThat(abandoned).isEqualTo(new BatchStore.Abandoned(1, 1));
        assertThat(again.id()).isNotEqualTo(batch.id());
        assertThat(calls.due(10, Set.of())).extracting(LeadRow::phoneE164).containsExactly("+14155550102");
        assertThat(database.jdbc().query("SELECT reason FROM call_lead WHERE batch_id = ? ORDER BY row_no",
                rs -> rs.getString(1), again.id())).containsExactly("duplicate record id (same as big.csv row 1)", null);
    }

    @Test
    void aLeadIsClaimedForDialingOnlyOnce() {
        LeadRow lead = queue("b1", new IncomingLead(1, "c1", "R1", "+14155550101", null)).get(0);

        LeadRow claimed = calls.claim(lead);

        assertThat(claimed.state()).isEqualTo(LeadState.DIALING);
        assertThat(claimed.attempts()).isEqualTo(1);
        assertThat(calls.claim(lead)).isNull();
        assertThat(calls.due(10, Set.of())).isEmpty();
    }

    @Test
    void anEventIsRecordedOnceAndNeverMovesACallBackwards() {
        LeadRow lead = calls.claim(queue("b1", new IncomingLead(1, "c1", "R1", "+14155550101", null)).get(0));
        calls.markPlaced(lead, "call_1");

        WebhookLedger.Recorded done = webhooks.record(event("e1", "call_1", lead, "completed", 30));
        WebhookLedger.Recorded again = webhooks.record(event("e1", "call_1", lead, "completed", 99));
        WebhookLedger.Recorded late = webhooks.record(event("e2", "call_1", lead, "ringing", null));

        assertThat(done.applied()).isTrue();
        assertThat(done.callEnded()).isTrue();
        assertThat(again.duplicate()).isTrue();
        assertThat(late.applied()).isFalse();
        assertThat(calls.summary("c1")).isEqualTo(Map.of("DONE:completed", 1));
        try (ResultRows.Cursor rows = new ResultRows(database.jdbc()).open(batch("b1").id())) {
            assertThat(rows.next().durationSeconds()).isEqualTo(30);
        }
    }

    @Test
    void anEventThatBeatsThePostAnswerIsMatchedByRequestId() {
        LeadRow lead = calls.claim(queue("b1", new IncomingLead(1, "c1", "R1", "+14155550101", null)).get(0));

        assertThat(webhooks.record(event("e1", "call_7", lead, "ringing", null)).applied()).isTrue();
        calls.markPlaced(lead, "call_7");

        LeadRow now = calls.find(lead.id()).orElseThrow();
        assertThat(now.state()).isEqualTo(LeadState.ACTIVE);
        assertThat(now.callId()).isEqualTo("call_7");
        assertThat(now.statusRank()).isEqualTo(CallStatus.rank("ringing"));
    }

    @Test
    void anUnansweredCallIsRedialedAfterTheDelayUpToMaxAttemptsAndLateEventsOfTheFirstAttemptAreIgnored() {
        LeadRow lead = calls.claim(queue("b1", new IncomingLead(1, "c1", "R1", "+14155550101", null)).get(0));
        calls.markPlaced(lead, "call_1");
        webhooks.record(event("e1", "call_1", lead, "no_answer", null));

        assertThat(calls.find(lead.id()).orElseThrow().state()).isEqualTo(LeadState.RETRY_WAIT);
        assertThat(calls.due(10, Set.of())).isEmpty();
        CallLedger later = new CallLedger(database.jdbc(), Clock.offset(clock, Duration.ofMinutes(16)), CAMPAIGN);
        LeadRow second = later.claim(later.due(10, Set.of()).get(0));
        assertThat(second.attempts()).isEqualTo(2);
        later.markPlaced(second, "call_2");

        assertThat(webhooks.record(event("e2", "call_1", lead, "completed", 10)).applied()).isFalse();
        webhooks.record(event("e3", "call_2", second, "busy", null));

        assertThat(later.summary("c1")).isEqualTo(Map.of("DONE:busy", 1));
    }

    @Test
    void everyPlacedAttemptIsLoggedWithItsOutcomeAndOneThatNeverReachedKrosAiIsTakenBack() {
        AttemptLog attempts = new AttemptLog(database.jdbc());
        Instant dayAgo = clock.instant().minus(Duration.ofHours(24));
        LeadRow lead = calls.claim(queue("b1", new IncomingLead(1, "c1", "R1", "+14155550101", null)).get(0));
        calls.retryLater(lead, clock.instant(), "429 from KrosAI");
        assertThat(attempts.startsSince("+14155550101", dayAgo)).isEmpty();

        LeadRow first = calls.claim(calls.due(10, Set.of()).get(0));
        assertThat(first.attempts()).isEqualTo(1);
        calls.markPlaced(first, "call_1");
        webhooks.record(event("e1", "call_1", first, "no_answer", null));
        CallLedger later = new CallLedger(database.jdbc(), Clock.offset(clock, Duration.ofMinutes(16)), CAMPAIGN);
        LeadRow second = later.claim(later.due(10, Set.of()).get(0));
        later.markPlaced(second, "call_2");
        webhooks.record(event("e2", "call_2", second, "busy", null));

        assertThat(attempts.startsSince("+14155550101", dayAgo)).hasSize(2);
        assertThat(attempts.startsSince("+14155550199", dayAgo)).isEmpty();
        try (ResultRows.Cursor rows = new ResultRows(database.jdbc()).open(batch("b1").id())) {
            ResultRow row = rows.next();
            assertThat(row.attempts()).isEqualTo(2);
            assertThat(row.attemptOutcomes()).isEqualTo("1 no_answer; 2 busy");
            assertThat(row.campaign()).isEqualTo("c1");
        }
    }

    @Test
    void aNumberOnTheDoNotCallListIsRejectedAtIntakeAndTheFilesEntriesFollowTheFile() {
        DoNotCallList list = new DoNotCallList(database.jdbc(), clock, dev.crmoutbound.support.TestHashes.HASHES);
        assertThat(list.replace("file:dnc.txt", Set.of("+14155550102", "+14155550103"))).containsExactly(2, 0);

        queue("b1", new IncomingLead(1, "c1", "R1", "+14155550101", null),
                new IncomingLead(2, "c1", "R2", "+14155550102", null));
        try (ResultRows.Cursor rows = new ResultRows(database.jdbc()).open(batch("b1").id())) {
            assertThat(rows.next().status()).isEqualTo("queued");
            assertThat(rows.next()).satisfies(r -> {
                assertThat(r.status()).isEqualTo("rejected");
                assertThat(r.reason()).isEqualTo("on the do-not-call list");
            });
        }
        assertThat(list.replace("file:dnc.txt", Set.of("+14155550103"))).containsExactly(0, 1);
        assertThat(list.listed(List.of("+14155550101", "+14155550102", "+14155550103")))
                .containsExactly("+14155550103");
    }

    @Test
    void anUncertainDialIsNeitherDueNorLostAndComesBackOnlyWhenKnownUnplaced() {
        LeadRow lead = calls.claim(queue("b1", new IncomingLead(1, "c1", "R1", "+14155550101", null)).get(0));
        calls.markUncertain(lead, "no answer from the API");

        assertThat(calls.due(10, Set.of())).isEmpty();
        assertThat(calls.callsInProgress()).extracting(LeadRow::id).containsExactly(lead.id());
        assertThat(calls.anyNotFinal()).isTrue();

        calls.requeueUnplaced(lead);

        assertThat(calls.due(10, Set.of())).singleElement().satisfies(l -> assertThat(l.attempts()).isZero());
    }

    @Test
    void resultsAreReadyOnlyWhenEveryLeadOfTheBatchIsFinal() {
        LeadBatch b = batch("b1");
        intake.write("test", b, List.of(new IncomingLead(1, "c1", "R1", "+14155550101", null),
                new IncomingLead(2, "c1", "R2", null, "missing phone number")));
        batches.markOpen(b.id(), 2, "/stored/b1.csv");
        assertThat(batches.readyForResults()).isEmpty();

        LeadRow lead = calls.claim(calls.due(1, Set.of()).get(0));
        calls.finishInCall(lead, new CallResult("call_1", "completed", 20, 12, null, null));

        assertThat(batches.readyForResults()).extracting(LeadBatch::id).containsExactly(b.id());
        assertThat(batches.markWritten(b.id(), "/out/b1.results.csv")).isTrue();
        assertThat(batches.markWritten(b.id(), "/out/b1.results.csv")).isFalse();
        assertThat(batches.countNotWritten()).isZero();
    }

    @Test
    void aCompletedCallsWriteBackWaitsForItsTranscriptWhicheverOrderItComesIn() {
        intake.writeRecordOnce("salesforce", new IncomingLead(null, "c1", "00Q1", "+14155550101", null, "{\"first_name\":\"Ada\"}",
                null, null));
        intake.writeRecordOnce("salesforce", new IncomingLead(null, "c1", "00Q2", "+14155550102", null));
        List<LeadRow> due = calls.due(10, Set.of());
        LeadRow first = calls.claim(due.get(0));
        LeadRow second = calls.claim(due.get(1));
        webhooks.record(new CallEvent("t1", "transcript.ready", "call_1", first.requestId(), 1, null, null, null, null,
                null, "agent: Hello"));
        calls.markPlaced(first, "call_1");
        webhooks.record(event("e1", "call_1", first, "completed", 30));
        calls.markPlaced(second, "call_2");
        webhooks.record(event("e2", "call_2", second, "completed", 40));
        Duration wait = Duration.ofSeconds(60);

        List<FinalLead> now = new CrmWritebacks(database.jdbc(), clock, 3, Duration.ofSeconds(1), Duration.ofMinutes(5), wait)
                .claimDue("salesforce", 10);
        List<FinalLead> later = new CrmWritebacks(database.jdbc(), Clock.offset(clock, wait.plusSeconds(1)), 3,
                Duration.ofSeconds(1), Duration.ofMinutes(5), wait).claimDue("salesforce", 10);

        assertThat(now).extracting(FinalLead::recordKey, FinalLead::transcriptExcerpt).containsExactly(
                org.assertj.core.groups.Tuple.tuple("00Q1", "agent: Hello"));
        assertThat(later).extracting(FinalLead::recordKey).as("no transcript came: written without one")
                .containsExactly("00Q2");
        assertThat(calls.find(first.id()).orElseThrow().metadataJson()).isEqualTo("{\"first_name\":\"Ada\"}");
    }

    private static CallEvent event(String id, String callId, LeadRow lead, String status, Integer duration) {
        return new CallEvent(id, "call." + status, callId, lead.requestId(), lead.attempts(), status, duration, 0,
                null, null);
    }

    @Test
    void everyBoundTheCodeEnforcesFitsItsColumn() {
        Map<String, Integer> bounds = new java.util.LinkedHashMap<>();
        bounds.put("call_lead.record_key", InputBounds.RECORD_KEY);
        bounds.put("lead_key.key_value", InputBounds.RECORD_KEY + "salesforce:".length());
        bounds.put("call_lead.record_claim", InputBounds.RECORD_KEY);
        bounds.put("lead_batch.input_name", InputBounds.INPUT_PATH);
        bounds.put("call_lead.reason", InputBounds.REASON);
        bounds.put("campaign.reason", InputBounds.REASON);
        bounds.put("crm_writeback.last_error", InputBounds.REASON);
        bounds.put("call_lead.time_zones", InputBounds.TIME_ZONES);
        bounds.put("call_lead.phone_e164", 16);
        bounds.put("webhook_event.event_id", InputBounds.EVENT_ID);
        bounds.put("webhook_event.event_type", InputBounds.EVENT_TYPE);
        bounds.put("webhook_event.call_id", InputBounds.CALL_ID);
        bounds.put("call_lead.call_id", InputBounds.CALL_ID);
        bounds.put("call_attempt.call_id", InputBounds.CALL_ID);
        bounds.put("call_lead.hangup_cause", InputBounds.HANGUP_CAUSE);

        bounds.forEach((column, bound) -> {
            String[] at = column.split("\\.");
            Integer width = database.jdbc().queryOne("SELECT character_maximum_length FROM information_schema.columns "
                    + "WHERE table_schema = CURRENT_SCHEMA AND table_name = ? AND column_name = ?",
                    rs -> rs.getInt(1), at[0], at[1]).orElseThrow();
            assertThat(width).as(column).isGreaterThanOrEqualTo(bound);
        });
    }

    @Test
    void aRowTheDatabaseRefusesIsRejectedAloneAndTheRestOfItsChunkIsQueued() {
        database.jdbc().update("ALTER TABLE call_lead ADD CONSTRAINT refuse_poison CHECK (record_key <> 'POISON')");

        List<LeadRow> due = queue("b1", new IncomingLead(1, "c1", "R1", "+14155550101", null),
                new IncomingLead(2, "c1", "POISON", "+14155550102", null),
                new IncomingLead(3, "c1", "R3", "+14155550103", null));

        assertThat(due).extracting(LeadRow::phoneE164).containsExactly("+14155550101", "+14155550103");
        assertThat(calls.summary("c1")).isEqualTo(Map.of("QUEUED", 2, "REJECTED", 1));
        assertThat(database.jdbc().queryOne("SELECT record_key || ' ' || reason FROM call_lead WHERE row_no = 2", rs -> rs.getString(1))
                .orElseThrow()).startsWith("b1.csv#2 the ledger refused this row: ").containsIgnoringCase("refuse_poison");
    }

    @Test
    void valuesLongerThanTheLedgerKeepsAreCutOrRejectBeforeTheInsert() {
        String longKey = "K".repeat(5000);
        queue("b1", new IncomingLead(1, "c1", longKey, "+14155550101", null),
                new IncomingLead(2, "c1", "R2", null, "x".repeat(100_000)),
                new IncomingLead(3, "c1", "R3", "+14155550103", null, null, "Europe/London,".repeat(1000), null));

        List<String> reasons = database.jdbc().query("SELECT reason FROM call_lead ORDER BY row_no", rs -> rs.getString(1));
        assertThat(reasons.get(0)).isEqualTo("the record id is longer than " + InputBounds.RECORD_KEY + " characters");
        assertThat(reasons.get(1)).hasSize(InputBounds.REASON).endsWith("…");
        assertThat(reasons.get(2)).startsWith("the number has too many time zones");
        assertThat(calls.summary("c1")).isEqualTo(Map.of("REJECTED", 3));
    }
}
