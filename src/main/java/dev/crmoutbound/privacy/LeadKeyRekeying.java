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
    private static final int PAGE = 1000;

    private LeadKeyRekeying() {
    }

    private record Claim(long leadId, String phone) {
    }

    public static int run(Jdbc jdbc, NumberHashes hashes, boolean rotated) {
        int done = rekey(jdbc, hashes, "SELECT id, phone_claim FROM call_lead WHERE phone_claim LIKE '+%'");
        if (rotated) {
            // after a rotation only: every claim is read to find those not under the current key
            done += rekey(jdbc, hashes, "SELECT id, phone_e164 FROM call_lead WHERE phone_claim IS NOT NULL "
                    + "AND phone_e164 IS NOT NULL AND phone_claim NOT LIKE '" + hashes.currentPrefix() + "%'");
        }
        if (done > 0) {
            LOG.info("Hashed {} number keys of the ledger under the current PRIVACY_HASH_KEY", done);
        }
        return done;
    }

    /** Pages in the order of the leads, each after the last one read: each is read once, whatever the table's size. */
    private static int rekey(Jdbc jdbc, NumberHashes hashes, String claims) {
        String page = claims + " AND id > ? ORDER BY id LIMIT " + PAGE;
        int done = 0;
        long last = 0;
        for (List<Claim> batch = read(jdbc, page, last); !batch.isEmpty(); batch = read(jdbc, page, last)) {
            List<Claim> these = batch;
            done += jdbc.inTransaction(c -> {
                int n = 0;
                for (Claim claim : these) {
                    n += Jdbc.update(c, "UPDATE call_lead SET phone_claim = ? WHERE id = ?", hashes.of(claim.phone()),
                            claim.leadId());
                }
                return n;
            });
            last = batch.get(batch.size() - 1).leadId();
        }
        return done;
    }

    private static List<Claim> read(Jdbc jdbc, String page, long after) {
        return jdbc.query(page, rs -> new Claim(rs.getLong(1), rs.getString(2)), after);
    }
}
