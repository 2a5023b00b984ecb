package dev.crmoutbound.privacy;

import dev.crmoutbound.ledger.Jdbc;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the ledger's number keys under the current hash key, at start: keys still holding a number
 * (written before numbers were hashed) and, after a rotation, keys of leads that still hold their number
 * are hashed again. In pages, each its own transaction; any instance may do it, twice does no harm.
 * Keys of leads already past retention cannot be re-hashed (their number is gone): after a rotation they
 * are matched by the de-duplication no more, and the do-not-call list is matched under every key.
 */
public final class LeadKeyRekeying {

    private static final Logger LOG = LoggerFactory.getLogger(LeadKeyRekeying.class);
    private static final String PHONE = "PHONE";
    private static final int PAGE = 1000;

    private LeadKeyRekeying() {
    }

    private record Key(String campaignId, String value, String phone) {
    }

    public static int run(Jdbc jdbc, NumberHashes hashes, boolean rotated) {
        int done = rekey(jdbc, hashes, "SELECT k.campaign_id, k.key_value, k.key_value FROM lead_key k WHERE "
                + "k.key_kind = ? AND k.key_value LIKE '+%'");
        if (rotated) {
            // after a rotation only: every key is read to find those not under the current key
            done += rekey(jdbc, hashes, "SELECT k.campaign_id, k.key_value, l.phone_e164 FROM lead_key k "
                    + "JOIN call_lead l ON l.request_id = k.request_id WHERE k.key_kind = ? AND l.phone_e164 IS NOT NULL "
                    + "AND k.key_value NOT LIKE '" + hashes.currentPrefix() + "%'");
        }
        if (done > 0) {
            LOG.info("Hashed {} number keys of the ledger under the current PRIVACY_HASH_KEY", done);
        }
        return done;
    }

    /** Pages in key order, each after the last one read: each key is read once, whatever the table's size. */
    private static int rekey(Jdbc jdbc, NumberHashes hashes, String keys) {
        String page = keys + " AND (k.campaign_id > ? OR k.campaign_id = ? AND k.key_value > ?) "
                + "ORDER BY k.campaign_id, k.key_value LIMIT " + PAGE;
        int done = 0;
        Key last = new Key("", "", null);
        for (List<Key> batch = read(jdbc, page, last); !batch.isEmpty(); batch = read(jdbc, page, last)) {
            List<Key> these = batch;
            done += jdbc.inTransaction(c -> {
                int n = 0;
                for (Key key : these) {
                    n += Jdbc.update(c, "UPDATE lead_key SET key_value = ? WHERE campaign_id = ? AND key_kind = ? "
                            + "AND key_value = ?", hashes.of(key.phone()), key.campaignId(), PHONE, key.value());
                }
                return n;
            });
            last = batch.get(batch.size() - 1);
        }
        return done;
    }

    private static List<Key> read(Jdbc jdbc, String page, Key after) {
        return jdbc.query(page, rs -> new Key(rs.getString(1), rs.getString(2), rs.getString(3)), PHONE,
                after.campaignId(), after.campaignId(), after.value());
    }
}
