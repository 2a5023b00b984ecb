package dev.crmoutbound.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2LedgerTest extends LedgerContract {

    @TempDir
    Path dir;

    @Override
    String jdbcUrl() {
        return LedgerDatabase.defaultH2Url(dir);
    }

    @Test
    void countingAnAccountsSlotsReadsItsCallsInProgressNotEveryCallItEverMade() {
        String plan = slotCountPlanAmong5000CallsMade("EXPLAIN ANALYZE");

        Matcher scanned = Pattern.compile("scanCount: (\\d+)").matcher(plan);
        int read = 0;
        while (scanned.find()) {
            read += Integer.parseInt(scanned.group(1));
        }
        assertThat(plan).contains("scanCount");
        // the 2 in progress, and one look past the end of each of the 3 states
        assertThat(read).as("index entries read, of 5,000 calls made: " + plan).isLessThanOrEqualTo(5);
    }

    @Test
    void aLeadIsUpdatedByItsIdEvenByAStatementPlannedWhileTheLedgerWasEmpty() {
        String plan = String.join("\n", jdbc().query("EXPLAIN UPDATE call_lead SET call_status = ?, updated_at = ? "
                + "WHERE id = ? AND state = ?", rs -> rs.getString(1), "ringing", java.time.Instant.now(), 1L, LeadState.ACTIVE));

        assertThat(plan).as("H2's plan on a new ledger").contains("PRIMARY_KEY").doesNotContain("call_lead_waiting");
    }
}
