package dev.crmoutbound.ledger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Read-only views of the ledger for the status page: calls started per minute, files in flight, rejections. */
public class LedgerOverview {

    /** An input whose leads are being taken in or called; {@code finished} of its {@code rows} are final. */
    public record FileInFlight(String campaignId, String source, String name, String state, Integer rows, int finished) {
    }

    private final Jdbc jdbc;
    private final Clock clock;

    public LedgerOverview(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Dial attempts started in each minute of the last {@code span}, by the minute's start; quiet minutes are absent. */
    public Map<Instant, Integer> callsPerMinute(Duration span) {
        Map<Instant, Integer> perMinute = new LinkedHashMap<>();
        jdbc.query("SELECT DATE_TRUNC('MINUTE', started_at) AS started_minute, COUNT(*) AS n FROM call_attempt "
                        + "WHERE started_at > ? GROUP BY DATE_TRUNC('MINUTE', started_at) ORDER BY 1",
                rs -> perMinute.put(Jdbc.instant(rs, "started_minute"), rs.getInt("n")), clock.instant().minus(span));
        return perMinute;
    }

    /** Inputs taken in or being called (not yet written back), oldest first. */
    public List<FileInFlight> filesInFlight() {
        return jdbc.query("SELECT b.campaign_id, b.source, b.input_name, b.state, b.row_count, "
                        + "(SELECT COUNT(*) FROM call_lead l WHERE l.batch_id = b.id AND l.state IN ('DONE', 'REJECTED')) AS finished "
                        + "FROM lead_batch b WHERE b.state IN ('" + BatchStore.INGESTING + "', '" + BatchStore.OPEN + "') "
                        + "ORDER BY b.id",
                rs -> new FileInFlight(rs.getString("campaign_id"), rs.getString("source"), rs.getString("input_name"),
                        rs.getString("state"), Jdbc.integer(rs, "row_count"), rs.getInt("finished")));
    }

    /**
     * The campaign's rejected leads counted by their reason as stored (a reason may quote the raw number),
     * the {@code most} commonest reasons only.
     */
    public Map<String, Integer> rejectionReasons(String campaignId, int most) {
        Map<String, Integer> reasons = new LinkedHashMap<>();
        jdbc.query("SELECT COALESCE(reason, '') AS reason, COUNT(*) AS n FROM call_lead "
                        + "WHERE campaign_id = ? AND state = 'REJECTED' GROUP BY COALESCE(reason, '') ORDER BY n DESC LIMIT ?",
                rs -> reasons.put(rs.getString("reason"), rs.getInt("n")), campaignId, most);
        return reasons;
    }
}
