package dev.crmoutbound.dialer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crmoutbound.config.Campaign;
import dev.crmoutbound.config.Campaigns;
import dev.crmoutbound.ledger.AccountSlots;
import dev.crmoutbound.ledger.AttemptCap;
import dev.crmoutbound.ledger.BatchStore;
import dev.crmoutbound.ledger.CallLedger;
import dev.crmoutbound.ledger.CampaignControl;
import dev.crmoutbound.ledger.IncomingLead;
import dev.crmoutbound.ledger.InputFile;
import dev.crmoutbound.ledger.InstanceHeartbeat;
import dev.crmoutbound.ledger.Jdbc;
import dev.crmoutbound.ledger.LeadBatch;
import dev.crmoutbound.ledger.LeadIntakeWriter;
import dev.crmoutbound.ledger.LeadRow;
import dev.crmoutbound.ledger.LedgerDatabase;
import dev.crmoutbound.ops.FaultLog;
import dev.crmoutbound.support.TestCampaigns;
import dev.crmoutbound.support.TestDatabase;
import dev.crmoutbound.support.TestHashes;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The guard and the fence together, on PostgreSQL and a real HTTP client against the sandbox. The
 * dialer's thread stalls inside the guard's own look at the ledger (here: its UPDATE waits for a row
 * lock while the fence's clock moves 20 s, as a frozen JVM's would): the lead is still this instance's
 * when the look returns, but so much time has passed that others may have given it up, so nothing is sent.
 */
class PostGuardTest {

    private static final Duration INSTANCE_TIMEOUT = Duration.ofSeconds(3);

    private final AtomicLong fenceClock = new AtomicLong(1_000_000_000L);
    private final DialFence fence = new DialFence(INSTANCE_TIMEOUT.dividedBy(2), fenceClock::get);
    private String url;
    private LedgerDatabase database;
    private CallLedger ledger;
    private PostGuard guard;
    private FencedSandbox fenced;

    @BeforeEach
    void start() {
        url = TestDatabase.freshPostgresSchema();
        database = LedgerDatabase.open(url, null, null, 4);
        Jdbc jdbc = database.jdbc();
        Clock clock = Clock.systemUTC();
        Campaigns campaigns = new Campaigns(List.of(TestCampaigns.campaign("c1")), "c1");
        new CampaignControl(jdbc, clock).startOnBoot("c1");
        new AccountSlots(jdbc, clock).register(Campaign.DEFAULT_ACCOUNT, 10);
        InstanceHeartbeat heartbeat = new InstanceHeartbeat(jdbc, clock, "a", INSTANCE_TIMEOUT);
        heartbeat.start(false);
        ledger = new CallLedger(jdbc, clock, campaigns, new AttemptCap(0), "a");
        guard = new PostGuard(() -> false, heartbeat, ledger, fence);
        fenced = new FencedSandbox(fence);
    }

    @AfterEach
    void stop() throws Exception {
        fence.close();
        fenced.close();
        database.close();
    }

    private LeadRow claimedLead() {
        BatchStore batches = new BatchStore(database.jdbc(), Clock.systemUTC());
        LeadBatch batch = batches.startIntake("c1", new InputFile("test", "guard.csv", 1, 1));
        batches.markOpen(batch.id(), 1, "guard.csv");
        new LeadIntakeWriter(database.jdbc(), Clock.systemUTC(), new FaultLog(), TestHashes.HASHES)
                .write("test", batch, List.of(new IncomingLead(1, "c1", "R1", "+14155550101", null)));
        return ledger.claim(ledger.due(10, Set.of()).get(0));
    }

    /** The dialer's steps for one lead: the guard, then the POST through the fence. */
    private String dial(LeadRow lead) {
        if (guard.heldBack(lead)) {
            return "held back";
        }
        try {
            return "answered " + fenced.post();
        } catch (DialFence.Refused e) {
            return "refused unsent";
        } catch (Exception e) {
            return "failed: " + e;
        } finally {
            fence.close();
        }
    }

    @Test
    void aDialTheGuardLetsThroughAtOnceIsPosted() {
        assertThat(dial(claimedLead())).startsWith("answered");
        assertThat(fenced.sandbox.callRequests()).isEqualTo(1);
    }

    @Test
    void aThreadThatStallsInsideTheGuardsLookAtTheLedgerSendsNothing() throws Exception {
        LeadRow lead = claimedLead();
        try (Connection locker = database.dataSource().getConnection()) {
            locker.setAutoCommit(false);
            Jdbc.query(locker, "SELECT id FROM call_lead WHERE id = ? FOR UPDATE", rs -> rs.getLong(1), lead.id());
            CompletableFuture<String> dialed = CompletableFuture.supplyAsync(() -> dial(lead));
            await().atMost(Duration.ofSeconds(10)).until(() -> database.jdbc().queryOne("SELECT COUNT(*) FROM "
                    + "pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
                    rs -> rs.getInt(1)).orElse(0) > 0);
            fenceClock.addAndGet(Duration.ofSeconds(20).toNanos()); // the thread is frozen with its look unanswered
            locker.commit();

            assertThat(dialed.get(10, TimeUnit.SECONDS)).isEqualTo("refused unsent");
        }
        assertThat(fenced.sandbox.callRequests()).isZero();
    }
}
