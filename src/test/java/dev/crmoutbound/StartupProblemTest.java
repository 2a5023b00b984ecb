package dev.crmoutbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** A start that fails for a reason the user can fix is one line saying what to do, not a stack trace. */
class StartupProblemTest {

    @Test
    void anH2LedgerHeldByAnotherProcessSaysSo() {
        SQLException locked = new SQLException("Database may be already in use: \"calls.mv.db\"", "90020", 90020);

        assertThat(Application.startupProblem(new IllegalStateException("Failed to get a connection", locked)))
                .startsWith("the H2 ledger is in use by another process");
    }

    @Test
    void anUnknownFailureIsLeftToTheStackTrace() {
        assertThat(Application.startupProblem(new IllegalStateException("boom", new SQLException("other", "42000"))))
                .isNull();
    }
}
