package dev.crmoutbound.ledger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Leads HELD until the CRM they came from accepts the claim on their record: which claims are due (each
 * leased, so that one instance sends it), and what became of each: accepted (the lead is queued to
 * call), refused for good (rejected with the CRM's reason, never called), or to be tried again later.
 */
public class RecordClaims {

    /** A lead whose record is to be claimed. */
    public record Held(long leadId, String recordKey, String campaignId) {
    }

    private final Jdbc jdbc;
    private final Clock clock;
    private final String source;
    private final Duration lease;

    public RecordClaims(Jdbc jdbc, Clock clock, String source, Duration lease) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.source = source;
        this.lease = lease;
    }

    /** Up to {@code max} claims due now, each leased to the caller. */
    public List<Held> due(int max) {
        Instant now = clock.instant();
        List<Held> candidates = jdbc.query("SELECT id, record_key, campaign_id FROM call_lead WHERE source = ? "
                        + "AND state = 'HELD' AND next_attempt_at <= ? ORDER BY id LIMIT ?",
                rs -> new Held(rs.getLong("id"), rs.getString("record_key"), rs.getString("campaign_id")), source, now, max);
        Instant until = now.plus(lease);
        return candidates.stream().filter(h -> jdbc.update("UPDATE call_lead SET next_attempt_at = ? WHERE id = ? "
                + "AND state = 'HELD' AND next_attempt_at <= ?", until, h.leadId(), now) == 1).toList();
    }

    /** The CRM took the claim: the lead may be called from now on. */
    public void accepted(long leadId) {
        Instant now = clock.instant();
        jdbc.update("UPDATE call_lead SET state = 'QUEUED', next_attempt_at = ?, reason = NULL, updated_at = ? "
                + "WHERE id = ? AND state = 'HELD'", now, now, leadId);
    }

    /** The CRM will never take it: the lead is rejected with its reason, and never called. */
    public void refused(long leadId, String reason) {
        jdbc.update("UPDATE call_lead SET state = 'REJECTED', reason = ?, updated_at = ? WHERE id = ? AND state = 'HELD'",
                InputBounds.reason(reason), clock.instant(), leadId);
    }

    /** The claim is tried again at {@code at}. */
    public void later(long leadId, Instant at, String reason) {
        jdbc.update("UPDATE call_lead SET next_attempt_at = ?, reason = ?, updated_at = ? WHERE id = ? AND state = 'HELD'",
                at, InputBounds.reason(reason), clock.instant(), leadId);
    }
}
