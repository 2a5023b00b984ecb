package dev.crmoutbound.ledger;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * This instance's heartbeat in the ledger, and what happens to the dials of an instance whose heartbeat
 * stopped: they may or may not have been posted, so they become UNCERTAIN and are reconciled through the
 * API, never dialed again blind. A call already placed keeps its slot until it ends, whoever placed it.
 *
 * <p>An instance may post a dial only while its own heartbeat is fresh (within half the timeout after its
 * last successful beat), so that one frozen for a while (a long GC pause, {@code kill -STOP}) does not
 * post a dial the others have already given up on.
 */
public class InstanceHeartbeat {

    /** The instances alive: those that beat their heart at or after the time bound to its one parameter. */
    static final String LIVE_INSTANCES = "(SELECT id FROM service_instance WHERE heartbeat_at >= ?)";

    private static final String DIALING_OF_THE_DEAD = "state = 'DIALING' AND (dialed_by IS NULL "
            + "OR dialed_by NOT IN " + LIVE_INSTANCES + ")";

    private final Jdbc jdbc;
    private final Clock clock;
    private final String id;
    private final String incarnation = UUID.randomUUID().toString();
    private final Duration timeout;
    private volatile long lastBeatStartedNanos;
    private volatile boolean beaten;

    public InstanceHeartbeat(Jdbc jdbc, Clock clock, String id, Duration timeout) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.id = id;
        this.timeout = timeout;
    }

    public String id() {
        return id;
    }

    /**
     * At start: this instance is alive, and whatever it was dialing when it last stopped (same id) is
     * uncertain, as is the dialing of instances already dead. Other live instances' dials are left alone,
     * unless this is the only process the ledger can have ({@code sole}: an H2 file is held by one), when
     * every dial left in flight was cut short. Returns how many dials became uncertain.
     */
    public int start(boolean sole) {
        long started = System.nanoTime();
        int interrupted = jdbc.inTransaction(c -> {
            Jdbc.update(c, "DELETE FROM service_instance WHERE id = ?", id);
            Jdbc.update(c, "INSERT INTO service_instance (id, incarnation, started_at, heartbeat_at) VALUES (?, ?, ?, ?)",
                    id, incarnation, clock.instant(), clock.instant());
            return Jdbc.update(c, "UPDATE call_lead SET state = 'UNCERTAIN', reason = ?, updated_at = ? "
                    + "WHERE state = 'DIALING' AND (dialed_by = ? OR ?)",
                    "dial interrupted by a restart; awaiting reconciliation", clock.instant(), id, sole);
        });
        lastBeatStartedNanos = started;
        beaten = true;
        return interrupted + takeOverDialsOfDeadInstances();
    }

    /** Says this instance is alive. */
    public void beat() {
        long started = System.nanoTime();
        jdbc.inTransaction(c -> {
            if (Jdbc.update(c, "UPDATE service_instance SET heartbeat_at = ?, incarnation = ? WHERE id = ?",
                    clock.instant(), incarnation, id) == 0) {
                Jdbc.update(c, "INSERT INTO service_instance (id, incarnation, started_at, heartbeat_at) VALUES (?, ?, ?, ?)",
                        id, incarnation, clock.instant(), clock.instant());
            }
            return null;
        });
        lastBeatStartedNanos = started;
        beaten = true;
    }

    /** True while this instance may post a dial: its last heartbeat is recent enough that nobody took its dials. */
    public boolean mayDial() {
        return beaten && System.nanoTime() - lastBeatStartedNanos < timeout.toNanos() / 2;
    }

    /** Dials left in flight by instances whose heartbeat stopped become UNCERTAIN; returns how many. */
    public int takeOverDialsOfDeadInstances() {
        return jdbc.update("UPDATE call_lead SET state = 'UNCERTAIN', reason = ?, updated_at = ? WHERE " + DIALING_OF_THE_DEAD,
                "dial interrupted: the instance placing it stopped; awaiting reconciliation", clock.instant(),
                clock.instant().minus(timeout));
    }
}
