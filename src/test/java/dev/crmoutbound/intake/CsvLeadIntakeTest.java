package dev.crmoutbound.intake;

import dev.crmoutbound.intake.CsvLeadReader;
import dev.crmoutbound.intake.LeadColumns;
import dev.crmoutbound.policy.LeadScreening;
import dev.crmoutbound.support.TestCampaigns;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crmoutbound.ledger.BatchStore;
import dev.crmoutbound.ledger.IncomingLead;
import dev.crmoutbound.ledger.InputFile;
import dev.crmoutbound.ledger.LeadBatch;
import dev.crmoutbound.ledger.LeadIntakeWriter;
import dev.crmoutbound.ledger.LedgerDatabase;
import dev.crmoutbound.ops.FaultLog;
import dev.crmoutbound.support.LeadFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvLeadIntakeTest {

    @TempDir
    Path dir;

    private LedgerDatabase database;
    private BatchStore batches;
    private CsvLeadIntake intake;

    @BeforeEach
    void openLedger() {
        database = LedgerDatabase.open(LedgerDatabase.defaultH2Url(dir), null, null, 2);
        batches = new BatchStore(database.jdbc(), Clock.systemUTC());
        intake = new CsvLeadIntake(new CsvLeadReader(TestCampaigns.single("c1"), new LeadScreening(Clock.systemUTC()),
                new LeadColumns.Names(Optional.empty(), Optional.empty(), Optional.empty()), new FaultLog()), batches,
                new LeadIntakeWriter(database.jdbc(), Clock.systemUTC(), new FaultLog(), dev.crmoutbound.support.TestHashes.HASHES), dir.resolve("processed"), 3, 10);
    }

    @AfterEach
    void closeLedger() {
        database.close();
    }

    @Test
    void aFileThatIsNotTheSizeItWasListedWithIsNotTakenIn() throws Exception {
        Path csv = Files.write(dir.resolve("leads.csv"), LeadFiles.numberedLeads(3, 10));

        assertThatThrownBy(() -> intake.ingest(csv.toFile(), "sftp", "leads.csv", 40, 1_000, null))
                .isInstanceOf(LeadFileChangedException.class)
                .hasMessageContaining("listed with 40 bytes, read " + Files.size(csv));
        assertThat(batches.countNotWritten()).isZero();
    }

    @Test
    void theSameDropReadTwiceIsOneBatch() throws Exception {
        Path csv = Files.write(dir.resolve("leads.csv"), LeadFiles.numberedLeads(3, 10));

        IngestReport first = intake.ingest(csv.toFile(), "sftp", "leads.csv", Files.size(csv), 1_000, null);
        IngestReport again = intake.ingest(csv.toFile(), "sftp", "leads.csv", Files.size(csv), 1_000, null);

        assertThat(again.batchId()).isEqualTo(first.batchId());
        assertThat(first.queued()).isEqualTo(3);
        assertThat(again.queued()).isZero();
        assertThat(batches.countNotWritten()).isEqualTo(1);
    }

    /** Rows are screened on several threads and written 10,000 at a time: the earlier row still wins. */
    @Test
    void aDuplicateIsAlwaysTheLaterRowWhereverTheChunksFall() throws Exception {
        StringBuilder csv = new StringBuilder("id,name,phone\n");
        for (int row = 1; row <= 25_000; row++) {
            String id = row == 10_001 ? "R10000" : "R" + row;
            String phone = row == 20 ? LeadFiles.phone(10) : row == 12_000 ? LeadFiles.phone(5) : LeadFiles.phone(row);
            csv.append(id).append(",Lead ").append(row).append(',').append(phone).append('\n');
        }
        Path file = Files.writeString(dir.resolve("leads.csv"), csv);

        IngestReport report = intake.ingest(file.toFile(), "file-drop", "leads.csv", Files.size(file), 1_000, null);

        assertThat(report.queued()).isEqualTo(25_000 - 3);
        assertThat(database.jdbc().query("SELECT row_no, reason FROM call_lead WHERE state = 'REJECTED' ORDER BY row_no",
                rs -> rs.getInt(1) + ": " + rs.getString(2))).containsExactly(
                "20: duplicate phone number (same as leads.csv row 10)",
                "10001: duplicate record id (same as leads.csv row 10000)",
                "12000: duplicate phone number (same as leads.csv row 5)");
        assertThat(database.jdbc().query("SELECT COUNT(DISTINCT row_no) FROM call_lead", rs -> rs.getInt(1)))
                .containsExactly(25_000);
    }

    @Test
    void aFileWhoseIntakeKeepsBeingCutShortIsGivenUpAfterItsStarts() throws Exception {
        Path csv = Files.write(dir.resolve("leads.csv"), LeadFiles.numberedLeads(3, 10));
        InputFile input = new InputFile("file-drop", "leads.csv", Files.size(csv), 1_000);
        for (int i = 0; i < 10; i++) {
            batches.startIntake("c1", input); // each a start that a crash cut short
        }

        assertThatThrownBy(() -> intake.ingest(csv.toFile(), "file-drop", "leads.csv", Files.size(csv), 1_000, null))
                .isInstanceOf(UnreadableLeadFileException.class)
                .hasMessageContaining("started 11 times without finishing");
    }

    @Test
    void aFileGivenUpLeavesNothingBehindSoItCanBeDroppedAgain() throws Exception {
        Path csv = Files.write(dir.resolve("leads.csv"), LeadFiles.numberedLeads(3, 10));
        InputFile input = new InputFile("file-drop", "leads.csv", Files.size(csv), 1_000);
        LeadBatch batch = batches.startIntake("c1", input);
        new LeadIntakeWriter(database.jdbc(), Clock.systemUTC(), new FaultLog(), dev.crmoutbound.support.TestHashes.HASHES).write("file-drop", batch,
                List.of(new IncomingLead(1, "c1", "R10", LeadFiles.phone(10), null)));

        String report = intake.giveUp("file-drop", "leads.csv", Files.size(csv), 1_000,
                new IllegalStateException("disk full"));
        IngestReport again = intake.ingest(csv.toFile(), "file-drop", "leads.csv", Files.size(csv), 1_000, null);

        assertThat(report).contains("nobody in it was called").contains("1 rows read before it failed were withdrawn")
                .contains("its intake failed 4 times: disk full");
        assertThat(again.batchId()).isEqualTo(batch.id());
        assertThat(again.queued()).isEqualTo(3);
    }
}
