package dev.crmoutbound.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates of leads locked by this transaction, held back so that each statement goes to the database once
 * for all the leads it changes: a batch of webhooks changes many leads, and an update sent on its own costs a
 * round trip (on PostgreSQL, most of a webhook's cost there is the kernel's work for round trips). One lead's
 * updates run in the order they were made; whatever reads a lead again runs after {@link #flush}.
 */
final class DeferredLeadUpdates {

    private record Update(long leadId, Object[] params, boolean mustChangeRow) {
    }

    private final Map<String, List<Update>> bySql = new LinkedHashMap<>();
    private final Map<Long, String> lastSqlOfLead = new HashMap<>();

    /**
     * Holds the update back; {@code mustChangeRow} when the caller has already counted on it changing the
     * lead's row (it holds the row's lock and knows its state), so that a miss fails the transaction. Sends
     * what is held back first when the lead has an update of another statement waiting.
     */
    void add(Connection c, String sql, long leadId, boolean mustChangeRow, Object... params) throws SQLException {
        String earlier = lastSqlOfLead.get(leadId);
        if (earlier != null && !earlier.equals(sql)) {
            flush(c); // batches run statement by statement: the lead's earlier update must not come after this one
        }
        lastSqlOfLead.put(leadId, sql);
        bySql.computeIfAbsent(sql, k -> new ArrayList<>()).add(new Update(leadId, params, mustChangeRow));
    }

    /** Sends what is held back when any of it is the lead's, before the lead is changed otherwise. */
    void flushFor(Connection c, long leadId) throws SQLException {
        if (lastSqlOfLead.containsKey(leadId)) {
            flush(c);
        }
    }

    /** Sends what is held back, one batch per statement. */
    void flush(Connection c) throws SQLException {
        for (Map.Entry<String, List<Update>> statement : bySql.entrySet()) {
            List<Update> updates = statement.getValue();
            int[] counts = Jdbc.updateEach(c, statement.getKey(), updates.stream().map(Update::params).toList());
            for (int i = 0; i < counts.length; i++) {
                if (updates.get(i).mustChangeRow() && counts[i] != 1) {
                    throw notAsRead(updates.get(i).leadId(), "an update held back for it changed nothing");
                }
            }
        }
        bySql.clear();
        lastSqlOfLead.clear();
    }

    /** A lead that a statement counted on changing, as this transaction had locked and read it, was not so. */
    static LedgerException notAsRead(long leadId, String what) {
        return new LedgerException(new IllegalStateException("lead " + leadId
                + " was not as this transaction had locked and read it: " + what));
    }
}
