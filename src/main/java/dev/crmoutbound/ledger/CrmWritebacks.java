package dev.crmoutbound.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Which final leads still have to be written back to the CRM they came from, and how each write-back
 * went. A lead is written back until it succeeds; after {@code maxAttempts} failures it becomes a dead
 * letter, kept with its last error until it is replayed. A completed call is written back once its
 * transcript has come, or {@code transcriptWait} after the call ended if none has.
 */
public class CrmWritebacks {

    public static final String PENDING = "PENDING";
    public static final String DONE = "DONE";
    public static final String DEAD = "DEAD";
    /** The CRM refused it for good (a deleted or converted record, a validation rule): never tried again. */
    public static final String REFUSED = "REFUSED";
    /** Not to be written back: a dead letter past its retention, or an erased person's outcome. */
    public static final String DISCARDED = "DISCARDED";

    /** Final leads of a source (parameter 1) whose write-back is due (parameters 2 to 4). */
    private static final String DUE = "FROM call_lead l LEFT JOIN crm_writeback w ON w.lead_id = l.id "
            + "WHERE l.source = ? AND l.state IN ('DONE', 'REJECTED') "
            + "AND (l.state <> 'DONE' OR l.outcome <> 'completed' OR l.transcript_excerpt IS NOT NULL OR l.updated_at <= ?) "
            + "AND (w.lead_id IS NULL OR (w.state = '" + PENDING + "' AND w.next_attempt_at <= ?))";

    /** How many write-backs are due, and since when the oldest has been. */
    public record Backlog(int due, Instant oldest) {
    }

    private final Jdbc jdbc;
    private final Clock clock;
    private final int maxAttempts;
    private final Duration backoff;
    private final Duration lease;
    private final Duration transcriptWait;

    public CrmWritebacks(Jdbc jdbc, Clock clock, int maxAttempts, Duration backoff, Duration lease,
                         Duration transcriptWait) {
        this.transcriptWait = transcriptWait;
        this.jdbc = jdbc;
        this.clock = clock;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.lease = lease;
    }

    /**
     * Final leads whose write-back is due, each claimed for the lease: no other pass or instance takes
     * it up until the lease runs out (as it does when the one that claimed it dies).
     */
    public List<FinalLead> claimDue(String source, int max) {
        Instant now = clock.instant();
        List<FinalLead> candidates = jdbc.query("SELECT l.id, l.record_key, l.state, l.outcome, l.reason, l.call_id, "
                        + "l.attempts, l.duration_s, l.updated_at, l.transcript_excerpt, l.deferred_by, w.task_id " + DUE
                        + " ORDER BY l.id LIMIT ?",
                CrmWritebacks::map, source, now.minus(transcriptWait), now, max);
        return candidates.stream().filter(lead -> claim(lead.leadId(), now, now.plus(lease))).toList();
    }

    /** The due write-backs of a source: how many, and the oldest one's lead's last change. */
    public Backlog backlog(String source) {
        Instant now = clock.instant();
        return jdbc.queryOne("SELECT COUNT(*) AS n, MIN(l.updated_at) AS oldest " + DUE,
                rs -> new Backlog(rs.getInt("n"), Jdbc.instant(rs, "oldest")), source, now.minus(transcriptWait), now)
                .orElse(new Backlog(0, null));
    }

    private boolean claim(long leadId, Instant now, Instant until) {
        int taken = jdbc.update("UPDATE crm_writeback SET next_attempt_at = ?, updated_at = ? "
                + "WHERE lead_id = ? AND state = ? AND next_attempt_at <= ?", until, now, leadId, PENDING, now);
        if (taken == 1) {
            return true;
        }
        return jdbc.update("INSERT INTO crm_writeback (lead_id, state, attempts, next_attempt_at, updated_at) "
                + "VALUES (?, ?, 0, ?, ?) ON CONFLICT DO NOTHING", leadId, PENDING, until, now) == 1;
    }

    public void succeeded(long leadId, String taskId) {
        upsert(leadId, DONE, 0, clock.instant(), null, taskId);
    }

    /** The CRM will never take this write-back: kept with why, never tried again, not a dead letter. */
    public void refused(long leadId, String error, String taskId) {
        upsert(leadId, REFUSED, 0, clock.instant(), InputBounds.reason(error), taskId);
    }

