package dev.crmoutbound.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Input batches: created on first sight of a file, OPEN once every row is in the ledger, then WRITTEN. */
public class BatchStore {

    public static final String INGESTING = "INGESTING";
    public static final String OPEN = "OPEN";
    public static final String WRITTEN = "WRITTEN";

    private static final String COLUMNS =
            "id, campaign_id, source, input_name, stored_path, state, row_count, input_size, input_modified, results_path";

    private final Jdbc jdbc;
    private final Clock clock;

    public BatchStore(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The batch for this key, created if new: a file re-read after a crash resumes its own batch. */
    public LeadBatch findOrCreate(String campaignId, InputFile input) {
        jdbc.update("INSERT INTO lead_batch (campaign_id, source, batch_key, input_name, input_size, input_modified, "
                        + "state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                campaignId, input.source(), input.batchKey(), input.name(), input.size(), input.modified(), INGESTING,
                clock.instant());
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM lead_batch WHERE batch_key = ?", BatchStore::map,
                input.batchKey()).orElseThrow();
    }

    public Optional<LeadBatch> find(long id) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM lead_batch WHERE id = ?", BatchStore::map, id);
    }

    public void markOpen(long batchId, int rowCount, String storedPath) {
        jdbc.update("UPDATE lead_batch SET state = ?, row_count = ?, stored_path = ? WHERE id = ? AND state = ?",
                OPEN, rowCount, storedPath, batchId, INGESTING);
    }

    /** OPEN batches none of whose leads can still change. */
    public List<LeadBatch> readyForResults() {
        return jdbc.query("SELECT " + COLUMNS + " FROM lead_batch b WHERE b.state = ? AND NOT EXISTS ("
                        + "SELECT 1 FROM call_lead l WHERE l.batch_id = b.id AND l.state NOT IN ('DONE', 'REJECTED'))"
                        + " ORDER BY b.id",
                BatchStore::map, OPEN);
    }

    public boolean markWritten(long batchId, String resultsPath) {
        return jdbc.update("UPDATE lead_batch SET state = ?, results_path = ?, finished_at = ? WHERE id = ? AND state = ?",
                WRITTEN, resultsPath, clock.instant(), batchId, OPEN) == 1;
    }

    public int countNotWritten() {
        return jdbc.queryOne("SELECT COUNT(*) FROM lead_batch WHERE state <> ?", rs -> rs.getInt(1), WRITTEN)
                .orElse(0);
    }

    /** Batches from this source whose results file is written but not yet delivered back to it. */
    public List<LeadBatch> awaitingDelivery(String source) {
        return jdbc.query("SELECT " + COLUMNS + " FROM lead_batch WHERE source = ? AND state = ? "
                + "AND delivered_at IS NULL ORDER BY id", BatchStore::map, source, WRITTEN);
    }

    public boolean markDelivered(long batchId) {
        return jdbc.update("UPDATE lead_batch SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL",
                clock.instant(), batchId) == 1;
    }

    private static LeadBatch map(ResultSet rs) throws SQLException {
        return new LeadBatch(rs.getLong("id"), rs.getString("campaign_id"), rs.getString("source"),
                rs.getString("input_name"), rs.getString("stored_path"), rs.getString("state"),
                Jdbc.integer(rs, "row_count"), Jdbc.longOrNull(rs, "input_size"), Jdbc.longOrNull(rs, "input_modified"),
                rs.getString("results_path"));
    }
}
