package dev.crmoutbound.ledger;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class H2ConcurrentDeliveriesTest extends ConcurrentDeliveriesContract {

    @TempDir
    Path dir;

    @Override
    String jdbcUrl() {
        return LedgerDatabase.defaultH2Url(dir);
    }

    /** H2 names no blocker for a key another session wrote and has not committed; the statement stays running. */
    @Override
    boolean writingAnEventWaits(Jdbc jdbc) {
        return jdbc.queryOne("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE SESSION_STATE = 'RUNNING' "
                + "AND EXECUTING_STATEMENT LIKE 'INSERT INTO webhook_event%'", rs -> rs.getInt(1)).orElse(0) > 0;
    }
}
