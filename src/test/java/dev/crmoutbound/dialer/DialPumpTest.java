package dev.crmoutbound.dialer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crmoutbound.config.Campaign;
import dev.crmoutbound.config.Campaigns;
import dev.crmoutbound.ledger.AccountSlots;
import dev.crmoutbound.ledger.AttemptCap;
import dev.crmoutbound.ledger.AttemptLog;
import dev.crmoutbound.ledger.BatchStore;
import dev.crmoutbound.ledger.CallLedger;
import dev.crmoutbound.ledger.CampaignControl;
import dev.crmoutbound.ledger.DoNotCallList;
import dev.crmoutbound.ledger.IncomingLead;
import dev.crmoutbound.ledger.InputFile;
import dev.crmoutbound.ledger.Jdbc;
import dev.crmoutbound.ledger.LeadBatch;
import dev.crmoutbound.ledger.LeadIntakeWriter;
import dev.crmoutbound.ledger.LeadRow;
import dev.crmoutbound.ledger.LedgerDatabase;
import dev.crmoutbound.ops.FaultLog;
import dev.crmoutbound.support.TestCampaigns;
import dev.crmoutbound.support.TestHashes;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pump against a real ledger (H2): when each claimed lead reaches the dialer, and one the dialer refuses. */
class DialPumpTest {

    @TempDir
    Path dir;

    private final Clock clock = Clock.systemUTC();
    private final FaultLog faults = new FaultLog();
    private LedgerDatabase database;
    private Jdbc jdbc;
    private CallLedger ledger;
    private AccountSlots slots;

    @BeforeEach
    void start() {
        database = LedgerDatabase.open(LedgerDatabase.defaultH2Url(dir), null, null, 4);
        jdbc = database.jdbc();
        new CampaignControl(jdbc, clock).startOnBoot("c1");
        slots = new AccountSlots(jdbc, clock);
        slots.register(Campaign.DEFAULT_ACCOUNT, 10);
        ledger = new CallLedger(jdbc, clock, campaigns(), new AttemptCap(0), "a");
        BatchStore batches = new BatchStore(jdbc, clock);
        LeadBatch batch = batches.startIntake("c1", new InputFile("test", "pump.csv", 1, 1));
        batches.markOpen(batch.id(), 3, "pump.csv");
        new LeadIntakeWriter(jdbc, clock, new FaultLog(), TestHashes.HASHES).write("test", batch,
                IntStream.rangeClosed(1, 3).mapToObj(i -> new IncomingLead(i, "c1", "R" + i, "+1415555010" + i, null)).toList());
    }

    @AfterEach
    void stop() {
        database.close();
    }

    @Test
    void eachLeadReachesTheDialerAsSoonAsItsClaimCommitsNotAtTheEndOfTheRound() {
        List<Integer> dialingWhenHanded = new ArrayList<>();
        DialPump pump = pump(lead -> dialingWhenHanded.add(dialing()));

        assertThat(pump.feedDue()).isEqualTo(3);

        assertThat(dialingWhenHanded).containsExactly(1, 2, 3);
        assertThat(pump.inPipeline()).isEqualTo(3);
    }

    @Test
    void aLeadTheDialerRefusesGoesBackToTheQueueWithItsSlot() {
        DialPump refusing = pump(lead -> {
            throw new IllegalStateException("queue full");
        });

        assertThatThrownBy(refusing::feedDue).hasMessage("queue full");

        assertThat(dialing()).isZero();
        assertThat(refusing.inPipeline()).isZero();
        assertThat(slots.usage(Campaign.DEFAULT_ACCOUNT).inCall()).isZero();
        assertThat(jdbc.query("SELECT attempts FROM call_lead ORDER BY id", rs -> rs.getInt(1))).containsOnly(0);

        List<LeadRow> handed = new ArrayList<>();
        assertThat(pump(handed::add).feedDue()).isEqualTo(3);
        assertThat(handed).extracting(LeadRow::recordKey).containsExactlyInAnyOrder("R1", "R2", "R3");
    }

    @Test
    void aFreedSlotIsClaimedOnTheThreadThatFreedItWithoutWakingTheRefillRoute() {
        List<Thread> handedOn = new ArrayList<>();
        AtomicInteger wakeUps = new AtomicInteger();
        DialPump pump = pump(lead -> handedOn.add(Thread.currentThread()), wakeUps::incrementAndGet);

        pump.refillSoon();

        assertThat(handedOn).hasSize(3).containsOnly(Thread.currentThread());
        assertThat(wakeUps).hasValue(0);
    }

