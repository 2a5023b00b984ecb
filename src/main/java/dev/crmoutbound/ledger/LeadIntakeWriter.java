package dev.crmoutbound.ledger;

import dev.crmoutbound.ops.FaultLog;
import dev.crmoutbound.privacy.NumberHashes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Writes leads into the ledger, a chunk per transaction. A lead is unique per campaign by its source
 * record key and by its phone number: the first to claim a key is queued, later ones are rejected as
 * duplicates, so a re-dropped file or a re-read record never dials anyone twice.
 */
public class LeadIntakeWriter {

    public static final String KEY_RECORD = "RECORD";
    public static final String KEY_PHONE = "PHONE";
    static final String KEY_SOURCE_RECORD = "SOURCE";
    public static final String ON_DNC_LIST = "on the do-not-call list";

    /** E.164: a plus and at most 15 digits. */
    private static final int PHONE_E164 = 16;

    private final Jdbc jdbc;
    private final Clock clock;
    private final FaultLog faults;
    private final NumberHashes hashes;

    /** {@code hashes}: a number is claimed as a key by its keyed hash, so that the key table holds no number. */
    public LeadIntakeWriter(Jdbc jdbc, Clock clock, FaultLog faults, NumberHashes hashes) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.faults = faults;
        this.hashes = hashes;
    }

    /** Highest row already written for a batch: a resumed ingest continues after it. */
    public int lastRowWritten(long batchId) {
        return jdbc.queryOne("SELECT COALESCE(MAX(row_no), 0) FROM call_lead WHERE batch_id = ?",
                rs -> rs.getInt(1), batchId).orElse(0);
    }

    /**
     * Writes one record of a CRM (queued or rejected) unless the campaign already has it: the claim on
     * the record and the lead are one transaction, so two polls or two instances reading the same
     * record at once write it once. Returns false when it was already there.
     */
    public boolean writeRecordOnce(String source, IncomingLead lead) {
        return writeRecordOnce(source, lead, LeadState.QUEUED);
    }

    /**
     * As {@link #writeRecordOnce(String, IncomingLead)}; a lead that may be called enters as
     * {@code dialable}: QUEUED, or HELD until its CRM accepts the claim on the record.
     */
    public boolean writeRecordOnce(String source, IncomingLead lead, LeadState dialable) {
        IncomingLead fitted = fit(lead);
        try {
            return writeRecord(source, fitted, dialable);
        } catch (LedgerUnavailableException e) {
            throw e;
        } catch (LedgerException e) {
            faults.report("Writing a CRM record to the ledger", e);
            return writeRecord(source, new IncomingLead(null, fitted.campaignId(), fitted.sourceKey(), null,
                    InputBounds.reason("the ledger refused this record: " + FaultLog.describe(e))), dialable);
        }
    }

    private boolean writeRecord(String source, IncomingLead lead, LeadState dialable) {
        return jdbc.inTransaction(c -> {
            int claimed = Jdbc.update(c, "INSERT INTO lead_key (campaign_id, key_kind, key_value, request_id) "
                    + "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", lead.campaignId(), KEY_SOURCE_RECORD,
                    source + ":" + lead.sourceKey(), "-");
            if (claimed == 0) {
                return false;
            }
            writeChunk(c, source, null, List.of(lead), dialable);
            return true;
        });
    }

    /**
     * Writes the chunk of a file in one transaction, in bulk ({@link StagedLeadWrite}); returns how many
     * of its leads were queued for dialing. Should
     * the database refuse the chunk for anything but being out of reach, its leads are written one by one,
     * and a lead it still refuses is kept as rejected with the database's reason: one row never fails the
     * chunk, nor the file.
     */
    public int write(String source, LeadBatch batch, List<IncomingLead> leads) {
        List<IncomingLead> fitted = leads.stream().map(LeadIntakeWriter::fit).toList();
        try {
            return jdbc.inTransaction(c -> StagedLeadWrite.write(c, clock.instant(), source, batch, fitted, hashes, false));
        } catch (LedgerUnavailableException e) {
            throw e;
        } catch (LedgerException first) {
            try {
                return jdbc.inTransaction(c -> StagedLeadWrite.write(c, clock.instant(), source, batch, fitted, hashes, true));
            } catch (LedgerUnavailableException e) {
                throw e;
            } catch (LedgerException e) {
                faults.report("Writing a chunk of leads in bulk (its rows are written one by one instead)", e);
                return writeOneByOne(source, batch, fitted);
            }
        }
    }

    private int writeOneByOne(String source, LeadBatch batch, List<IncomingLead> leads) {
        int queued = 0;
        for (IncomingLead lead : leads) {
            try {
                queued += jdbc.inTransaction(c -> writeChunk(c, source, batch, List.of(lead), LeadState.QUEUED));
            } catch (LedgerUnavailableException e) {
                throw e;
            } catch (LedgerException e) {
                faults.report("Writing a lead to the ledger", e);
                // nothing from the row but its number: the results file shows the row itself, with why
                IncomingLead refused = new IncomingLead(lead.rowNo(), lead.campaignId(), null, null,
                        InputBounds.reason("the ledger refused this row: " + FaultLog.describe(e)));
                jdbc.inTransaction(c -> writeChunk(c, source, batch, List.of(refused), LeadState.QUEUED));
            }
        }
        return queued;
    }

    /**
     * The lead with every value within what the ledger keeps ({@link InputBounds}): a record id too long
     * to be a key rejects the lead; a long reason is clipped.
     */
    static IncomingLead fit(IncomingLead lead) {
        String key = lead.sourceKey();
        if (key != null && key.length() > InputBounds.RECORD_KEY) {
            return new IncomingLead(lead.rowNo(), lead.campaignId(), InputBounds.clip(key, InputBounds.RECORD_KEY),
                    lead.phoneE164(), "the record id is longer than " + InputBounds.RECORD_KEY + " characters",
                    lead.metadataJson(), null, null);
        }
        if (lead.timeZones() != null && lead.timeZones().length() > InputBounds.TIME_ZONES) {
            return lead.rejected("the number has too many time zones to keep; give its zone in a time zone column");
        }
        if (lead.phoneE164() != null && lead.phoneE164().length() > PHONE_E164) {
            return new IncomingLead(lead.rowNo(), lead.campaignId(), key, null, "not an E.164 number",
                    lead.metadataJson(), null, null);
        }
        String reason = InputBounds.reason(lead.rejectReason());
        return reason == null || reason.equals(lead.rejectReason()) ? lead : lead.rejected(reason);
    }

    private int writeChunk(Connection c, String source, LeadBatch batch, List<IncomingLead> leads, LeadState dialable)
            throws SQLException {
        int n = leads.size();
        String[] requestIds = new String[n];
        String[] reasons = new String[n];
        String[] recordKeys = new String[n];
        for (int i = 0; i < n; i++) {
            IncomingLead lead = leads.get(i);
            requestIds[i] = RequestIds.next();
            reasons[i] = lead.rejectReason();
            recordKeys[i] = recordKey(lead, batch, requestIds[i]);
        }
        Set<String> doNotCall = DoNotCallList.listed(c, leads.stream().map(IncomingLead::phoneE164).toList(), hashes);
        for (int i = 0; i < n; i++) {
            if (reasons[i] == null && doNotCall.contains(leads.get(i).phoneE164())) {
                reasons[i] = ON_DNC_LIST;
            }
        }
        List<Duplicate> duplicates = new ArrayList<>();
        claim(c, KEY_RECORD, leads, requestIds, reasons, duplicates, i -> leads.get(i).sourceKey());
        claim(c, KEY_PHONE, leads, requestIds, reasons, duplicates, i -> hashes.of(leads.get(i).phoneE164()));

        Instant now = clock.instant();
        int queued = 0;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO call_lead (request_id, campaign_id, batch_id, "
                + "row_no, source, record_key, phone_e164, state, reason, next_attempt_at, created_at, updated_at, "
                + "metadata, time_zones, deferred_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < n; i++) {
                IncomingLead lead = leads.get(i);
                LeadState state = reasons[i] == null ? dialable : LeadState.REJECTED;
                queued += state == dialable ? 1 : 0;
                Jdbc.bind(ps, requestIds[i], lead.campaignId(), batch == null ? null : batch.id(), lead.rowNo(),
                        source, recordKeys[i], lead.phoneE164(), state, reasons[i],
                        // a HELD lead's claim is due at once; its window is judged again when it is dialed
                        state == LeadState.QUEUED && lead.notBefore() != null && lead.notBefore().isAfter(now)
                                ? lead.notBefore() : now, now, now,
                        lead.metadataJson(), lead.timeZones(),
                        state == dialable ? InputBounds.clip(lead.deferredBy(), InputBounds.DEFERRED_BY) : null);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        for (Duplicate dup : duplicates) {
            describeDuplicate(c, requestIds[dup.index()], dup);
        }
        return queued;
    }

    /**
     * The key a lead is kept under: its source's record id; without one, its file and row, or for a
     * lead from no file, its request id.
     */
    static String recordKey(IncomingLead lead, LeadBatch batch, String requestId) {
        return lead.sourceKey() != null ? lead.sourceKey()
                : batch != null ? batch.inputName() + "#" + lead.rowNo() : requestId;
    }

    private interface KeyOf {
        String of(int index);
    }

    /** Claims one kind of key for every still-dialable lead; a lead that loses a claim becomes a duplicate. */
    private void claim(Connection c, String kind, List<IncomingLead> leads, String[] requestIds,
                       String[] reasons, List<Duplicate> duplicates, KeyOf keyOf) throws SQLException {
        List<Integer> claimed = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO lead_key (campaign_id, key_kind, key_value, "
                + "request_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (int i = 0; i < leads.size(); i++) {
                String key = keyOf.of(i);
                if (reasons[i] == null && key != null) {
                    Jdbc.bind(ps, leads.get(i).campaignId(), kind, key, requestIds[i]);
                    ps.addBatch();
                    claimed.add(i);
                }
            }
            if (claimed.isEmpty()) {
                return;
            }
            int[] counts = ps.executeBatch();
            for (int k = 0; k < counts.length; k++) {
                if (counts[k] == 0) {
                    int i = claimed.get(k);
                    reasons[i] = duplicateReason(kind);
                    duplicates.add(new Duplicate(i, leads.get(i).campaignId(), kind, keyOf.of(i)));
                }
            }
        }
    }

    /** Names the lead that holds the key, so the user can see which row was dialed instead. */
    private void describeDuplicate(Connection c, String requestId, Duplicate dup) throws SQLException {
        Optional<String> holder = holderOf(c, dup.campaignId(), dup.kind(), dup.value());
        if (holder.isPresent()) {
            Jdbc.update(c, "UPDATE call_lead SET reason = reason || ? WHERE request_id = ?",
                    " (same as " + holder.get() + ")", requestId);
        }
    }

    /** The lead holding a key in a campaign, as people name it: file and row, or record key. */
    static Optional<String> holderOf(Connection c, String campaignId, String kind, String value) throws SQLException {
        return Jdbc.query(c, "SELECT b.input_name, l.row_no, l.record_key FROM lead_key k "
                        + "JOIN call_lead l ON l.request_id = k.request_id LEFT JOIN lead_batch b ON b.id = l.batch_id "
                        + "WHERE k.campaign_id = ? AND k.key_kind = ? AND k.key_value = ?",
                rs -> rs.getString(1) != null ? rs.getString(1) + " row " + rs.getInt(2) : "record " + rs.getString(3),
                campaignId, kind, value).stream().findFirst();
    }

    /** The lead already holding a phone number or record key in a campaign, as people name it, if any. */
    public Optional<String> heldBy(String campaignId, String kind, String value) {
        String key = KEY_PHONE.equals(kind) ? hashes.of(value) : value;
        return jdbc.inTransaction(c -> holderOf(c, campaignId, kind, key));
    }

    public static String duplicateReason(String kind) {
        return KEY_PHONE.equals(kind) ? "duplicate phone number" : "duplicate record id";
    }

    private record Duplicate(int index, String campaignId, String kind, String value) {
    }
}
