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
            this.statement = connection.prepareStatement("SELECT row_no, state, outcome, reason, call_id, attempts, "
                    + "duration_s, cost_cents FROM call_lead WHERE batch_id = ? ORDER BY row_no");
            statement.setFetchSize(1000);
            statement.setLong(1, batchId);
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
                        rows.getInt("attempts"), Jdbc.integer(rows, "duration_s"), Jdbc.integer(rows, "cost_cents"));
            } catch (SQLException e) {
                throw new LedgerException(e);
            }
        }

        @Override
        public void close() {
            try (connection; statement; rows) {
                connection.rollback();
                connection.setAutoCommit(true);
            } catch (SQLException e) {
                throw new LedgerException(e);
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
            throw new LedgerException(e);
        }
    }
}
