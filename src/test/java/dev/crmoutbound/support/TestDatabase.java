package dev.crmoutbound.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * Where tests keep the ledger. H2 by default; {@code -Dtest.ledger=postgres} (or the PostgreSQL tests)
 * use a fresh schema in the {@code test} database on 127.0.0.1:5432. Without that server the PostgreSQL
 * tests are skipped with a message, except on CI ({@code CI=true}), where they fail.
 */
public final class TestDatabase {

    public static final String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    public static final String POSTGRES_USER = "postgres";

    private TestDatabase() {
    }

    /** The JDBC URL to force on the application, when the run asks for PostgreSQL. */
    public static Optional<String> current() {
        return "postgres".equals(System.getProperty("test.ledger")) ? Optional.of(freshPostgresSchema()) : Optional.empty();
    }

    /** A new, empty schema in the CI PostgreSQL, as a JDBC URL with the user and schema set. */
    public static String freshPostgresSchema() {
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "")) {
            c.createStatement().execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            String why = "PostgreSQL is not reachable at 127.0.0.1:5432 (database test): " + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(why + "; CI must have it", e);
            }
            Assumptions.abort(why + "; skipping the PostgreSQL ledger test");
        }
        return POSTGRES_URL + "?user=" + POSTGRES_USER + "&currentSchema=" + schema;
    }
}
