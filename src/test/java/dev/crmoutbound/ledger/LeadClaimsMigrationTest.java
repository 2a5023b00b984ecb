package dev.crmoutbound.ledger;

import static dev.crmoutbound.support.TestHashes.HASHES;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.crmoutbound.ops.FaultLog;
import dev.crmoutbound.support.TestDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Migration 14 on H2 and PostgreSQL: the record and number claims of a ledger written before it move
 * from lead_key to the leads holding them, so a lead taken in afterwards is still a duplicate of the one
 * that held its key; the CRM's claims on records stay where they were.
 */
class LeadClaimsMigrationTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void claimsWrittenBeforeMoveToTheLeadsHoldingThem(String database) {
        String url = "postgres".equals(database) ? TestDatabase.freshPostgresSchema()
                : "jdbc:h2:file:" + dir.resolve("calls").toAbsolutePath() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        try (HikariDataSource ds = new HikariDataSource()) {
            ds.setJdbcUrl(url);
            Flyway.configure().configuration(LedgerDatabase.migrations(ds, ZoneOffset.UTC).getConfiguration())
                    .target("13").load().migrate();
            Jdbc jdbc = new Jdbc(ds);
            jdbc.update("INSERT INTO lead_batch (campaign_id, source, batch_key, input_name, state, created_at) "
                    + "VALUES ('c1', 'test', 'old.csv', 'old.csv', 'DONE', CURRENT_TIMESTAMP)");
            long old = jdbc.queryOne("SELECT id FROM lead_batch", rs -> rs.getLong(1)).orElseThrow();
            lead(jdbc, "r-1", old, 1, "R1", "QUEUED");
            lead(jdbc, "r-2", old, 2, "R1", "REJECTED"); // a duplicate: it holds no key
            lead(jdbc, "r-3", null, null, "00Q1", "DONE");
            claim(jdbc, "RECORD", "R1", "r-1");
            claim(jdbc, "PHONE", HASHES.of("+14155550101"), "r-1");
            claim(jdbc, "PHONE", HASHES.of("+14155550103"), "r-3");
            claim(jdbc, "SOURCE", "salesforce:00Q1", "-");

            LedgerDatabase.migrations(ds, ZoneOffset.UTC).migrate();

            assertThat(jdbc.query("SELECT request_id, record_claim, phone_claim FROM call_lead ORDER BY request_id",
                    rs -> rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3))).containsExactly(
                    "r-1 R1 " + HASHES.of("+14155550101"), "r-2 null null", "r-3 null " + HASHES.of("+14155550103"));
            assertThat(jdbc.query("SELECT key_kind || ' ' || key_value FROM lead_key", rs -> rs.getString(1)))
                    .containsExactly("SOURCE salesforce:00Q1");

            LeadBatch next = new BatchStore(jdbc, Clock.systemUTC()).startIntake("c1", new InputFile("test", "new.csv", 1, 1));
            int queued = new LeadIntakeWriter(jdbc, Clock.systemUTC(), new FaultLog(), HASHES).write("test", next,
                    List.of(new IncomingLead(1, "c1", "R1", "+14155550199", null),
                            new IncomingLead(2, "c1", "R2", "+14155550103", null),
                            new IncomingLead(3, "c1", "R3", "+14155550104", null)));
            assertThat(queued).isEqualTo(1);
            assertThat(jdbc.query("SELECT reason FROM call_lead WHERE batch_id = ? ORDER BY row_no", rs -> rs.getString(1),
                    next.id())).containsExactly("duplicate record id (same as old.csv row 1)",
                    "duplicate phone number (same as record 00Q1)", null);
        }
    }

    private static void lead(Jdbc jdbc, String requestId, Long batchId, Integer rowNo, String recordKey, String state) {
        jdbc.update("INSERT INTO call_lead (request_id, campaign_id, batch_id, row_no, source, record_key, state, "
                + "next_attempt_at, created_at, updated_at) VALUES (?, 'c1', ?, ?, 'test', ?, ?, CURRENT_TIMESTAMP, "
                + "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)", requestId, batchId, rowNo, recordKey, state);
    }

    private static void claim(Jdbc jdbc, String kind, String value, String requestId) {
        jdbc.update("INSERT INTO lead_key (campaign_id, key_kind, key_value, request_id) VALUES ('c1', ?, ?, ?)", kind,
                value, requestId);
    }
}
