package dev.crmoutbound.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A KrosAI account's concurrent-call limit, held in the ledger so that it holds across every instance
 * sharing it: each lead in DIALING, ACTIVE or UNCERTAIN is one of its account's slots, and calls on the
 * account that this service did not place take slots too. A slot is taken only under a lock on the
 * account's row, by a transaction that counts first; it is freed by whatever ends the call.
 */
public class AccountSlots {

    /** The states of a lead that holds one of its account's slots. */
    private static final List<LeadState> IN_CALL_STATES =
            Arrays.stream(LeadState.values()).filter(LeadState::isInCall).toList();

    static final String IN_CALL = LeadState.sqlList(LeadState::isInCall);

    /**
     * An account's calls in progress, counted state by state, each count an exact (account, state) lookup.
     * Given only the account, a database walks every lead the account ever called in its (account, state)
     * index, a cost that grows with the ledger's history and is paid on each claim: H2 does so for a state
     * list, and PostgreSQL for pairs that all name the one account (it takes the account out as a common factor).
     */
    static final String IN_CALL_COUNT = IN_CALL_STATES.stream()
            .map(s -> "(SELECT COUNT(*) FROM call_lead WHERE account_id = ? AND state = '" + s + "')")
            .collect(Collectors.joining(" + ", "SELECT ", ""));

    /** An account's slots right now. */
    public record Usage(int limit, int outside, int inCall) {
        public int free() {
            return Math.max(0, limit - outside - inCall);
        }
    }

    private final Jdbc jdbc;
    private final Clock clock;

    public AccountSlots(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** States this instance's configured limit for the account; the last instance started wins. */
    public void register(String account, int limit) {
        jdbc.inTransaction(c -> {
            if (Jdbc.update(c, "UPDATE krosai_account SET slot_limit = ?, updated_at = ? WHERE id = ?",
                    limit, clock.instant(), account) == 0) {
                Jdbc.update(c, "INSERT INTO krosai_account (id, slot_limit, outside_calls, updated_at) VALUES (?, ?, 0, ?) "
                        + "ON CONFLICT DO NOTHING", account, limit, clock.instant());
            }
            return null;
        });
    }

    public Usage usage(String account) {
        return jdbc.inTransaction(c -> usage(c, account, false));
    }

    /**
     * In the claim's transaction: locks the account's row (so that no other claim counts at the same
     * time) and says whether a slot is free for one more call.
     */
    boolean lockAndCheck(Connection c, String account) throws SQLException {
        return usage(c, account, true).free() > 0;
    }

    /** Calls on the account that this service did not place, as last seen through the API. */
    public void outsideCalls(String account, int calls) {
        jdbc.update("UPDATE krosai_account SET outside_calls = ?, updated_at = ? WHERE id = ?",
                Math.max(0, calls), clock.instant(), account);
    }

    private static Usage usage(Connection c, String account, boolean lock) throws SQLException {
        // H2 never caches a statement with FOR UPDATE and parses it on every claim; an update that changes
        // nothing takes the same row lock through a statement it keeps (the account's row has no index to rewrite)
        boolean lockByUpdate = lock && Jdbc.isH2(c);
        if (lockByUpdate) {
            Jdbc.update(c, "UPDATE krosai_account SET outside_calls = outside_calls WHERE id = ?", account);
        }
        List<int[]> row = Jdbc.query(c, "SELECT slot_limit, outside_calls FROM krosai_account WHERE id = ?"
                + (lock && !lockByUpdate ? " FOR UPDATE" : ""), rs -> new int[] {rs.getInt(1), rs.getInt(2)}, account);
        if (row.isEmpty()) {
            throw new IllegalStateException("KrosAI account '" + account + "' is not registered in the ledger");
        }
        int inCall = Jdbc.query(c, IN_CALL_COUNT, rs -> rs.getInt(1),
                Collections.nCopies(IN_CALL_STATES.size(), account).toArray()).get(0);
        return new Usage(row.get(0)[0], row.get(0)[1], inCall);
    }
}