    @Test
    void aSlotFreedDuringARoundIsClaimedByThatRoundAndItsThreadDoesNotWait() throws Exception {
        List<Thread> handedOn = new ArrayList<>();
        AtomicReference<DialPump> pump = new AtomicReference<>();
        pump.set(pump(lead -> {
            if (handedOn.isEmpty()) { // a call ends elsewhere while this round claims
                Thread freeing = new Thread(() -> pump.get().refillSoon());
                freeing.start();
                join(freeing);
                assertThat(freeing.isAlive()).as("the freeing thread waited for the round").isFalse();
            }
            handedOn.add(Thread.currentThread());
        }, () -> { }));

        pump.get().feedDue();

        assertThat(pump.get().rounds()).as("the round, then the one asked for during it").isEqualTo(2);
        assertThat(handedOn).hasSize(3).containsOnly(Thread.currentThread());
    }

    @Test
    void aClaimThatFailsOnTheFreeingThreadIsLeftToTheRefillRoute() {
        AtomicInteger wakeUps = new AtomicInteger();
        AtomicInteger offered = new AtomicInteger();
        DialPump pump = pump(lead -> {
            if (offered.incrementAndGet() == 1) {
                throw new IllegalStateException("queue full");
            }
        }, wakeUps::incrementAndGet);

        pump.refillSoon();

        assertThat(wakeUps).hasValue(1);
        assertThat(faults.reported()).as("the fault is reported, not only retried").isEqualTo(1);
        assertThat(dialing()).isZero();
        assertThat(pump.feedDue()).as("the refill route's round: nothing left locked or claimed").isEqualTo(3);
    }

    @Test
    void aFreeingThreadClaimsAFewRoundsAtMostThenTheRefillRouteCarriesOn() {
        BatchStore batches = new BatchStore(jdbc, clock);
        LeadBatch more = batches.startIntake("c1", new InputFile("test", "more.csv", 1, 1));
        batches.markOpen(more.id(), 12, "more.csv");
        new LeadIntakeWriter(jdbc, clock, new FaultLog(), TestHashes.HASHES).write("test", more, IntStream.rangeClosed(1, 12)
                .mapToObj(i -> new IncomingLead(i, "c1", "M" + i, String.format("+141555502%02d", i), null)).toList());
        List<Thread> handedOn = new ArrayList<>();
        AtomicInteger wakeUps = new AtomicInteger();
        AtomicReference<DialPump> pump = new AtomicReference<>();
        // a local limit of 2, and each call ends (on another thread) as soon as it is handed in: every
        // round leaves a refill pending for the next
        pump.set(new DialPump(ledger, slots, new CampaignControl(jdbc, clock), gate(),
                List.of(new DialPump.Account(Campaign.DEFAULT_ACCOUNT, 2, List.of("c1"))), wakeUps::incrementAndGet, lead -> {
                    handedOn.add(Thread.currentThread());
                    Thread ending = new Thread(() -> pump.get().done(lead));
                    ending.start();
                    join(ending);
                }, faults));

        pump.get().refillSoon();

        assertThat(handedOn).hasSize(DialPump.ROUNDS_PER_THREAD * 2).containsOnly(Thread.currentThread());
        assertThat(wakeUps).as("the rest is the dialer-refill route's").hasValue(1);
        assertThat(pump.get().feedDue()).as("the route's round").isEqualTo(2);
    }

    private static void join(Thread thread) {
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private DialPump pump(Consumer<LeadRow> dialer) {
        return pump(dialer, () -> { });
    }

    private DialPump pump(Consumer<LeadRow> dialer, Runnable wakeUp) {
        return new DialPump(ledger, slots, new CampaignControl(jdbc, clock), gate(),
                List.of(new DialPump.Account(Campaign.DEFAULT_ACCOUNT, 10, List.of("c1"))), wakeUp, dialer, faults);
    }

    private DialGate gate() {
        return new DialGate(campaigns(), new DoNotCallList(jdbc, clock, TestHashes.HASHES), new AttemptLog(jdbc),
                new AttemptCap(0), clock);
    }

    private static Campaigns campaigns() {
        return new Campaigns(List.of(TestCampaigns.campaign("c1")), "c1");
    }

    private int dialing() {
        return jdbc.query("SELECT COUNT(*) FROM call_lead WHERE state = 'DIALING'", rs -> rs.getInt(1)).get(0);
    }
}
