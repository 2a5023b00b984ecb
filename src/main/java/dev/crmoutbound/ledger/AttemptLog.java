package dev.crmoutbound.ledger;

import dev.crmoutbound.policy.rules.CallingTimes;
import dev.crmoutbound.policy.rules.JurisdictionRule;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Each dial attempt of each lead, as call_attempt rows: written with the lead's state change it belongs to. */
public class AttemptLog {

    private static final String STARTS_SINCE =
            "SELECT started_at FROM call_attempt WHERE phone_e164 = ? AND started_at > ? ORDER BY started_at";

    private static final String ENDED_SINCE = "SELECT outcome, ended_at FROM call_attempt WHERE phone_e164 = ? "
            + "AND ended_at > ? AND outcome IS NOT NULL ORDER BY ended_at";

    private final Jdbc jdbc;

    public AttemptLog(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** When the number's attempts since {@code since} started, oldest first, across all campaigns. */
    public List<Instant> startsSince(String phoneE164, Instant since) {
        return jdbc.query(STARTS_SINCE, rs -> Jdbc.instant(rs, "started_at"), phoneE164, since);
    }

    static List<Instant> startsSince(Connection c, String phoneE164, Instant since) throws SQLException {
        return Jdbc.query(c, STARTS_SINCE, rs -> Jdbc.instant(rs, "started_at"), phoneE164, since);
    }

    /**
     * Whether the number may be tried at {@code now} under {@code cap} and its jurisdiction's {@code rules}
     * (its attempts in the last 24 h, its ended calls the rules' pauses look back on); null when it may.
     */
    public AttemptCap.Wait waitFor(AttemptCap cap, List<JurisdictionRule> rules, String phoneE164, Instant now) {
        return jdbc.inTransaction(c -> waitFor(c, cap, rules, phoneE164, now));
    }

    /** As {@link #waitFor(AttemptCap, List, String, Instant)}, in the caller's transaction (a claim's). */
    static AttemptCap.Wait waitFor(Connection c, AttemptCap cap, List<JurisdictionRule> rules, String phoneE164,
                                   Instant now) throws SQLException {
        Duration lookBack = CallingTimes.longestNoRedial(rules);
        return cap.check(rules, phoneE164, startsSince(c, phoneE164, now.minus(AttemptCap.DAY)),
                lookBack == null ? List.of() : endedSince(c, phoneE164, now.minus(lookBack)), now);
    }

    private static List<CallingTimes.Ended> endedSince(Connection c, String phoneE164, Instant since) throws SQLException {
        return Jdbc.query(c, ENDED_SINCE, AttemptLog::ended, phoneE164, since);
    }

    private static CallingTimes.Ended ended(java.sql.ResultSet rs) throws SQLException {
        return new CallingTimes.Ended(rs.getString("outcome"), Jdbc.instant(rs, "ended_at"));
    }

    static void started(Connection c, LeadRow lead, Instant at) throws SQLException {
        Jdbc.update(c, "INSERT INTO call_attempt (lead_id, attempt_no, campaign_id, phone_e164, started_at) "
                + "VALUES (?, ?, ?, ?, ?)", lead.id(), lead.attempts(), lead.campaignId(), lead.phoneE164(), at);
    }

    /** The attempt never reached KrosAI (or was never placed): it does not count. */
    static void undo(Connection c, long leadId, int attemptNo) throws SQLException {
        Jdbc.update(c, "DELETE FROM call_attempt WHERE lead_id = ? AND attempt_no = ?", leadId, attemptNo);
    }

    static void ended(Connection c, long leadId, int attemptNo, String callId, String outcome, Instant at)
            throws SQLException {
        Jdbc.update(c, "UPDATE call_attempt SET call_id = COALESCE(?, call_id), outcome = ?, ended_at = ? "
                + "WHERE lead_id = ? AND attempt_no = ?", callId, outcome, at, leadId, attemptNo);
    }
}
