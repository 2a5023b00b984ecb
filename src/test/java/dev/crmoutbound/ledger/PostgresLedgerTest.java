package dev.crmoutbound.ledger;

import dev.crmoutbound.support.TestHashes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.crmoutbound.config.Campaigns;
import dev.crmoutbound.support.TestCampaigns;
import dev.crmoutbound.support.TestDatabase;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The same contract on PostgreSQL 127.0.0.1:5432, database test, each test in a fresh schema. */
class PostgresLedgerTest extends LedgerContract {

    private String url;

    @Override
    String jdbcUrl() {
        url = TestDatabase.freshPostgresSchema();
        return url;
    }

    /**
     * A chunk written in bulk while another transaction claims one of its numbers and has not yet
     * committed: the chunk waits for it, the unique key then refuses the bulk insert, and the chunk is
     * written again giving way to the key claimed meanwhile: that row is a duplicate, the other queued.
     */
    @Test
    void aChunkRacingAnotherClaimOnOneOfItsNumbersLeavesThatRowADuplicate() throws Exception {
        dev.crmoutbound.ops.FaultLog faults = new dev.crmoutbound.ops.FaultLog();
        LeadIntakeWriter writer = new LeadIntakeWriter(jdbc(), Clock.systemUTC(), faults, TestHashes.HASHES);
        LeadBatch batch = new BatchStore(jdbc(), Clock.systemUTC()).startIntake("c1", new InputFile("test", "race.csv", 1, 1));
        try (LedgerDatabase other = LedgerDatabase.open(url, null, null, 2);
             Connection claiming = other.dataSource().getConnection()) {
            claiming.setAutoCommit(false);
            Jdbc.update(claiming, "INSERT INTO call_lead (request_id, campaign_id, source, record_key, state, "
                    + "next_attempt_at, created_at, updated_at, phone_claim) VALUES ('another-instance', 'c1', 'crm', "
                    + "'00Q9', 'QUEUED', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, ?)",
                    TestHashes.HASHES.of("+14155550150"));
            // enough rows to go in by COPY
            List<IncomingLead> leads = java.util.stream.IntStream.rangeClosed(1, 100).mapToObj(row -> new IncomingLead(
                    row, "c1", "R" + row, String.format("+141555501%02d", row % 100), null)).toList();
            CompletableFuture<Integer> queued = CompletableFuture.supplyAsync(() -> writer.write("test", batch, leads));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> jdbc().queryOne("SELECT COUNT(*) FROM "
                    + "pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
                    rs -> rs.getInt(1)).orElse(0) > 0);
            claiming.commit();

            assertThat(queued.get(10, TimeUnit.SECONDS)).isEqualTo(99);
        }
        assertThat(jdbc().query("SELECT row_no, state, reason FROM call_lead WHERE batch_id = ? AND state <> 'QUEUED'",
                rs -> rs.getInt(1) + " " + rs.getString(2) + " " + rs.getString(3), batch.id()))
                .containsExactly("50 REJECTED duplicate phone number (same as record 00Q9)");
        assertThat(faults.reported()).as("chunks that fell back to one row at a time").isZero();
    }

    /** Two instances on one ledger, each claiming a lead of the same number at the same moment. */
    @Test
    void twoInstancesNeverDialOneNumberAtOnce() throws Exception {
        Campaigns both = new Campaigns(List.of(TestCampaigns.campaign("c1"), TestCampaigns.campaign("c2")), "c1");
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (LedgerDatabase other = LedgerDatabase.open(url, null, null, 4)) {
            CallLedger first = new CallLedger(jdbc(), Clock.systemUTC(), both, new AttemptCap(3));
            CallLedger second = new CallLedger(other.jdbc(), Clock.systemUTC(), both, new AttemptCap(3));
            for (int round = 0; round < 20; round++) {
                List<LeadRow> leads = sameNumberInTwoCampaigns("+1415555" + (1000 + round));
                CyclicBarrier together = new CyclicBarrier(2);
                CompletableFuture<LeadRow> a = CompletableFuture.supplyAsync(() -> claimAfter(together, first, leads.get(0)),
                        threads);
                CompletableFuture<LeadRow> b = CompletableFuture.supplyAsync(() -> claimAfter(together, second, leads.get(1)),
                        threads);

                assertThat(Stream.of(a.get(), b.get()).filter(Objects::nonNull))
                        .as("round %d", round).hasSize(1);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** Three instances on one ledger claiming together: the account's limit holds between them. */
    @Test
    void instancesClaimingTogetherNeverHoldMoreSlotsThanTheAccountAllows() throws Exception {
        new AccountSlots(jdbc(), Clock.systemUTC()).register(dev.crmoutbound.config.Campaign.DEFAULT_ACCOUNT, 3);
        Campaigns one = Campaigns.single(TestCampaigns.campaign("c1"));
        List<LedgerDatabase> pools = List.of(LedgerDatabase.open(url, null, null, 4), LedgerDatabase.open(url, null, null, 4),
                LedgerDatabase.open(url, null, null, 4));
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            List<LeadRow> leads = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                leads.add(sameNumberInTwoCampaigns("+1628555" + (2000 + i)).get(0));
            }
            CyclicBarrier together = new CyclicBarrier(6);
            List<CompletableFuture<Long>> claims = new java.util.ArrayList<>();
            for (int t = 0; t < 6; t++) {
                CallLedger ledger = new CallLedger(pools.get(t % 3).jdbc(), Clock.systemUTC(), one, new AttemptCap(3), "i" + t % 3);
                claims.add(CompletableFuture.supplyAsync(() -> leads.stream()
                        .filter(l -> claimAfter(together, ledger, l) != null).count(), threads));
            }
            long claimed = 0;
            for (CompletableFuture<Long> c : claims) {
                claimed += c.get();
            }
            assertThat(claimed).isEqualTo(3);
            assertThat(new AccountSlots(jdbc(), Clock.systemUTC()).usage(dev.crmoutbound.config.Campaign.DEFAULT_ACCOUNT).inCall())
                    .isEqualTo(3);
        } finally {
            threads.shutdownNow();
            pools.forEach(LedgerDatabase::close);
        }
    }

    private static LeadRow claimAfter(CyclicBarrier together, CallLedger ledger, LeadRow lead) {
        try {
            together.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return ledger.claim(lead);
    }

    /** Every claim counts its account's calls in progress: a count that read every call ever made would slow as the ledger grows. */
    @Test
    void countingAnAccountsSlotsReadsItsCallsInProgressNotEveryCallItEverMade() {
        String plan = slotCountPlanAmong5000CallsMade("EXPLAIN (ANALYZE, COSTS OFF)");

        assertThat(plan).as("of 5,000 calls made, the plan reads only those in progress").doesNotContain("Seq Scan")
                .doesNotContain("Rows Removed by Filter").contains("call_lead_account_slots");
    }

    @Test
    void theIndexesThatFindCallsAndCountSlotsLeaveOutLeadsNotYetDialed() {
        List<String> definitions = jdbc().query("SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                + "AND indexname IN ('call_lead_call', 'call_lead_account_slots') ORDER BY indexname", rs -> rs.getString(1));

        assertThat(definitions).hasSize(2).allSatisfy(d -> assertThat(d).contains(" WHERE ").contains("IS NOT NULL"));
    }
}
