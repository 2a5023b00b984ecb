package dev.crmoutbound.ledger;

import dev.crmoutbound.privacy.NumberHashes;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The ledger's side of retention, in bounded steps that several instances may take at once: finished
 * leads past their age reduced a page at a time (each page its own short transaction; on PostgreSQL
 * the page's rows are locked with SKIP LOCKED, so that two instances take different pages), webhook
 * event records and old record requests deleted, dead letters discarded. A lead is reduced only once
 * nothing needs it any more: its file's results written, its outcome written back to its CRM.
 */
public class RetentionSweep {

    private static final String DUE_LEADS = "SELECT l.id, l.request_id, l.campaign_id, l.source, l.phone_e164, "
            + "l.record_key FROM call_lead l LEFT JOIN lead_batch b ON b.id = l.batch_id "
            + "WHERE l.id > ? AND l.reduced_at IS NULL AND l.state IN ('DONE', 'REJECTED') AND l.updated_at < ? "
            + "AND (b.state IN ('" + BatchStore.WRITTEN + "', '" + BatchStore.FAILED + "') OR l.batch_id IS NULL "
            + "AND EXISTS (SELECT 1 FROM crm_writeback w WHERE w.lead_id = l.id AND w.state IN ('"
            + CrmWritebacks.DONE + "', '" + CrmWritebacks.REFUSED + "', '" + CrmWritebacks.DISCARDED + "'))) "
            + "ORDER BY l.id LIMIT ?";

    private final Jdbc jdbc;
    private final Clock clock;
    private final NumberHashes hashes;
    private final boolean postgres;

    public RetentionSweep(Jdbc jdbc, Clock clock, NumberHashes hashes, boolean postgres) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.hashes = hashes;
        this.postgres = postgres;
    }

    /** Reduces finished leads last changed before {@code before}; at most {@code maxPages} pages. */
    public int reduceLeads(Instant before, int pageSize, int maxPages) {
        int reduced = 0;
        long after = 0;
        for (int page = 0; page < maxPages; page++) {
            long from = after;
            int[] done = {0};
            List<LeadReduction.Lead> leads = jdbc.inTransaction(c -> {
                List<LeadReduction.Lead> due = Jdbc.query(c, DUE_LEADS + (postgres ? " FOR UPDATE OF l SKIP LOCKED" : ""),
                        LeadReduction::read, from, before, pageSize);
                // another instance may have reduced some meanwhile (H2 has no SKIP LOCKED): counted once, by it
                done[0] = LeadReduction.reduce(c, due, hashes, clock.instant(), null);
                for (LeadReduction.Lead lead : due) {
                    LeadReduction.hashRecordKeys(c, lead, hashes);
                }
                return due;
            });
            if (leads.isEmpty()) {
                break;
            }
            reduced += done[0];
            after = leads.get(leads.size() - 1).id();
        }
        return reduced;
    }

    /** Deletes the records of webhook events received before {@code before} (they only tell duplicates apart). */
    public int deleteWebhookEvents(Instant before, int pageSize, int maxPages) {
        int deleted = 0;
        for (int page = 0; page < maxPages; page++) {
            int n = jdbc.update("DELETE FROM webhook_event WHERE event_id IN (SELECT event_id FROM webhook_event "
                    + "WHERE received_at < ? LIMIT ?)", before, pageSize);
            deleted += n;
            if (n < pageSize) {
                break;
            }
        }
        return deleted;
    }

    /** Dead letters (write-backs given up) older than {@code before} are discarded: never replayed, error text gone. */
    public int discardDeadLetters(Instant before) {
        return jdbc.update("UPDATE crm_writeback SET state = ?, last_error = ?, updated_at = ? WHERE state = ? "
                + "AND updated_at < ?", CrmWritebacks.DISCARDED, "discarded: past its retention", clock.instant(),
                CrmWritebacks.DEAD, before);
    }

    /** Requests of CRM records to call (a record id each) older than {@code before}. */
    public int deleteRecordRequests(Instant before) {
        return jdbc.update("DELETE FROM record_request WHERE requested_at < ?", before);
    }
}
