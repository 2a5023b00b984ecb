package dev.crmoutbound.ledger;

import dev.crmoutbound.privacy.NumberHashes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The ledger's side of erasing one person (a number): in one transaction, each of their leads reduced
 * (a lead still waiting to be called is rejected with reason {@code erased}), their call attempts'
 * number, webhook event records, claims on their number and record, CRM record requests and pending or
 * dead write-backs removed, and the number put on the do-not-call list by its keyed hash alone (out of
 * the list in clear). What it found names the files that hold their rows, which the caller blanks.
 */
public class PersonErasure {

    /** What was removed, and the rows of files (by path) that hold the person. */
    public record Erased(int leads, int rejected, int inCall, int attempts, int webhookEvents, int writebacks,
                         int keys, String clearDoNotCallSource, boolean hashListed, Map<String, TreeSet<Integer>> fileRows) {
    }

    public static final String ERASED = "erased";

    private static final String WAITING = "('QUEUED', 'HELD', 'RETRY_WAIT')";
    private static final String IN_CALL = "('ACTIVE', 'UNCERTAIN')";

    private final Jdbc jdbc;
    private final Clock clock;
    private final NumberHashes hashes;
    private final DoNotCallList doNotCall;

    public PersonErasure(Jdbc jdbc, Clock clock, NumberHashes hashes, DoNotCallList doNotCall) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.hashes = hashes;
        this.doNotCall = doNotCall;
    }

    /** The leads of a number: by the number, or by its hash once reduced. */
    static String leadsOf(String columns, List<String> hashed) {
        return "SELECT " + columns + " FROM call_lead WHERE phone_e164 = ? OR phone_hash IN (" + Jdbc.marks(hashed.size())
                + ") ORDER BY id";
    }

    static Object[] leadParams(String e164, List<String> hashed) {
        List<Object> params = new ArrayList<>();
        params.add(e164);
        params.addAll(hashed);
        return params.toArray();
    }

    public Erased forget(String e164) {
        List<String> hashed = hashes.all(e164);
        return jdbc.inTransaction(c -> {
            List<Long> ids = Jdbc.query(c, leadsOf("id", hashed) + " FOR UPDATE", rs -> rs.getLong(1),
                    leadParams(e164, hashed));
            int rejected = 0;
            int inCall = 0;
            int attempts = 0;
            int events = 0;
            int writebacks = 0;
            int keys = 0;
            Map<String, TreeSet<Integer>> files = new LinkedHashMap<>();
            for (long id : ids) {
                rejected += Jdbc.update(c, "UPDATE call_lead SET state = 'REJECTED', updated_at = ? WHERE id = ? "
                        + "AND state IN " + WAITING, clock.instant(), id);
                // a dial under way may have been posted already: its slot is held until reconciliation says
                // whether a call was placed (if not, the lead is rejected then); if not yet posted, it never is
                Jdbc.update(c, "UPDATE call_lead SET state = 'UNCERTAIN', updated_at = ? WHERE id = ? AND state = 'DIALING'",
                        clock.instant(), id);
                inCall += Jdbc.query(c, "SELECT 1 FROM call_lead WHERE id = ? AND state IN " + IN_CALL, rs -> 1, id).size();
                attempts += Jdbc.query(c, "SELECT COUNT(*) FROM call_attempt WHERE lead_id = ?", rs -> rs.getInt(1), id).get(0);
                events += Jdbc.update(c, "DELETE FROM webhook_event WHERE lead_id = ? OR call_id IN "
                        + "(SELECT call_id FROM call_attempt WHERE lead_id = ? AND call_id IS NOT NULL)", id, id);
                writebacks += Jdbc.update(c, "UPDATE crm_writeback SET state = ?, last_error = ?, updated_at = ? "
                        + "WHERE lead_id = ? AND state IN (?, ?)", CrmWritebacks.DISCARDED, ERASED, clock.instant(), id,
                        CrmWritebacks.PENDING, CrmWritebacks.DEAD);
                // an outcome not yet written back never will be
                Jdbc.update(c, "INSERT INTO crm_writeback (lead_id, state, attempts, next_attempt_at, last_error, updated_at) "
                        + "SELECT id, ?, 0, ?, ?, ? FROM call_lead WHERE id = ? AND batch_id IS NULL AND NOT EXISTS "
                        + "(SELECT 1 FROM crm_writeback w WHERE w.lead_id = ?)", CrmWritebacks.DISCARDED, clock.instant(),
                        ERASED, clock.instant(), id, id);
                for (LeadReduction.Lead lead : Jdbc.query(c, "SELECT " + LeadReduction.COLUMNS + " FROM call_lead WHERE id = ?",
                        LeadReduction::read, id)) {
                    keys += Jdbc.update(c, "UPDATE call_lead SET record_claim = NULL WHERE id = ? AND record_claim IS NOT NULL",
                            lead.id());
                    keys += Jdbc.update(c, "UPDATE call_lead SET phone_claim = NULL WHERE id = ? AND phone_claim IS NOT NULL",
                            lead.id());
                    keys += Jdbc.update(c, "DELETE FROM lead_key WHERE campaign_id = ? AND key_kind = ? AND key_value IN (?, ?)",
                            lead.campaignId(), LeadIntakeWriter.KEY_SOURCE_RECORD, lead.source() + ":" + lead.recordKey(),
                            hashes.of(lead.source() + ":" + lead.recordKey()));
                    Jdbc.update(c, "DELETE FROM record_request WHERE source = ? AND record_id = ?", lead.source(),
                            lead.recordKey());
                    if (lead.phone() != null) { // not reduced yet: reduce it now
                        LeadReduction.reduce(c, List.of(lead), hashes, clock.instant(), ERASED);
                    }
                }
                Jdbc.update(c, "UPDATE call_lead SET reason = ?, metadata = NULL, transcript_excerpt = NULL WHERE id = ?",
                        ERASED, id);
                rowsInFiles(c, id, files);
            }
            List<String> clearSource = Jdbc.query(c, "SELECT source FROM dnc_number WHERE phone_e164 = ?",
                    rs -> rs.getString(1), e164);
            Jdbc.update(c, "DELETE FROM dnc_number WHERE phone_e164 = ?", e164);
            boolean hashListed = doNotCall.addHashed(c, e164, ERASED);
            return new Erased(ids.size(), rejected, inCall, attempts, events, writebacks, keys,
                    clearSource.isEmpty() ? null : clearSource.get(0), hashListed, files);
        });
    }

    /**
     * The lead's row in its input file (kept in processed/) and in its results file, when it has them; not
     * while the file is being taken in (it is read twice, and must not change in between).
     */
    private static void rowsInFiles(Connection c, long leadId, Map<String, TreeSet<Integer>> files) throws SQLException {
        for (Object[] row : Jdbc.query(c, "SELECT b.stored_path, b.results_path, l.row_no FROM call_lead l "
                + "JOIN lead_batch b ON b.id = l.batch_id WHERE l.id = ? AND l.row_no IS NOT NULL AND b.state <> ?",
                rs -> new Object[] {rs.getString(1), rs.getString(2), rs.getInt(3)}, leadId, BatchStore.INGESTING)) {
            for (Object path : new Object[] {row[0], row[1]}) {
                if (path != null) {
                    files.computeIfAbsent((String) path, p -> new TreeSet<>()).add((Integer) row[2]);
                }
            }
        }
    }
}
