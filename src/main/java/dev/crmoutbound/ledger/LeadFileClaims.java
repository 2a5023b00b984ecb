package dev.crmoutbound.ledger;

import java.time.Clock;
import java.time.Duration;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The file consumer's idempotent read lock for dropped lead files, in the ledger, so that instances
 * sharing a DATA_DIR read each file once: a claim is taken by a single insert (the first instance wins);
 * one held by an instance whose heartbeat stopped is taken over by a single guarded update. Released
 * when the file has been moved away (or its read rolled back).
 *
 * <p>camel-sql's JdbcOrphanLockAwareIdempotentRepository was tried first: it checks, then inserts or
 * takes over in separate statements, and two instances listing a new file together could both claim it.
 */
public class LeadFileClaims extends ServiceSupport implements IdempotentRepository {

    private final Jdbc jdbc;
    private final Clock clock;
    private final String owner;
    private final Duration ownerTimeout;

    public LeadFileClaims(Jdbc jdbc, Clock clock, String owner, Duration ownerTimeout) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.owner = owner;
        this.ownerTimeout = ownerTimeout;
    }

    @Override
    public boolean add(String key) {
        return jdbc.inTransaction(c -> Jdbc.update(c, "INSERT INTO lead_file_claim (file_key, owner, claimed_at) "
                + "VALUES (?, ?, ?) ON CONFLICT DO NOTHING", key, owner, clock.instant()) == 1
                || Jdbc.update(c, "UPDATE lead_file_claim SET owner = ?, claimed_at = ? WHERE file_key = ? AND (owner = ? "
                        + "OR owner NOT IN " + InstanceHeartbeat.LIVE_INSTANCES + ")",
                owner, clock.instant(), key, owner, clock.instant().minus(ownerTimeout)) == 1);
    }

    @Override
    public boolean contains(String key) {
        return jdbc.queryOne("SELECT owner FROM lead_file_claim WHERE file_key = ?", rs -> rs.getString(1), key).isPresent();
    }

    @Override
    public boolean remove(String key) {
        return jdbc.update("DELETE FROM lead_file_claim WHERE file_key = ? AND owner = ?", key, owner) == 1;
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        jdbc.update("DELETE FROM lead_file_claim WHERE owner = ?", owner);
    }
}
