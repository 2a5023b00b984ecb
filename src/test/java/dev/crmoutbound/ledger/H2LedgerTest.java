package dev.crmoutbound.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmoutbound.config.Campaign;
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
        String account = Campaign.DEFAULT_ACCOUNT;
        jdbc().update("INSERT INTO call_lead (request_id, campaign_id, source, record_key, state, account_id, "
                + "next_attempt_at, created_at, updated_at) SELECT 'done-' || \"X\", 'c1', 'test', 'r' || \"X\", ?, ?, "
                + "TIMESTAMP '2026-11-01 10:00:00', TIMESTAMP '2026-11-01 10:00:00', TIMESTAMP '2026-11-01 10:00:00' "
                + "FROM SYSTEM_RANGE(1, 5000)", LeadState.DONE.name(), account);
        jdbc().update("UPDATE call_lead SET state = ? WHERE request_id IN ('done-7', 'done-8')", LeadState.ACTIVE.name());

        String plan = String.join("\n", jdbc().query("EXPLAIN ANALYZE " + AccountSlots.IN_CALL_COUNT,
                rs -> rs.getString(1), account, account, account));

        assertThat(new AccountSlots(jdbc(), java.time.Clock.systemUTC()).usage(account).inCall()).isEqualTo(2);
        Matcher scanned = Pattern.compile("scanCount: (\\d+)").matcher(plan);
        int read = 0;
        while (scanned.find()) {
            read += Integer.parseInt(scanned.group(1));
        }
        assertThat(plan).contains("scanCount");
        assertThat(read).as("index entries read, of 5,000 calls made: " + plan).isLessThanOrEqualTo(6);
    }

    @Test
    void aLeadIsUpdatedByItsIdEvenByAStatementPlannedWhileTheLedgerWasEmpty() {
        String plan = String.join("\n", jdbc().query("EXPLAIN UPDATE call_lead SET call_status = ?, updated_at = ? "
                + "WHERE id = ? AND state = ?", rs -> rs.getString(1), "ringing", java.time.Instant.now(), 1L, LeadState.ACTIVE));

        assertThat(plan).as("H2's plan on a new ledger").contains("PRIMARY_KEY").doesNotContain("call_lead_waiting");
    }
}
