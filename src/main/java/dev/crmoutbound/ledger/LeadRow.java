package dev.crmoutbound.ledger;

import java.time.Instant;

/** A ledger row as the dialer and the webhook receiver see it. */
public record LeadRow(long id, String requestId, String campaignId, LeadState state, String phoneE164,
                      String source, String recordKey, String callId, int statusRank, int attempts,
                      Instant dialStartedAt, String metadataJson, String timeZones, String accountId) {

    static final String COLUMNS = "id, request_id, campaign_id, state, phone_e164, source, record_key, call_id, "
            + "status_rank, attempts, dial_started_at, metadata, time_zones, account_id";

    static LeadRow map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new LeadRow(rs.getLong("id"), rs.getString("request_id"), rs.getString("campaign_id"),
                LeadState.valueOf(rs.getString("state")), rs.getString("phone_e164"), rs.getString("source"),
                rs.getString("record_key"), rs.getString("call_id"), rs.getInt("status_rank"), rs.getInt("attempts"),
                Jdbc.instant(rs, "dial_started_at"), rs.getString("metadata"),
                rs.getString("time_zones"), rs.getString("account_id"));
    }
}
