package dev.crmoutbound.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeferredLeadUpdatesTest {

    private static final String TIMES_TEN = "UPDATE lead SET v = v * 10 WHERE id = ?";
    private static final String PLUS_ONE = "UPDATE lead SET v = v + 1 WHERE id = ?";

    private Connection c;

    @BeforeEach
    void open() throws SQLException {
        c = DriverManager.getConnection("jdbc:h2:mem:deferred-" + System.nanoTime());
        Jdbc.update(c, "CREATE TABLE lead (id BIGINT PRIMARY KEY, v INT)");
        Jdbc.update(c, "INSERT INTO lead VALUES (1, 1), (2, 1)");
    }

    @AfterEach
    void close() throws SQLException {
        c.close();
    }

    @Test
    void holdsUpdatesBackUntilFlushed() throws SQLException {
        DeferredLeadUpdates updates = new DeferredLeadUpdates();
        updates.add(c, PLUS_ONE, 1, true, 1L);
        updates.add(c, PLUS_ONE, 2, true, 2L);
        assertThat(values()).containsExactly(1, 1);

        updates.flush(c);
        assertThat(values()).containsExactly(2, 2);
        updates.flush(c); // nothing is sent twice
        assertThat(values()).containsExactly(2, 2);
    }

    @Test
    void runsOneLeadsUpdatesInTheOrderTheyWereMade() throws SQLException {
        DeferredLeadUpdates updates = new DeferredLeadUpdates();
        updates.add(c, TIMES_TEN, 2, true, 2L);
        updates.add(c, PLUS_ONE, 1, true, 1L);
        updates.add(c, TIMES_TEN, 1, true, 1L); // grouped with lead 2's, it would run before lead 1's + 1
        updates.flush(c);
        assertThat(values()).containsExactly(20, 10);
    }

    @Test
    void sendsWhatIsHeldBackBeforeALeadWithUpdatesWaitingIsChangedOtherwise() throws SQLException {
        DeferredLeadUpdates updates = new DeferredLeadUpdates();
        updates.add(c, PLUS_ONE, 1, true, 1L);
        updates.flushFor(c, 2);
        assertThat(values()).containsExactly(1, 1);
        updates.flushFor(c, 1);
        assertThat(values()).containsExactly(2, 1);
    }

    @Test
    void anUpdateCountedOnThatChangesNothingFailsTheFlush() throws SQLException {
        DeferredLeadUpdates updates = new DeferredLeadUpdates();
        updates.add(c, PLUS_ONE, 3, false, 3L); // may change nothing
        updates.flush(c);
        updates.add(c, PLUS_ONE, 3, true, 3L);
        assertThatThrownBy(() -> updates.flush(c)).isInstanceOf(LedgerException.class).hasMessageContaining("lead 3");
    }

    private List<Integer> values() throws SQLException {
        return Jdbc.query(c, "SELECT v FROM lead ORDER BY id", rs -> rs.getInt(1));
    }
}
