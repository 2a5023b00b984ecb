package dev.crmoutbound.bench;

import dev.crmoutbound.config.Campaign;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * Calls a ledger made before a benchmark, as in one that has served for months: ended long ago on the
 * default account, none to dial again, and already reduced by the retention job (no number kept).
 */
final class PastCalls {

    private PastCalls() {
    }

    static void insert(String jdbcUrl, int calls) throws SQLException {
        Timestamp longAgo = Timestamp.from(Instant.parse("2026-01-05T10:00:00Z"));
        try (Connection c = DriverManager.getConnection(jdbcUrl);
             PreparedStatement insert = c.prepareStatement("INSERT INTO call_lead (request_id, campaign_id, source, "
                     + "record_key, state, account_id, attempts, next_attempt_at, created_at, updated_at, reduced_at) "
                     + "VALUES (?, 'earlier', 'bench', ?, 'DONE', ?, 1, ?, ?, ?, ?)")) {
            c.setAutoCommit(false);
            for (int i = 1; i <= calls; i++) {
                insert.setString(1, "earlier-" + i);
                insert.setString(2, "earlier-" + i);
                insert.setString(3, Campaign.DEFAULT_ACCOUNT);
                insert.setTimestamp(4, longAgo);
                insert.setTimestamp(5, longAgo);
                insert.setTimestamp(6, longAgo);
                insert.setTimestamp(7, longAgo);
                insert.addBatch();
                if (i % 10_000 == 0 || i == calls) {
                    insert.executeBatch();
                    c.commit();
                }
            }
        }
    }
}
