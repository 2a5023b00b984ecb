package dev.crmoutbound.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmoutbound.support.CapturedLogs;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class FaultLogTest {

    @Test
    void aRepeatingFaultIsOneLineThenOneSummaryPerMinuteWhileItLasts() {
        FaultLog faults = new FaultLog();
        try (CapturedLogs logs = new CapturedLogs()) {
            for (int i = 0; i < 40; i++) {
                faults.report("Route dialer-pump", new IllegalStateException("ledger down (try " + i + ")"));
            }
            faults.summarise();
            faults.summarise(); // a minute without it: nothing to say
            faults.summarise(); // and it is forgotten
            faults.report("Route dialer-pump", new IllegalStateException("ledger down again"));

            assertThat(logs.warnings()).containsExactly(
                    "Route dialer-pump: ledger down (try 0) (repeats are counted and summarised once a minute)",
                    "Route dialer-pump failed 39 more times in the last minute: ledger down (try 39)",
                    "Route dialer-pump: ledger down again (repeats are counted and summarised once a minute)");
            assertThat(logs.stackTraces()).isEmpty();
            assertThat(faults.reported()).isEqualTo(41);
        }
    }

    @Test
    void faultsOfDifferentKindsAreToldApart() {
        FaultLog faults = new FaultLog();
        try (CapturedLogs logs = new CapturedLogs()) {
            faults.report("Webhook refused (401)", "signature", "bad signature", null);
            faults.report("Webhook refused (401)", "signature", "bad signature", null);
            faults.report("Webhook refused (413)", "size", "body too large", null);

            assertThat(logs.warnings()).hasSize(2);
        }
    }

    @Test
    void aDescriptionIsOneShortLineWithTheRootCause() {
        SQLException batch = new BatchUpdateException("Batch entry 0 INSERT INTO ... was aborted", new int[0]);
        batch.setNextException(new SQLException("ERROR: value too long for type character varying(300)"));

        assertThat(FaultLog.describe(new RuntimeException("call ledger", new SQLException("line one\nline two"))))
                .isEqualTo("call ledger: line one line two");
        assertThat(FaultLog.describe(new dev.crmoutbound.ledger.LedgerException(batch)))
                .isEqualTo("call ledger: ERROR: value too long for type character varying(300)");
        assertThat(FaultLog.describe(new RuntimeException("x".repeat(5000)))).hasSize(500);
    }
}
