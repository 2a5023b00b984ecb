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
 * The counts the progress line, the bars, the gauges and the status page share, on an H2 ledger. Their
 * clock moves by a set step at each look, so each count seems to take that step.
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

    private CampaignCounts counts() {
        return new CampaignCounts(ledger, () -> now.getAndAdd(step));
    }

    private void addLead() {
        rows++;
        LeadBatch batch = batches.startIntake("c1", new InputFile("test", "f" + rows + ".csv", 1, 1));
        batches.markOpen(batch.id(), 1, "f" + rows + ".csv");
        intake.write("test", batch, List.of(new IncomingLead(1, "c1", "R" + rows, "+1415555" + (1000 + rows), null)));
    }

    @Test
    void aCountThatTookLongIsReusedUntilTenTimesItsCostHasPassed() {
        step = SECOND;
        CampaignCounts counts = counts();
        addLead();
        assertThat(counts.of("c1")).isEqualTo(Map.of("QUEUED", 1)); // took 1 s, ended at 1 s

        addLead();
        assertThat(counts.of("c1")).as("asked at 2 s").isEqualTo(Map.of("QUEUED", 1));
        now.set(10 * SECOND);
        assertThat(counts.of("c1")).as("asked at 10 s").isEqualTo(Map.of("QUEUED", 1));
        now.set(11 * SECOND);
        assertThat(counts.of("c1")).as("asked at 11 s").isEqualTo(Map.of("QUEUED", 2));
    }

    @Test
    void aQuickCountIsNeverReused() {
        step = CampaignCounts.CHEAP_NANOS - 1;
        CampaignCounts counts = counts();
        addLead();
        assertThat(counts.of("c1")).isEqualTo(Map.of("QUEUED", 1));

        addLead();
        assertThat(counts.of("c1")).isEqualTo(Map.of("QUEUED", 2));
    }

    @Test
    void eachCampaignHasItsOwnCount() {
        step = SECOND;
        CampaignCounts counts = counts();
        addLead();
        assertThat(counts.of("c1")).isEqualTo(Map.of("QUEUED", 1));
        assertThat(counts.of("c2")).isEmpty();
    }
}
