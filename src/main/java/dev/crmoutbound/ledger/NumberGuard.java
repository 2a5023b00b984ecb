package dev.crmoutbound.ledger;

import dev.crmoutbound.config.Campaigns;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One call at a time per number, and the attempt cap (with the stricter caps and pauses of the number's
 * jurisdiction rules), checked inside the claim's transaction under a
 * lock on the number. Each instance's pump checks both before it feeds a lead, but only for what it sees
 * itself; this closes the gap between instances sharing a PostgreSQL ledger. (An H2 ledger belongs to one
 * process, whose pump already feeds one lead per number at a time.)
 */
final class NumberGuard {

    /** How long a lead waits when its number is in another call: calls last minutes, not seconds. */
    static final Duration NUMBER_IN_CALL_WAIT = Duration.ofMinutes(1);

    private final AttemptCap cap;
    private final Campaigns campaigns;

    NumberGuard(AttemptCap cap, Campaigns campaigns) {
        this.cap = cap;
        this.campaigns = campaigns;
    }

    /** Null when the lead may be dialed now; otherwise until when it waits, why, and the rule that says so. */
    AttemptCap.Wait check(Connection c, LeadRow lead, Instant now) throws SQLException {
        String phone = lead.phoneE164();
        if (phone == null) {
            return null;
        }
        if ("PostgreSQL".equals(c.getMetaData().getDatabaseProductName())) {
            // held until the claim commits, so the next claim of this number sees this one's attempt
            Jdbc.query(c, "SELECT pg_advisory_xact_lock(hashtext(?))", rs -> 1, phone);
        }
        List<Long> others = Jdbc.query(c, "SELECT id FROM call_lead WHERE phone_e164 = ? AND id <> ? "
                + "AND state IN " + AccountSlots.IN_CALL, rs -> rs.getLong(1), phone, lead.id());
        if (!others.isEmpty()) {
            return new AttemptCap.Wait(now.plus(NUMBER_IN_CALL_WAIT), "another call to this number is in progress", null);
        }
        return AttemptLog.waitFor(c, cap, campaigns.get(lead.campaignId()).policy().rulesFor(phone), phone, now);
    }
}
