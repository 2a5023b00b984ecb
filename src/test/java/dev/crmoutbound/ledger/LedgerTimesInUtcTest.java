package dev.crmoutbound.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.crmoutbound.support.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Migration 13 on H2 and PostgreSQL: a ledger written by a JVM in New York (wall-clock times of that
 * zone, across the night summer time ends) holds the same instants in UTC afterwards, and times written
 * since are the same whatever the JVM's zone.
 */
class LedgerTimesInUtcTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @TempDir
    Path dir;

    private String url(String database) {
        return "postgres".equals(database) ? TestDatabase.freshPostgresSchema()
                : "jdbc:h2:file:" + dir.resolve("calls").toAbsolutePath();
    }

    /** A ledger at migration 12, as a JVM in {@code zone} left it. */
    private static void asWrittenBeforeMigration13(HikariDataSource ds, String url, ZoneId zone) {
        ds.setJdbcUrl(url);
        Flyway.configure().configuration(LedgerDatabase.migrations(ds, zone).getConfiguration()).target("12").load().migrate();
    }

    /** Local New York times as the ledger held them before, and the instants they stood for. */
    private static Map<LocalDateTime, Instant> writtenInNewYork() {
        Map<LocalDateTime, Instant> times = new LinkedHashMap<>();
        times.put(LocalDateTime.parse("2026-07-01T12:00:00.123456"), Instant.parse("2026-07-01T16:00:00.123456Z"));
        times.put(LocalDateTime.parse("2026-11-01T00:30:00"), Instant.parse("2026-11-01T04:30:00Z"));
        // 01:30 came twice that night; it is read as the first (summer time), as the JVM read it
        times.put(LocalDateTime.parse("2026-11-01T01:30:00"), Instant.parse("2026-11-01T05:30:00Z"));
        times.put(LocalDateTime.parse("2026-11-01T03:00:00"), Instant.parse("2026-11-01T08:00:00Z"));
        times.put(LocalDateTime.parse("2026-12-24T18:00:00"), Instant.parse("2026-12-24T23:00:00Z"));
        return times;
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void timesWrittenInAZoneWithSummerTimeBecomeTheSameInstantsInUtc(String database) throws Exception {
        try (HikariDataSource ds = new HikariDataSource()) {
            asWrittenBeforeMigration13(ds, url(database), NEW_YORK);
            Map<LocalDateTime, Instant> times = writtenInNewYork();
            int n = 0;
            try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO service_instance (id, incarnation, started_at, heartbeat_at) VALUES (?, 'x', ?, ?)")) {
                for (LocalDateTime local : times.keySet()) {
                    ps.setString(1, "i" + n++);
                    ps.setObject(2, local);
                    ps.setObject(3, local);
                    ps.executeUpdate();
                }
            }

            LedgerDatabase.migrations(ds, NEW_YORK).migrate();

            Jdbc jdbc = new Jdbc(ds);
            assertThat(jdbc.query("SELECT heartbeat_at FROM service_instance ORDER BY id", rs -> Jdbc.instant(rs, 1)))
                    .containsExactlyElementsOf(times.values());
            Instant now = Instant.parse("2026-11-01T05:45:00Z");
            jdbc.update("UPDATE service_instance SET heartbeat_at = ? WHERE id = 'i0'", now);
            assertThat(jdbc.query("SELECT heartbeat_at FROM service_instance WHERE id = 'i0'", rs -> rs.getObject(1,
                    LocalDateTime.class))).as("kept as UTC wall-clock time")
                    .containsExactly(LocalDateTime.ofInstant(now, ZoneOffset.UTC));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aLedgerWhoseFirstTimeIsADayAfterTheClocksWentForwardIsReadInSummerTime(String database) throws Exception {
        try (HikariDataSource ds = new HikariDataSource()) {
            asWrittenBeforeMigration13(ds, url(database), NEW_YORK);
            // a day before 02:30 on 9 March is a time New York skipped (2:00 became 3:00 on 8 March)
            new Jdbc(ds).update("INSERT INTO service_instance (id, incarnation, started_at, heartbeat_at) "
                    + "VALUES ('a', 'x', ?, ?)", LocalDateTime.parse("2026-03-09T02:30:00"),
                    LocalDateTime.parse("2026-03-09T02:30:00"));

            LedgerDatabase.migrations(ds, NEW_YORK).migrate();

            assertThat(new Jdbc(ds).query("SELECT heartbeat_at FROM service_instance", rs -> Jdbc.instant(rs, 1)))
                    .containsExactly(Instant.parse("2026-03-09T06:30:00Z"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aLedgerWrittenWhileTheOffsetNeverChangedIsMovedByThatOffset(String database) throws Exception {
        for (Map.Entry<ZoneId, Instant> written : Map.of(NEW_YORK, Instant.parse("2026-07-01T16:00:00Z"),
                ZoneId.of("Asia/Kolkata"), Instant.parse("2026-07-01T06:30:00Z")).entrySet()) {
            try (HikariDataSource ds = new HikariDataSource()) {
                String url = url(database) + ("h2".equals(database) ? "-" + written.getKey().getId().replace('/', '-') : "");
                asWrittenBeforeMigration13(ds, url, written.getKey());
                new Jdbc(ds).update("INSERT INTO service_instance (id, incarnation, started_at, heartbeat_at) "
                        + "VALUES ('a', 'x', ?, ?)", LocalDateTime.parse("2026-07-01T12:00:00"),
                        LocalDateTime.parse("2026-07-01T12:00:00"));

                LedgerDatabase.migrations(ds, written.getKey()).migrate();

                assertThat(new Jdbc(ds).query("SELECT heartbeat_at FROM service_instance", rs -> Jdbc.instant(rs, 1)))
                        .as("written in %s", written.getKey()).containsExactly(written.getValue());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void aLedgerWrittenInUtcIsLeftAsItIs(String database) throws Exception {
        try (HikariDataSource ds = new HikariDataSource()) {
            asWrittenBeforeMigration13(ds, url(database), ZoneOffset.UTC);
            new Jdbc(ds).update("INSERT INTO service_instance (id, incarnation, started_at, heartbeat_at) "
                    + "VALUES ('a', 'x', ?, ?)", LocalDateTime.parse("2026-11-01T01:30:00"), LocalDateTime.parse("2026-11-01T01:30:00"));

            LedgerDatabase.migrations(ds, ZoneId.of("UTC")).migrate();

            assertThat(new Jdbc(ds).query("SELECT heartbeat_at FROM service_instance", rs -> Jdbc.instant(rs, 1)))
                    .containsExactly(Instant.parse("2026-11-01T01:30:00Z"));
        }
    }
}
