package dev.crmoutbound.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Input batches: created once a file has been checked whole, INGESTING while its rows are written (each
 * chunk's leads are dialed as soon as it is committed), OPEN once every row is in the ledger, then
 * WRITTEN; or FAILED when its intake gave up and the file went to the error folder (its leads not yet
 * called are withdrawn, so the file can be dropped again once fixed).
 */
public class BatchStore {

    public static final String INGESTING = "INGESTING";
    public static final String OPEN = "OPEN";
    public static final String WRITTEN = "WRITTEN";
    public static final String FAILED = "FAILED";

    private static final String COLUMNS = "id, campaign_id, source, input_name, stored_path, state, row_count, "
            + "input_size, input_modified, results_path, intake_attempts";

    /** A batch this instance took in, or one whose owner stopped beating its heart (two parameters). */
    private static final String MINE_OR_ORPHANED = "(CAST(? AS VARCHAR(200)) IS NULL OR b.owner IS NULL OR b.owner = ? "
            + "OR b.owner NOT IN " + InstanceHeartbeat.LIVE_INSTANCES + ")";

    private final Jdbc jdbc;
    private final Clock clock;
    private final String owner;
    private final java.time.Duration ownerTimeout;

    /** Batches of a ledger only one process uses (H2), all of them its own. */
    public BatchStore(Jdbc jdbc, Clock clock) {
        this(jdbc, clock, null, null);
    }

    /**
     * {@code owner}: this instance, which writes the results of the files it takes in (null: the only
     * process, which owns them all); a batch whose owner has not beaten its heart for
     * {@code ownerTimeout} may be finished by another.
     */
    public BatchStore(Jdbc jdbc, Clock clock, String owner, java.time.Duration ownerTimeout) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.owner = owner;
        this.ownerTimeout = ownerTimeout;
    }

    /**
     * The batch for this key, created if new, with one more intake attempt counted: a file re-read after
     * a crash resumes its own batch; one whose intake failed before (moved back from the error folder)
     * starts again.
     */
    public LeadBatch startIntake(String campaignId, InputFile input) {
        return jdbc.inTransaction(c -> {
            Jdbc.update(c, "INSERT INTO lead_batch (campaign_id, source, batch_key, input_name, input_size, "
                            + "input_modified, state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    campaignId, input.source(), input.batchKey(), input.name(), input.size(), input.modified(),
                    INGESTING, clock.instant());
            Jdbc.update(c, "UPDATE lead_batch SET state = ?, intake_attempts = 0 WHERE batch_key = ? AND state = ?",
                    INGESTING, input.batchKey(), FAILED);
            Jdbc.update(c, "UPDATE lead_batch SET intake_attempts = intake_attempts + 1, owner = ? WHERE batch_key = ? "
                    + "AND state = ?", owner, input.batchKey(), INGESTING);
            return Jdbc.query(c, "SELECT " + COLUMNS + " FROM lead_batch WHERE batch_key = ?", BatchStore::map,
                    input.batchKey()).get(0);
        });
    }

    /** What giving up a file's intake did: leads withdrawn, and leads kept because they were already dialed. */
    public record Abandoned(int withdrawn, int kept) {
    }

    /**
     * The intake of this file gave up: its leads not yet dialed, and the numbers and record ids they
     * held, are withdrawn, so the file can be dropped again once fixed. Leads already dialed (a file's
     * leads are dialed as its chunks are written, once the whole file has been checked) stay with
     * their keys; the failed batch then gives up its key, so the file dropped again is a new batch in
     * which those leads are duplicates of the ones already called.
     */
    public Abandoned abandonIntake(InputFile input) {
        return jdbc.inTransaction(c -> {
            List<Long> ids = Jdbc.query(c, "SELECT id FROM lead_batch WHERE batch_key = ? AND state = ? FOR UPDATE",
                    rs -> rs.getLong(1), input.batchKey(), INGESTING);
            if (ids.isEmpty()) {
                return new Abandoned(0, 0);
            }
            long batchId = ids.get(0);
            int withdrawn = 0;
            // a lead holds its keys in its own row: deleting it gives them up
            for (List<Long> page = undialed(c, batchId); !page.isEmpty(); page = undialed(c, batchId)) {
                Jdbc.updateEach(c, "DELETE FROM call_lead WHERE id = ?", page.stream()
                        .map(id -> new Object[] {id}).toList());
                withdrawn += page.size();
            }
            int kept = Jdbc.query(c, "SELECT COUNT(*) FROM call_lead WHERE batch_id = ?", rs -> rs.getInt(1), batchId).get(0);
            Jdbc.update(c, "UPDATE lead_batch SET state = ?, finished_at = ?, batch_key = CASE WHEN ? > 0 "
                    + "THEN CONCAT(batch_key, '#failed-', CAST(id AS VARCHAR(20))) ELSE batch_key END WHERE id = ?",
                    FAILED, clock.instant(), kept, batchId);
            return new Abandoned(withdrawn, kept);
        });
    }

    /**
     * A page of the ids of a batch's leads no call was placed for, locked: a lead the dialer claims
     * meanwhile is no longer among them, and one locked here cannot be claimed until the withdrawal
     * commits. Deleting by these ids then removes exactly the leads seen.
     */
    private static List<Long> undialed(java.sql.Connection c, long batchId) throws java.sql.SQLException {
        return Jdbc.query(c, "SELECT id FROM call_lead WHERE batch_id = ? AND attempts = 0 "
                + "AND state IN ('QUEUED', 'RETRY_WAIT', 'REJECTED') ORDER BY id LIMIT 10000 FOR UPDATE",
                rs -> rs.getLong(1), batchId);
    }

    public Optional<LeadBatch> find(long id) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM lead_batch WHERE id = ?", BatchStore::map, id);
    }

    /**
     * The intake is done and the file kept at {@code storedPath}: this instance owns the batch, whose
     * results it writes from that file. (Two instances that read one file at once both start its intake,
     * and the later takes the batch over; the one that finishes it is the one holding the file.)
     */
    public void markOpen(long batchId, int rowCount, String storedPath) {
        jdbc.update("UPDATE lead_batch SET state = ?, row_count = ?, stored_path = ?, owner = ? WHERE id = ? AND state = ?",
                OPEN, rowCount, storedPath, owner, batchId, INGESTING);
    }

    /**
     * OPEN batches none of whose leads can still change, that this instance took in, or whose owner is
     * gone (no heartbeat for the owner timeout): with a shared DATA_DIR another instance may finish them.
     */
    public List<LeadBatch> readyForResults() {
        return jdbc.query("SELECT " + COLUMNS + " FROM lead_batch b WHERE b.state = ? AND " + MINE_OR_ORPHANED
                        + " AND NOT EXISTS (SELECT 1 FROM call_lead l WHERE l.batch_id = b.id "
                        + "AND l.state NOT IN ('DONE', 'REJECTED')) ORDER BY b.id",
                BatchStore::map, OPEN, owner, owner, ownerGoneBefore());
    }

    private java.time.Instant ownerGoneBefore() {
        return ownerTimeout == null ? java.time.Instant.EPOCH : clock.instant().minus(ownerTimeout);
    }

    public boolean markWritten(long batchId, String resultsPath) {
        return jdbc.update("UPDATE lead_batch SET state = ?, results_path = ?, finished_at = ? WHERE id = ? AND state = ?",
                WRITTEN, resultsPath, clock.instant(), batchId, OPEN) == 1;
    }

    /** This instance's batches still to be finished: being read, or with results still to write. */
    public int countNotWritten() {
        return jdbc.queryOne("SELECT COUNT(*) FROM lead_batch WHERE state IN (?, ?) "
                + "AND (CAST(? AS VARCHAR(200)) IS NULL OR owner IS NULL OR owner = ?)",
                rs -> rs.getInt(1), INGESTING, OPEN, owner, owner).orElse(0);
    }

    /** Batches from this source whose results file is written but not yet delivered back to it. */
    public List<LeadBatch> awaitingDelivery(String source) {
        return jdbc.query("SELECT " + COLUMNS + " FROM lead_batch b WHERE source = ? AND state = ? "
                + "AND delivered_at IS NULL AND " + MINE_OR_ORPHANED + " ORDER BY id", BatchStore::map, source, WRITTEN,
                owner, owner, ownerGoneBefore());
    }

    /**
     * The kept files of batches finished before {@code before}: their input (in processed/) and results
     * file, once nothing needs them (a results file still to be delivered to {@code deliveringSource} is kept).
     */
    public java.util.Set<java.nio.file.Path> filesFinishedBefore(java.time.Instant before, String deliveringSource) {
        return paths("SELECT stored_path, results_path FROM lead_batch WHERE state IN (?, ?) AND finished_at < ? "
                + "AND NOT (state = ? AND delivered_at IS NULL AND source = ?)", WRITTEN, FAILED, before, WRITTEN,
                deliveringSource);
    }

    /** Every file a batch names: their age is the batch's, not the file's. */
    public java.util.Set<java.nio.file.Path> filesOfBatches() {
        return paths("SELECT stored_path, results_path FROM lead_batch");
    }

    private java.util.Set<java.nio.file.Path> paths(String sql, Object... params) {
        java.util.Set<java.nio.file.Path> paths = new java.util.HashSet<>();
        jdbc.query(sql, rs -> {
            for (int i = 1; i <= 2; i++) {
                if (rs.getString(i) != null) {
                    paths.add(java.nio.file.Path.of(rs.getString(i)).toAbsolutePath().normalize());
                }
            }
            return null;
        }, params);
        return paths;
    }

    public boolean markDelivered(long batchId) {
        return jdbc.update("UPDATE lead_batch SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL",
                clock.instant(), batchId) == 1;
    }

    private static LeadBatch map(ResultSet rs) throws SQLException {
        return new LeadBatch(rs.getLong("id"), rs.getString("campaign_id"), rs.getString("source"),
                rs.getString("input_name"), rs.getString("stored_path"), rs.getString("state"),
                Jdbc.integer(rs, "row_count"), Jdbc.longOrNull(rs, "input_size"), Jdbc.longOrNull(rs, "input_modified"),
                rs.getString("results_path"), rs.getInt("intake_attempts"));
    }
}
