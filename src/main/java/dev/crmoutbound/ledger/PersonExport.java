package dev.crmoutbound.ledger;

import dev.crmoutbound.privacy.NumberHashes;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the ledger holds about one person (a number), for a subject access request: their leads (with the
 * CRM fields sent with each call and the start of its transcript), each call attempt, the webhook events
 * recorded for their calls, the write-backs of their outcomes, and whether and how they are on the
 * do-not-call list. Leads past retention are found by the number's hash; their personal fields are gone.
 */
public class PersonExport {

    private final Jdbc jdbc;
    private final NumberHashes hashes;

    public PersonExport(Jdbc jdbc, NumberHashes hashes) {
        this.jdbc = jdbc;
        this.hashes = hashes;
    }

    public Map<String, Object> export(String e164) {
        List<String> hashed = hashes.all(e164);
        return jdbc.inTransaction(c -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("number", e164);
            List<Map<String, Object>> leads = Jdbc.query(c, PersonErasure.leadsOf("id, request_id, campaign_id, source, "
                    + "record_key, phone_e164, state, reason, outcome, call_id, call_status, attempts, duration_s, "
                    + "cost_cents, hangup_cause, metadata, transcript_excerpt, deferred_by, created_at, updated_at, "
                    + "reduced_at, batch_id, row_no", hashed), PersonExport::row, PersonErasure.leadParams(e164, hashed));
            for (Map<String, Object> lead : leads) {
                Object id = lead.get("id");
                lead.put("input_file", Jdbc.query(c, "SELECT input_name FROM lead_batch WHERE id = ?",
                        rs -> rs.getString(1), lead.get("batch_id")).stream().findFirst().orElse(null));
                lead.put("call_attempts", Jdbc.query(c, "SELECT attempt_no, started_at, call_id, outcome, ended_at "
                        + "FROM call_attempt WHERE lead_id = ? ORDER BY attempt_no", PersonExport::row, id));
                lead.put("webhook_events", Jdbc.query(c, "SELECT event_id, event_type, call_id, applied, received_at "
                        + "FROM webhook_event WHERE lead_id = ? ORDER BY received_at", PersonExport::row, id));
                lead.put("write_backs", Jdbc.query(c, "SELECT state, attempts, last_error, task_id, updated_at "
                        + "FROM crm_writeback WHERE lead_id = ?", PersonExport::row, id));
            }
            out.put("leads", leads);
            Map<String, Object> dnc = new LinkedHashMap<>();
            dnc.put("listed", Jdbc.query(c, "SELECT source, added_at FROM dnc_number WHERE phone_e164 = ?",
                    PersonExport::row, e164));
            dnc.put("listed_by_hash", Jdbc.query(c, "SELECT source, added_at FROM dnc_hash WHERE phone_hash IN ("
                    + Jdbc.marks(hashed.size()) + ")", PersonExport::row, hashed.toArray()));
            out.put("do_not_call", dnc);
            return out;
        });
    }

    /** A row as column name to value (times as ISO text), in the query's order. */
    private static Map<String, Object> row(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            Object value = meta.getColumnType(i) == java.sql.Types.TIMESTAMP ? Jdbc.instant(rs, i) : rs.getObject(i);
            row.put(meta.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT),
                    value instanceof Instant t ? t.toString() : value);
        }
        return row;
    }
}
