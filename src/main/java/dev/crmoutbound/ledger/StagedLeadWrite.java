package dev.crmoutbound.ledger;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import dev.crmoutbound.privacy.NumberHashes;
import org.postgresql.PGConnection;

/**
 * Writes a chunk of a file's leads the way databases load in bulk: the chunk goes into a staging table
 * (PostgreSQL's COPY, a batch insert on H2), and the do-not-call list, the claims on record ids and
 * numbers, and the insert into {@code call_lead} are each one statement over the whole chunk. Within
 * the chunk, as across chunks and files, the first row to claim a key holds it.
 */
final class StagedLeadWrite {

    private static final String STAGE_COLUMNS = "row_no, request_id, campaign_id, source_key, record_key, phone_e164, "
            + "phone_key, reason, not_before, time_zones, metadata, deferred_by";
    /** The insert of staged leads into the ledger, up to their state; the rest is the caller's. */
    private static final String INSERT_LEAD = "INSERT INTO call_lead (request_id, campaign_id, batch_id, row_no, "
            + "source, record_key, phone_e164, state, reason, next_attempt_at, created_at, updated_at, metadata, "
            + "time_zones, deferred_by) SELECT request_id, campaign_id, ?, row_no, ?, record_key, phone_e164, ";
    private static final int STAGE_WIDTH = STAGE_COLUMNS.split(",").length;

    /** Temporary, so each connection has its own; emptied by every commit. */
    private static final String CREATE_STAGE = "CREATE LOCAL TEMPORARY TABLE IF NOT EXISTS lead_stage ("
            + "row_no INT, request_id VARCHAR(64), campaign_id VARCHAR(100), source_key VARCHAR(500), "
            + "record_key VARCHAR(500), phone_e164 VARCHAR(20), phone_key VARCHAR(32), reason VARCHAR(2000), not_before TIMESTAMP, "
            + "time_zones VARCHAR(4000), metadata VARCHAR, deferred_by VARCHAR(500), dup_kind VARCHAR(8)) "
            + "ON COMMIT DELETE ROWS";

    private StagedLeadWrite() {
    }

    /**
     * Writes the leads (already fitted to the ledger's bounds) of one chunk; returns how many were queued.
     * {@code racing}: another transaction claimed one of the chunk's keys while it was being written, so
     * the claims give way to keys claimed meanwhile (ON CONFLICT DO NOTHING) instead of failing.
     */
    static int write(Connection c, Instant now, String source, LeadBatch batch, List<IncomingLead> leads,
                     NumberHashes hashes, boolean racing) throws SQLException {
        Jdbc.update(c, CREATE_STAGE);
        if (c.isWrapperFor(PGConnection.class)) {
            copyIn(c, batch, leads, hashes);
        } else {
            insert(c, batch, leads, hashes);
        }
        Jdbc.update(c, "UPDATE lead_stage s SET reason = ? WHERE s.reason IS NULL AND EXISTS "
                + "(SELECT 1 FROM dnc_number d WHERE d.phone_e164 = s.phone_e164)", LeadIntakeWriter.ON_DNC_LIST);
        if (!Jdbc.query(c, "SELECT 1 FROM dnc_hash LIMIT 1", rs -> 1).isEmpty()) { // erased people: usually none
            Jdbc.update(c, "UPDATE lead_stage s SET reason = ? WHERE s.reason IS NULL AND EXISTS "
                    + "(SELECT 1 FROM dnc_hash h WHERE h.phone_hash = s.phone_key)", LeadIntakeWriter.ON_DNC_LIST);
        }
        claim(c, LeadIntakeWriter.KEY_RECORD, "source_key", racing);
        claim(c, LeadIntakeWriter.KEY_PHONE, "phone_key", racing);
        // the queued leads first: a duplicate names the lead holding its key, which may be in this chunk
        int queued = Jdbc.update(c, INSERT_LEAD + "?, reason, CASE WHEN not_before > ? THEN not_before ELSE ? END, "
                + "?, ?, metadata, time_zones, deferred_by FROM lead_stage s WHERE reason IS NULL",
                batch.id(), source, LeadState.QUEUED, now, now, now, now);
        Jdbc.update(c, INSERT_LEAD + "?, "
                + "CASE WHEN dup_kind IS NULL THEN reason ELSE reason || COALESCE((SELECT ' (same as ' || "
                + "CASE WHEN b.input_name IS NULL THEN 'record ' || h.record_key "
                + "ELSE b.input_name || ' row ' || CAST(h.row_no AS VARCHAR(12)) END || ')' "
                + "FROM lead_key k JOIN call_lead h ON h.request_id = k.request_id "
                + "LEFT JOIN lead_batch b ON b.id = h.batch_id WHERE k.campaign_id = s.campaign_id "
                + "AND k.key_kind = s.dup_kind AND k.key_value = CASE WHEN s.dup_kind = ? THEN s.source_key "
                + "ELSE s.phone_key END), '') END, "
                + "?, ?, ?, metadata, time_zones, NULL FROM lead_stage s WHERE reason IS NOT NULL",
                batch.id(), source, LeadState.REJECTED, LeadIntakeWriter.KEY_RECORD, now, now, now);
        return queued;
    }

