package dev.crmoutbound.ledger;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Inserts new leads into {@code call_lead} the way each database loads rows fastest: PostgreSQL's COPY
 * (pgjdbc's CopyManager) for a file's chunk, a batch of prepared inserts otherwise.
 */
final class LeadRowsInsert {

    /** A new lead's row; {@code recordClaim} and {@code phoneClaim} are the keys it holds, if any. */
    record Row(String requestId, String campaignId, Long batchId, Integer rowNo, String source, String recordKey,
               String phoneE164, LeadState state, String reason, Instant nextAttemptAt, String metadata,
               String timeZones, String deferredBy, String recordClaim, String phoneClaim) {

        Object[] values(Instant now) {
            return new Object[] {requestId, campaignId, batchId, rowNo, source, recordKey, phoneE164, state, reason,
                nextAttemptAt, now, now, metadata, timeZones, deferredBy, recordClaim, phoneClaim};
        }
    }

    private static final String COLUMNS = "request_id, campaign_id, batch_id, row_no, source, record_key, phone_e164, "
            + "state, reason, next_attempt_at, created_at, updated_at, metadata, time_zones, deferred_by, record_claim, "
            + "phone_claim";
    private static final int WIDTH = COLUMNS.split(",").length;
    private static final byte[] BINARY_SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    private static final Instant POSTGRES_EPOCH = Instant.parse("2000-01-01T00:00:00Z");
    /** A chunk goes to PostgreSQL as it is written, in pieces of this many bytes. */
    private static final int COPY_BUFFER = 1 << 16;
    /** Below this many rows a COPY's set-up costs more than it saves. */
    private static final int COPY_FROM = 64;

    private LeadRowsInsert() {
    }

    static void insert(Connection c, Instant now, List<Row> rows) throws SQLException {
        if (rows.size() >= COPY_FROM && c.isWrapperFor(PGConnection.class)) {
            copyIn(c, now, rows);
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO call_lead (" + COLUMNS + ") VALUES ("
                + Jdbc.marks(COLUMNS.split(",").length) + ")")) {
            for (Row row : rows) {
                Jdbc.bind(ps, row.values(now));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * COPY in PostgreSQL's binary format: no text for the server to parse (three timestamps a row, as
     * text, were a tenth of the load). Each value is written as the type of its column in the ledger.
     */
    private static void copyIn(Connection c, Instant now, List<Row> rows) throws SQLException {
        PGCopyOutputStream copy = new PGCopyOutputStream(c.unwrap(PGConnection.class), "COPY call_lead (" + COLUMNS
                + ") FROM STDIN (FORMAT binary)", COPY_BUFFER);
        DataOutputStream out = new DataOutputStream(copy);
        try {
            out.write(BINARY_SIGNATURE);
            out.writeInt(0); // flags
            out.writeInt(0); // no header extension
            long nowMicros = micros(now);
            for (Row row : rows) {
                out.writeShort(WIDTH);
                text(out, row.requestId());
                text(out, row.campaignId());
                if (row.batchId() == null) {
                    out.writeInt(-1);
                } else {
                    out.writeInt(8);
                    out.writeLong(row.batchId());
                }
                if (row.rowNo() == null) {
                    out.writeInt(-1);
                } else {
                    out.writeInt(4);
                    out.writeInt(row.rowNo());
                }
                text(out, row.source());
                text(out, row.recordKey());
                text(out, row.phoneE164());
                text(out, row.state().name());
                text(out, row.reason());
                timestamp(out, micros(row.nextAttemptAt()));
                timestamp(out, nowMicros);
                timestamp(out, nowMicros);
                text(out, row.metadata());
                text(out, row.timeZones());
                text(out, row.deferredBy());
                text(out, row.recordClaim());
                text(out, row.phoneClaim());
            }
            out.writeShort(-1);
            copy.endCopy();
        } catch (IOException e) {
            throw new SQLException("could not stream the chunk to PostgreSQL", e);
        } finally {
            if (copy.isActive()) { // the transaction is rolled back; the connection must leave COPY first
                copy.cancelCopy();
            }
        }
    }

    private static void text(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static void timestamp(DataOutputStream out, long micros) throws IOException {
        out.writeInt(8);
        out.writeLong(micros);
    }

    /** A time as the ledger keeps it (UTC wall-clock, {@link Jdbc#instant}) in PostgreSQL's binary form. */
    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(POSTGRES_EPOCH, instant);
    }
}
