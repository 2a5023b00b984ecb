package dev.crmoutbound.ledger;

import java.time.Clock;
import java.util.List;

/**
 * Records a CRM event asked to call, kept until they have been looked up. Writing them is quick and
 * local, so an event's replay id is stored only after what it asked for is safe in the ledger.
 */
public class RecordRequests {

    private final Jdbc jdbc;
    private final Clock clock;
    private final String source;

    public RecordRequests(Jdbc jdbc, Clock clock, String source) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.source = source;
    }

    public void add(List<String> recordIds) {
        for (String id : recordIds) {
            jdbc.update("INSERT INTO record_request (source, record_id, requested_at) VALUES (?, ?, ?) "
                    + "ON CONFLICT DO NOTHING", source, id, clock.instant());
        }
    }

    public List<String> pending(int max) {
        return jdbc.query("SELECT record_id FROM record_request WHERE source = ? ORDER BY requested_at, record_id LIMIT ?",
                rs -> rs.getString(1), source, max);
    }

    public void lookedUp(List<String> recordIds) {
        for (String id : recordIds) {
            jdbc.update("DELETE FROM record_request WHERE source = ? AND record_id = ?", source, id);
        }
    }
}
