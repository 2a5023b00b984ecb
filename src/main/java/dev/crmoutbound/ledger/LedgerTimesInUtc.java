package dev.crmoutbound.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Migration 13: the ledger's times, written until now as wall-clock times of the JVM's zone, become UTC
 * wall-clock times ({@link Jdbc#instant}). Nothing to do where the JVM ran in UTC. Elsewhere each time
 * is moved by its zone's offset at that time, in one statement per table; a time in the hour a zone
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
        Map<String, List<String>> byTable = new LinkedHashMap<>();
        for (String qualified : COLUMNS) {
            byTable.computeIfAbsent(qualified.substring(0, qualified.indexOf('.')), t -> new ArrayList<>())
                    .add(qualified.substring(qualified.indexOf('.') + 1));
        }
        for (Map.Entry<String, List<String>> table : byTable.entrySet()) {
            toUtc(c, table.getKey(), table.getValue());
        }
    }

    /** One UPDATE per table: each time less its zone's offset then, by the spans between changes of offset. */
    private void toUtc(Connection c, String table, List<String> columns) throws SQLException {
        LocalDateTime first = null;
        LocalDateTime last = null;
        for (String column : columns) {
            for (LocalDateTime[] span : Jdbc.query(c, "SELECT MIN(" + column + "), MAX(" + column + ") FROM " + table,
                    rs -> new LocalDateTime[] {rs.getObject(1, LocalDateTime.class), rs.getObject(2, LocalDateTime.class)})) {
                first = span[0] == null || first != null && first.isBefore(span[0]) ? first : span[0];
                last = span[1] == null || last != null && last.isAfter(span[1]) ? last : span[1];
            }
        }
        if (first == null) {
            return; // an empty table
        }
        List<LocalDateTime> changes = new ArrayList<>();
        List<ZoneOffset> offsets = new ArrayList<>();
        var rules = writtenIn.getRules();
        // an instant safely before the first time: a local time could fall in a gap, and be moved past it
        java.time.Instant from = first.minusDays(2).toInstant(ZoneOffset.UTC);
        offsets.add(rules.getOffset(from));
        for (ZoneOffsetTransition next = rules.nextTransition(from);
             next != null && !next.getDateTimeBefore().isAfter(last.plusDays(1)); next = rules.nextTransition(next.getInstant())) {
            changes.add(next.getDateTimeBefore());
            offsets.add(next.getOffsetAfter());
        }
        List<String> sets = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        for (String column : columns) {
            StringBuilder utc = new StringBuilder(changes.isEmpty() ? "" : "CASE"); // a CASE needs a WHEN
            for (int i = 0; i < changes.size(); i++) {
                utc.append(" WHEN ").append(column).append(" < ? THEN ").append(minus(column, offsets.get(i)));
                params.add(changes.get(i));
            }
            String otherwise = minus(column, offsets.get(changes.size()));
            sets.add(column + " = " + (changes.isEmpty() ? otherwise : utc + " ELSE " + otherwise + " END"));
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET " + String.join(", ", sets))) {
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
