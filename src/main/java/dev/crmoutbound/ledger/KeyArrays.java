package dev.crmoutbound.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;

/**
 * Rows of a table whose column holds one of the values of an array parameter, written so that each
 * database looks every value up in the column's index. PostgreSQL: {@code column = ANY(?)}. H2 reads
 * every row for that, and for a long IN list on an index's second column, or an IN over the array; it
 * looks each value up when the array is a table joined to the indexed one.
 */
final class KeyArrays {

    /** {@code from} goes after FROM, {@code where} in the WHERE clause; the array is their first parameter. */
    record Matching(String from, String where) {
    }

    private KeyArrays() {
    }

    /** {@code table} with its alias ({@code call_lead l}), {@code column} with it ({@code l.phone_claim}). */
    static Matching matching(Connection c, String table, String column) throws SQLException {
        return c.isWrapperFor(PGConnection.class) ? new Matching(table, column + " = ANY(?)")
                : new Matching("unnest(?) v(k) JOIN " + table + " ON " + column + " = v.k", "TRUE");
    }
}
