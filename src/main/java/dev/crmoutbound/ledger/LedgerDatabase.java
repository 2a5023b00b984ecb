package dev.crmoutbound.ledger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Duration;
import org.flywaydb.core.Flyway;

/** Opens the ledger database (H2 file by default, PostgreSQL by URL) and migrates its schema. */
public final class LedgerDatabase implements AutoCloseable {

    private final HikariDataSource dataSource;

    private LedgerDatabase(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public static String defaultH2Url(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.resolve("ledger").resolve("calls").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    }

    public static LedgerDatabase open(String jdbcUrl, String user, String password, int poolSize) {
        return open(jdbcUrl, user, password, poolSize, Duration.ofSeconds(5));
    }

    /**
     * {@code connectionTimeout}: how long a statement waits for a connection when the database is out of
     * reach, before the work fails (and is tried again later).
     */
    public static LedgerDatabase open(String jdbcUrl, String user, String password, int poolSize,
                                      Duration connectionTimeout) {
        HikariConfig config = new HikariConfig();
        config.setConnectionTimeout(connectionTimeout.toMillis());
        config.setJdbcUrl(withStatementCache(jdbcUrl));
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("call-ledger");
        HikariDataSource ds = new HikariDataSource(config);
        try {
            migrations(ds, java.time.ZoneId.systemDefault()).migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new LedgerDatabase(ds);
    }

    /** The ledger's migrations; {@code writtenIn} is the zone its times were written in before migration 13. */
    static Flyway migrations(javax.sql.DataSource ds, java.time.ZoneId writtenIn) {
        // a folder of its own: an application that embeds the module keeps its own db/migration
        return Flyway.configure().dataSource(ds).locations("classpath:db/crm-outbound/migration",
                "classpath:db/crm-outbound/vendor/" + vendor(ds)).javaMigrations(new LedgerTimesInUtc(writtenIn)).load();
    }

    /**
     * The folder of the migrations for this database alone: "postgresql" or "h2". Flyway itself has no
     * {vendor} placeholder (Spring Boot's configuration does), so the folder is named here.
     */
    static String vendor(javax.sql.DataSource ds) {
        try (java.sql.Connection c = ds.getConnection()) {
            return c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT);
        } catch (java.sql.SQLException e) {
            throw new LedgerUnavailableException(e);
        }
    }

    /**
     * H2 keeps the parsed plans of only 8 statements per connection by default: the ledger uses more than
     * that in turn, so each would be parsed and planned again every time it runs.
     */
    static String withStatementCache(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.toUpperCase(java.util.Locale.ROOT).contains("QUERY_CACHE_SIZE")
                ? jdbcUrl + ";QUERY_CACHE_SIZE=256" : jdbcUrl;
    }

    public javax.sql.DataSource dataSource() {
        return dataSource;
    }

    public Jdbc jdbc() {
        return new Jdbc(dataSource);
    }

    public boolean isPostgres() {
        return dataSource.getJdbcUrl().startsWith("jdbc:postgresql:");
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