    /**
     * Claims one kind of key for every still-dialable lead, in row order; a lead whose key another lead
     * holds (from this chunk, an earlier one, or another file) becomes a duplicate of it. The insert
     * skips held keys itself, which costs PostgreSQL half of what ON CONFLICT does; should another
     * transaction claim one of the keys at the same moment, the unique key refuses this chunk, which is
     * then written again {@code racing}. The keys go in in the key index's order: hashed numbers arrive in
     * random order, and H2 writes a random-key index half as fast as the same keys sorted.
     */
    private static void claim(Connection c, String kind, String keyColumn, boolean racing) throws SQLException {
        String claimable = "s.reason IS NULL AND s." + keyColumn + " IS NOT NULL";
        int claimed = Jdbc.update(c, "INSERT INTO lead_key (campaign_id, key_kind, key_value, request_id) "
                + "SELECT campaign_id, ?, key_value, request_id FROM (SELECT s.campaign_id, s." + keyColumn
                + " AS key_value, s.request_id, ROW_NUMBER() OVER (PARTITION BY s.campaign_id, s." + keyColumn
                + " ORDER BY s.row_no) AS nth FROM lead_stage s WHERE " + claimable
                + " AND NOT EXISTS (SELECT 1 FROM lead_key k WHERE k.campaign_id = s.campaign_id "
                + "AND k.key_kind = ? AND k.key_value = s." + keyColumn + ")) first WHERE nth = 1 "
                + "ORDER BY campaign_id, key_value" + (racing ? " ON CONFLICT DO NOTHING" : ""), kind, kind);
        int wanted = Jdbc.query(c, "SELECT COUNT(*) FROM lead_stage s WHERE " + claimable, rs -> rs.getInt(1)).get(0);
        if (claimed == wanted) {
            return; // every lead got its key: no duplicates to mark
        }
        Jdbc.update(c, "UPDATE lead_stage s SET reason = ?, dup_kind = ? WHERE " + claimable
                + " AND NOT EXISTS (SELECT 1 FROM lead_key k WHERE k.campaign_id = s.campaign_id "
                + "AND k.key_kind = ? AND k.key_value = s." + keyColumn + " AND k.request_id = s.request_id)",
                LeadIntakeWriter.duplicateReason(kind), kind, kind);
    }

    /** A lead as a row of the staging table, in the order of {@link #STAGE_COLUMNS}. */
    private static Object[] stageRow(LeadBatch batch, IncomingLead lead, NumberHashes hashes) {
        return new Object[] {lead.rowNo(), RequestIds.next(), lead.campaignId(), lead.sourceKey(),
            LeadIntakeWriter.recordKey(lead, batch, null), lead.phoneE164(),
            lead.rejectReason() == null ? hashes.of(lead.phoneE164()) : null, lead.rejectReason(),
            lead.rejectReason() == null ? lead.notBefore() : null, lead.timeZones(), lead.metadataJson(),
            lead.rejectReason() == null ? InputBounds.clip(lead.deferredBy(), InputBounds.DEFERRED_BY) : null};
    }

    private static void insert(Connection c, LeadBatch batch, List<IncomingLead> leads, NumberHashes hashes)
            throws SQLException {
        Jdbc.updateEach(c, "INSERT INTO lead_stage (" + STAGE_COLUMNS + ") VALUES (" + Jdbc.marks(STAGE_WIDTH) + ")",
                leads.stream().map(lead -> stageRow(batch, lead, hashes)).toList());
    }

    /** COPY in CSV: an unquoted empty field is NULL, every value is quoted. */
    private static void copyIn(Connection c, LeadBatch batch, List<IncomingLead> leads, NumberHashes hashes)
            throws SQLException {
        StringBuilder csv = new StringBuilder(leads.size() * 220);
        for (IncomingLead lead : leads) {
            Object[] row = stageRow(batch, lead, hashes);
            for (int i = 0; i < row.length; i++) {
                quoted(csv, text(row[i])).append(i < row.length - 1 ? ',' : '\n');
            }
        }
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY lead_stage (" + STAGE_COLUMNS
                    + ") FROM STDIN (FORMAT csv)", new StringReader(csv.toString()));
        } catch (IOException e) {
            throw new SQLException("could not stream the chunk to PostgreSQL", e);
        }
    }

    /** A value as COPY reads it; an Instant as the ledger keeps times ({@link Jdbc#instant}): UTC. */
    private static String text(Object value) {
        return value == null ? null : value instanceof Instant instant
                ? LocalDateTime.ofInstant(instant, ZoneOffset.UTC).toString() : value.toString();
    }

    private static StringBuilder quoted(StringBuilder csv, String value) {
        if (value == null) {
            return csv;
        }
        csv.append('"');
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            csv.append(ch);
            if (ch == '"') {
                csv.append('"');
            }
        }
        return csv.append('"');
    }
}
