package dev.crmoutbound.app;

import dev.crmoutbound.ledger.LedgerDatabase;
import dev.crmoutbound.privacy.HashKeys;
import dev.crmoutbound.privacy.LeadKeyRekeying;
import dev.crmoutbound.privacy.NumberHashes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

/**
 * The data folder (inbox, outbox, processed, error) and the call ledger: H2 in the data folder unless
 * LEDGER_JDBC_URL names another database, opened and migrated before any route starts. And the clock
 * everything runs on: a bean named clock when one is bound (tests), else UTC; fixed in a dry run, which
 * judges every lead as of the moment its report is dated. And the key numbers are hashed with.
 */
public class LedgerSetup implements CamelConfiguration {

    @PropertyInject("data.dir")
    private String dataDir;
    @PropertyInject("ledger.jdbc-url")
    private String jdbcUrl;
    @PropertyInject("ledger.user")
    private String user;
    @PropertyInject("ledger.password")
    private String password;
    @PropertyInject("ledger.pool-size")
    private int poolSize;
    @PropertyInject("ledger.connection-timeout-ms")
    private long connectionTimeoutMs;
    @PropertyInject(value = "dry-run", defaultValue = "false")
    private boolean dryRun;
    @PropertyInject("privacy.hash-key")
    private String hashKey;
    @PropertyInject("privacy.previous-hash-keys")
    private String previousHashKeys;

    @Override
    public void configure(CamelContext context) {
        Beans beans = new Beans(context);
        Path data = Path.of(dataDir).toAbsolutePath().normalize();
        for (String folder : new String[] {"inbox", "outbox", "processed", "error"}) {
            folder(data.resolve(folder));
        }
        context.getPropertiesComponent().addOverrideProperty("data.dir", data.toString());
        LedgerDatabase database = LedgerDatabase.open(blank(jdbcUrl) ? LedgerDatabase.defaultH2Url(data) : jdbcUrl,
                blank(user) ? null : user, blank(password) ? null : password, poolSize,
                Duration.ofMillis(connectionTimeoutMs));
        beans.bind("ledgerDatabase", database);
        beans.bind("ledgerDataSource", database.dataSource());
        beans.bind("ledgerJdbc", database.jdbc());
        Clock bound = context.getRegistry().lookupByNameAndType("clock", Clock.class);
        Clock clock = bound != null ? bound : Clock.systemUTC();
        beans.bind("ledgerClock", dryRun ? Clock.fixed(clock.instant(), ZoneOffset.UTC) : clock);
        NumberHashes hashes = HashKeys.load(hashKey, previousHashKeys, database.jdbc(), clock);
        beans.bind("numberHashes", hashes);
        if (!dryRun) {
            LeadKeyRekeying.run(database.jdbc(), hashes, !blank(previousHashKeys));
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static void folder(Path path) {
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + path, e);
        }
    }
}
