package dev.crmoutbound.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The leads holding a campaign's record ids and numbers ({@code call_lead.record_claim} and
 * {@code phone_claim}), as people name them: a file and its row, or a CRM record.
 */
final class HeldKeys {

    private HeldKeys() {
    }

    /** The column a kind of key is held in. */
    static String column(String kind) {
        return LeadIntakeWriter.KEY_PHONE.equals(kind) ? "phone_claim" : "record_claim";
    }

    /** Which of {@code keys} leads of the campaign hold, each with its holder's name. */
    static Map<String, String> holders(Connection c, String kind, String campaignId, List<String> keys)
            throws SQLException {
        Map<String, String> out = new HashMap<>();
        if (keys.isEmpty()) {
            return out;
        }
        String claim = column(kind);
        KeyArrays.Matching held = KeyArrays.matching(c, "call_lead l", "l." + claim);
        try (PreparedStatement ps = c.prepareStatement("SELECT l." + claim + ", b.input_name, l.row_no, l.record_key "
                + "FROM " + held.from() + " LEFT JOIN lead_batch b ON b.id = l.batch_id WHERE " + held.where()
                + " AND l.campaign_id = ?")) {
            ps.setArray(1, c.createArrayOf("varchar", keys.toArray()));
            ps.setString(2, campaignId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), describe(rs.getString(2), rs.getInt(3), rs.getString(4)));
                }
            }
        }
        return out;
    }

    /** The lead holding one key, if any. */
    static Optional<String> holderOf(Connection c, String kind, String campaignId, String key) throws SQLException {
        return Optional.ofNullable(holders(c, kind, campaignId, List.of(key)).get(key));
    }

    /** A lead as people name it: its file and row, or its record. */
    static String describe(String inputName, Integer rowNo, String recordKey) {
        return inputName != null ? inputName + " row " + rowNo : "record " + recordKey;
    }
}