    /**
     * The write-back failed and is tried again later, keeping the activity already logged for the call
     * ({@code taskId}, or null); returns true when this failure made it a dead letter.
     */
    public boolean failed(long leadId, String error, String taskId) {
        int attempts = jdbc.queryOne("SELECT attempts FROM crm_writeback WHERE lead_id = ?", rs -> rs.getInt(1), leadId)
                .orElse(0) + 1;
        boolean dead = attempts >= maxAttempts;
        Instant next = clock.instant().plus(backoff.multipliedBy(1L << Math.min(attempts - 1, 10)));
        upsert(leadId, dead ? DEAD : PENDING, attempts, next, InputBounds.reason(error), taskId);
        return dead;
    }

    /**
     * Writes a final lead's outcome back again (its record asked to be called again, but a record is
     * called once per campaign); returns false when the lead is not final and written back yet.
     */
    public boolean writeAgain(String campaignId, String source, String recordKey) {
        Instant now = clock.instant();
        return jdbc.update("UPDATE crm_writeback SET state = ?, attempts = 0, next_attempt_at = ?, updated_at = ? "
                + "WHERE state = ? AND lead_id IN (SELECT id FROM call_lead WHERE campaign_id = ? AND source = ? "
                + "AND record_key = ?)", PENDING, now, now, DONE, campaignId, source, recordKey) > 0;
    }

    /** Puts every dead letter of a source back in line; returns how many. */
    public int replayDeadLetters(String source) {
        return jdbc.update("UPDATE crm_writeback SET state = ?, attempts = 0, next_attempt_at = ?, updated_at = ? "
                + "WHERE state = ? AND lead_id IN (SELECT id FROM call_lead WHERE source = ?)", PENDING, clock.instant(),
                clock.instant(), DEAD, source);
    }

    public int countDeadLetters(String source) {
        return jdbc.queryOne("SELECT COUNT(*) FROM crm_writeback w JOIN call_lead l ON l.id = w.lead_id "
                + "WHERE w.state = ? AND l.source = ?", rs -> rs.getInt(1), DEAD, source).orElse(0);
    }

    /** Final leads from this source not yet written back, dead letters included (refused ones are settled). */
    public int countNotWrittenBack(String source) {
        return jdbc.queryOne("SELECT COUNT(*) FROM call_lead l LEFT JOIN crm_writeback w ON w.lead_id = l.id "
                        + "WHERE l.source = ? AND l.state IN ('DONE', 'REJECTED') AND (w.lead_id IS NULL OR w.state NOT IN (?, ?, ?))",
                rs -> rs.getInt(1), source, DONE, REFUSED, DISCARDED).orElse(0);
    }

    /** Write-backs the CRM refused for good. */
    public int countRefused() {
        return jdbc.queryOne("SELECT COUNT(*) FROM crm_writeback WHERE state = ?", rs -> rs.getInt(1), REFUSED).orElse(0);
    }

    private void upsert(long leadId, String state, int attempts, Instant next, String error, String taskId) {
        Instant now = clock.instant();
        int updated = jdbc.update("UPDATE crm_writeback SET state = ?, attempts = ?, next_attempt_at = ?, last_error = ?, "
                + "task_id = COALESCE(?, task_id), updated_at = ? WHERE lead_id = ?", state, attempts, next, error, taskId,
                now, leadId);
        if (updated == 0) {
            jdbc.update("INSERT INTO crm_writeback (lead_id, state, attempts, next_attempt_at, last_error, task_id, "
                    + "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)", leadId, state, attempts, next, error, taskId, now);
        }
    }

    private static FinalLead map(ResultSet rs) throws SQLException {
        return new FinalLead(rs.getLong("id"), rs.getString("record_key"), LeadState.valueOf(rs.getString("state")),
                rs.getString("outcome"), rs.getString("reason"), rs.getString("call_id"), rs.getInt("attempts"),
                Jdbc.integer(rs, "duration_s"), Jdbc.instant(rs, "updated_at"), rs.getString("transcript_excerpt"),
                rs.getString("task_id"), rs.getString("deferred_by"));
    }
}
