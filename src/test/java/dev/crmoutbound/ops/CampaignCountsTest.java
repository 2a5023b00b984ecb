package dev.crmoutbound.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmoutbound.config.Campaigns;
import dev.crmoutbound.ledger.BatchStore;
import dev.crmoutbound.ledger.CallLedger;
import dev.crmoutbound.ledger.CampaignControl;
import dev.crmoutbound.ledger.IncomingLead;
import dev.crmoutbound.ledger.InputFile;
import dev.crmoutbound.ledger.LeadBatch;
import dev.crmoutbound.ledger.LeadIntakeWriter;
import dev.crmoutbound.ledger.LedgerDatabase;
import dev.crmoutbound.support.TestCampaigns;
import dev.crmoutbound.support.TestHashes;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The counts the progress line, the bars, the gauges and the status page share, on an H2 ledger, with a
 * campaign of a lead or two taken for a big one. Their clock moves by a set step at each look, so each
 * count seems to take that step.
 */
class CampaignCountsTest {

    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;
    private LedgerDatabase database;
    private LeadIntakeWriter intake;
    private BatchStore batches;
    private CallLedger ledger;
    private final AtomicLong now = new AtomicLong();
    private long step;
    private int rows;

    @BeforeEach
    void open() {
        database = LedgerDatabase.open(LedgerDatabase.defaultH2Url(dir), null, null, 2);
        Clock clock = Clock.systemUTC();
        new CampaignControl(database.jdbc(), clock).startOnBoot("c1");
        ledger = new CallLedger(database.jdbc(), clock, new Campaigns(List.of(TestCampaigns.campaign("c1")), "c1"));
        batches = new BatchStore(database.jdbc(), clock);
        intake = new LeadIntakeWriter(database.jdbc(), clock, new FaultLog(), TestHashes.HASHES);
    }

    @AfterEach
    void close() {
        database.close();
    }

    /** Counts that take a campaign of {@code big} leads or more for a big one. */
    private CampaignCounts counts(int big) {
        return new CampaignCounts(ledger, () -> now.getAndAdd(step), big);
    }

    private void addLead() {
        rows++;
        LeadBatch batch = batches.startIntake("c1", new InputFile("test", "f" + rows + ".csv", 1, 1));
        batches.markOpen(batch.id(), 1, "f" + rows + ".csv");
        intake.write("test", batch, List.of(new IncomingLead(1, "c1", "R" + rows, "+1415555" + (1000 + rows), null)));
    }

    @Test
    void aBigCampaignsCountIsReusedUntilTenTimesItsCostHasPassed() {
        step = SECOND;
        CampaignCounts counts = counts(2);
        addLead();
        addLead();
        assertThat(counts.of("c1")).isEqualTo(Map.of("QUEUED", 2)); // took 1 s, ended at 1 s

        addLead();
        assertThat(counts.of("c1")).as("asked at 2 s").isEqualTo(Map.of("QUEUED", 2));
        now.set(10 * SECOND);
        assertThat(counts.of("c1")).as("asked at 10 s").isEqualTo(Map.of("QUEUED", 2));
        now.set(11 * SECOND);
        assertThat(counts.of("c1")).as("asked at 11 s").isEqualTo(Map.of("QUEUED", 3));
    }

    @Test
    void aSmallCampaignIsCountedEachTimeHoweverLongItTook() {
        step = SECOND;
        CampaignCounts counts = counts(2);
        addLead();
        assertThat(counts.of("c1")).isEqualTo(Map.of("QUEUED", 1));

        addLead();
        assertThat(counts.of("c1")).isEqualTo(Map.of("QUEUED", 2));
        addLead();
        assertThat(counts.of("c1")).as("two leads make it big").isEqualTo(Map.of("QUEUED", 2));
    }

    @Test
    void noCountIsReusedForMoreThanAMinute() {
        step = 10 * SECOND;
        CampaignCounts counts = counts(1);
        addLead();
        assertThat(counts.of("c1")).isEqualTo(Map.of("QUEUED", 1)); // took 10 s, ended at 10 s

        addLead();
        now.set(69 * SECOND);
        assertThat(counts.of("c1")).as("asked at 69 s").isEqualTo(Map.of("QUEUED", 1));
        now.set(70 * SECOND);
        assertThat(counts.of("c1")).as("asked at 70 s").isEqualTo(Map.of("QUEUED", 2));
    }

    @Test
    void aRunsLastWordIsCountedWhateverTheSize() {
        step = SECOND;
        CampaignCounts counts = counts(1);
        addLead();
        assertThat(counts.of("c1")).isEqualTo(Map.of("QUEUED", 1));

        addLead();
        assertThat(counts.now("c1")).isEqualTo(Map.of("QUEUED", 2));
        assertThat(counts.of("c1")).as("the count now is the one reused").isEqualTo(Map.of("QUEUED", 2));
    }

    @Test
    void eachCampaignHasItsOwnCount() {
        step = SECOND;
        CampaignCounts counts = counts(1);
        addLead();
        assertThat(counts.of("c1")).isEqualTo(Map.of("QUEUED", 1));
        assertThat(counts.of("c2")).isEmpty();
    }
}
