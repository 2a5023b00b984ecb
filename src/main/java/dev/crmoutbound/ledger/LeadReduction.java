package dev.crmoutbound.ledger;

import dev.crmoutbound.privacy.NumberHashes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Reduces leads to what the service still needs once their personal data must go (retention, or an
 * erasure): state, outcome, counts, times, and a keyed hash of the number and of the record id. The
 * number, the CRM fields sent with the call, the transcript's start, the number's time zones and the
 * reason (which may quote the row) go; the call attempts keep no number.
 */
final class LeadReduction {

    /** A lead as reduction needs it. */
    record Lead(long id, String requestId, String campaignId, String source, String phone, String recordKey) {
    }

    static final String COLUMNS = "id, request_id, campaign_id, source, phone_e164, record_key";

    private LeadReduction() {
    }

    static Lead read(java.sql.ResultSet rs) throws SQLException {
        return new Lead(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6));
    }

    /** Reduces each lead (one not reduced yet: its number still there); {@code reason} replaces its reason. */
    static int reduce(Connection c, List<Lead> leads, NumberHashes hashes, Instant now, String reason)
            throws SQLException {
        int reduced = 0;
        for (Lead lead : leads) {
            reduced += Jdbc.update(c, "UPDATE call_lead SET phone_hash = COALESCE(phone_hash, ?), phone_e164 = NULL, "
                    + "record_key = ?, metadata = NULL, transcript_excerpt = NULL, time_zones = NULL, reason = ?, "
                    + "reduced_at = ? WHERE id = ? AND reduced_at IS NULL", hashes.of(lead.phone()),
                    hashes.of(lead.recordKey()), reason, now, lead.id());
            Jdbc.update(c, "UPDATE call_attempt SET phone_e164 = NULL WHERE lead_id = ?", lead.id());
        }
        return reduced;
    }

    /** The keys that name the lead's record in clear (its record id, and a CRM's claim on the record). */
    static void hashRecordKeys(Connection c, Lead lead, NumberHashes hashes) throws SQLException {
        Jdbc.update(c, "UPDATE call_lead SET record_claim = ? WHERE id = ? AND record_claim IS NOT NULL",
                hashes.of(lead.recordKey()), lead.id());
        String sourceKey = lead.source() + ":" + lead.recordKey();
        Jdbc.update(c, "UPDATE lead_key SET key_value = ? WHERE campaign_id = ? AND key_kind = ? AND key_value = ?",
                hashes.of(sourceKey), lead.campaignId(), LeadIntakeWriter.KEY_SOURCE_RECORD, sourceKey);
    }
}
