package dev.crmoutbound.ledger;

import dev.crmoutbound.results.ResultRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

/** Streams a batch's leads in row order, for its results file, without holding them all in memory. */
public class ResultRows {

    /** A forward-only cursor over one batch; close it to return the connection. */
    public static final class Cursor implements AutoCloseable {
        private final Connection connection;
        private final PreparedStatement statement;
        private final ResultSet rows;

        private Cursor(Connection connection, long batchId) throws SQLException {
            this.connection = connection;
            connection.setAutoCommit(false); // PostgreSQL streams only inside a transaction
            this.statement = connection.prepareStatement("SELECT l.row_no, l.state, l.outcome, l.reason, l.call_id, "
                    + "l.attempts, l.duration_s, l.cost_cents, l.campaign_id, l.deferred_by, h.history FROM call_lead l "
                    + "LEFT JOIN ("
                    + "SELECT a.lead_id, STRING_AGG(a.attempt_no || ' ' || COALESCE(a.outcome, 'unknown'), '; ' "
                    + "ORDER BY a.attempt_no) AS history FROM call_attempt a JOIN call_lead x ON x.id = a.lead_id "
                    + "WHERE x.batch_id = ? GROUP BY a.lead_id) h ON h.lead_id = l.id "
                    + "WHERE l.batch_id = ? ORDER BY l.row_no");
            statement.setFetchSize(1000);
            statement.setLong(1, batchId);
            statement.setLong(2, batchId);
            this.rows = statement.executeQuery();
        }

        /** The next row, or null at the end. */
        public ResultRow next() {
            try {
                if (!rows.next()) {
                    return null;
                }
                return new ResultRow(rows.getInt("row_no"), rows.getString("state").toLowerCase(Locale.ROOT),
                        rows.getString("outcome"), rows.getString("reason"), rows.getString("call_id"),
                        rows.getInt("attempts"), Jdbc.integer(rows, "duration_s"), Jdbc.integer(rows, "cost_cents"),
                        rows.getString("campaign_id"), rows.getString("history"), rows.getString("deferred_by"));
            } catch (SQLException e) {
                throw LedgerException.of(e);
            }
        }

        @Override
        public void close() {
            try (connection; statement; rows) {
                connection.rollback();
                connection.setAutoCommit(true);
            } catch (SQLException e) {
                throw LedgerException.of(e);
            }
        }
    }

    private final Jdbc jdbc;

    public ResultRows(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public Cursor open(long batchId) {
        try {
            return new Cursor(jdbc.dataSource().getConnection(), batchId);
        } catch (SQLException e) {
            throw LedgerException.of(e);
        }
    }
}
