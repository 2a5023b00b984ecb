package dev.crmoutbound.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Migration 13: the ledger's times, written until now as wall-clock times of the JVM's zone, become UTC
 * wall-clock times ({@link Jdbc#instant}). Nothing to do where the JVM ran in UTC. Elsewhere each time
 * is moved by its zone's offset at that time, in one statement per column; a time in the hour a zone
 * repeats (summer time ending) was ambiguous when written and is read as the earlier of the two.
 */
public final class LedgerTimesInUtc implements JavaMigration {

    /** Every time column the ledger's own code writes (not Camel's idempotent repository's). */
    static final List<String> COLUMNS = List.of("campaign.paused_until", "campaign.updated_at", "lead_batch.created_at",
            "lead_batch.finished_at", "lead_batch.delivered_at", "call_lead.next_attempt_at", "call_lead.dial_started_at",
            "call_lead.created_at", "call_lead.updated_at", "call_lead.reduced_at", "webhook_event.received_at",
            "crm_writeback.next_attempt_at", "crm_writeback.updated_at", "pubsub_replay.updated_at",
            "record_request.requested_at", "dnc_number.added_at", "dnc_hash.added_at", "call_attempt.started_at",
            "call_attempt.ended_at", "krosai_account.updated_at", "service_instance.started_at",
            "service_instance.heartbeat_at", "lead_file_claim.claimed_at", "privacy_key.created_at");

    private final ZoneId writtenIn;

    /** {@code writtenIn}: the zone of the JVM that wrote the ledger until now (this one's, unless it moved). */
    public LedgerTimesInUtc(ZoneId writtenIn) {
        this.writtenIn = writtenIn;
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("13");
    }

    @Override
    public String getDescription() {
        return "ledger times in UTC";
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        if (writtenIn.normalized().equals(ZoneOffset.UTC)) {
            return;
        }
        Connection c = context.getConnection();
        for (String qualified : COLUMNS) {
            String table = qualified.substring(0, qualified.indexOf('.'));
            String column = qualified.substring(qualified.indexOf('.') + 1);
            List<LocalDateTime[]> span = Jdbc.query(c, "SELECT MIN(" + column + "), MAX(" + column + ") FROM " + table,
                    rs -> new LocalDateTime[] {rs.getObject(1, LocalDateTime.class), rs.getObject(2, LocalDateTime.class)});
            if (span.get(0)[0] != null) {
                toUtc(c, table, column, span.get(0)[0], span.get(0)[1]);
            }
        }
    }

    /** One UPDATE: each time less its zone's offset, by the spans between the zone's changes of offset. */
    private void toUtc(Connection c, String table, String column, LocalDateTime first, LocalDateTime last)
            throws SQLException {
        StringBuilder shift = new StringBuilder("CASE");
        List<Object> params = new ArrayList<>();
        var rules = writtenIn.getRules();
        ZoneOffset offset = rules.getOffset(first.minusDays(1));
        ZoneOffsetTransition next = rules.nextTransition(first.minusDays(1).atZone(writtenIn).toInstant());
        while (next != null && !next.getDateTimeBefore().isAfter(last.plusDays(1))) {
            shift.append(" WHEN ").append(column).append(" < ? THEN ").append(minus(column, offset));
            params.add(next.getDateTimeBefore());
            offset = next.getOffsetAfter();
            next = rules.nextTransition(next.getInstant());
        }
        shift.append(" ELSE ").append(minus(column, offset)).append(" END");
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET " + column + " = " + shift
                + " WHERE " + column + " IS NOT NULL")) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            ps.executeUpdate();
        }
    }

    /** The column less a zone offset, in the interval syntax both H2 and PostgreSQL read. */
    private static String minus(String column, ZoneOffset offset) {
        int seconds = offset.getTotalSeconds();
        return column + (seconds >= 0 ? " - " : " + ") + "INTERVAL '" + Math.abs(seconds) + "' SECOND";
    }
}
