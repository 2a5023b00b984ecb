package dev.crmoutbound.ledger;

import dev.crmoutbound.ops.FaultLog;
import dev.crmoutbound.privacy.NumberHashes;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    /** The files (the last few hundred) one of whose chunks held a duplicate of an earlier lead. */
    private final Set<Long> batchesWithHeldKeys = Collections.synchronizedSet(Collections.newSetFromMap(
            new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
                    return size() > 256;
                }
            }));

    /** {@code hashes}: a number is claimed as a key by its keyed hash, so that the claim keeps no number. */
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
        return writeOnce(() -> jdbc.inTransaction(c -> {
            int claimed = Jdbc.update(c, "INSERT INTO lead_key (campaign_id, key_kind, key_value, request_id) "
                    + "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", lead.campaignId(), KEY_SOURCE_RECORD,
                    source + ":" + lead.sourceKey(), "-");
            if (claimed == 0) {
                return false;
            }
            LeadChunkWrite.write(c, clock.instant(), source, null, List.of(lead), hashes, dialable, true);
            return true;
        }));
    }

    /**
     * Writes the chunk of a file in one transaction, in bulk ({@link LeadChunkWrite}); returns how many
     * of its leads were queued for dialing. Should
     * the database refuse the chunk for anything but being out of reach, its leads are written one by one,
     * and a lead it still refuses is kept as rejected with the database's reason: one row never fails the
     * chunk, nor the file.
     */
    public int write(String source, LeadBatch batch, List<IncomingLead> leads) {
        List<IncomingLead> fitted = leads.stream().map(LeadIntakeWriter::fit).toList();
        try {
            return writeChunk(source, batch, fitted);
        } catch (LedgerUnavailableException e) {
            throw e;
        } catch (LedgerException e) {
            faults.report("Writing a chunk of leads in bulk (its rows are written one by one instead)", e);
            return writeOneByOne(source, batch, fitted);
        }
    }

    /**
     * A file's chunk goes in first without looking up the keys other leads hold (a sixth of the work of
     * a chunk of new leads): should one of its leads be a duplicate of an earlier one, the unique indexes
     * refuse it, and it is written again, looking, as are the file's later chunks.
     */
    private int writeChunk(String source, LeadBatch batch, List<IncomingLead> leads) {
        if (!batchesWithHeldKeys.contains(batch.id())) {
            try {
                return jdbc.inTransaction(c -> LeadChunkWrite.write(c, clock.instant(), source, batch, leads, hashes,
                        LeadState.QUEUED, false));
            } catch (LedgerUnavailableException e) {
                throw e;
            } catch (LedgerException e) {
                if (!isKeyClaimedMeanwhile(e)) {
                    throw e;
                }
                batchesWithHeldKeys.add(batch.id());
            }
        }
        return writeOnce(() -> jdbc.inTransaction(c -> LeadChunkWrite.write(c, clock.instant(), source, batch, leads,
                hashes, LeadState.QUEUED, true)));
    }

    /**
     * Runs a write, and once more should another transaction have claimed one of its keys since it looked
     * (the claims' unique index refused it): the second time it finds the key held, and names the holder.
     */
    private static <T> T writeOnce(java.util.function.Supplier<T> write) {
        try {
            return write.get();
        } catch (LedgerUnavailableException e) {
            throw e;
        } catch (LedgerException e) {
            if (!isKeyClaimedMeanwhile(e)) {
                throw e;
            }
            return write.get();
        }
    }

    private static boolean isKeyClaimedMeanwhile(LedgerException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getNextException() != null
                    && "23505".equals(sql.getNextException().getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private int writeOneByOne(String source, LeadBatch batch, List<IncomingLead> leads) {
        int queued = 0;
        for (IncomingLead lead : leads) {
            try {
                queued += writeOnce(() -> jdbc.inTransaction(c -> LeadChunkWrite.write(c, clock.instant(), source, batch,
                        List.of(lead), hashes, LeadState.QUEUED, true)));
            } catch (LedgerUnavailableException e) {
                throw e;
            } catch (LedgerException e) {
                faults.report("Writing a lead to the ledger", e);
                // nothing from the row but its number: the results file shows the row itself, with why
                IncomingLead refused = new IncomingLead(lead.rowNo(), lead.campaignId(), null, null,
                        InputBounds.reason("the ledger refused this row: " + FaultLog.describe(e)));
                jdbc.inTransaction(c -> LeadChunkWrite.write(c, clock.instant(), source, batch, List.of(refused), hashes,
                        LeadState.QUEUED, true));
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

    /**
     * The key a lead is kept under: its source's record id; without one, its file and row, or for a
     * lead from no file, its request id.
     */
    static String recordKey(IncomingLead lead, LeadBatch batch, String requestId) {
        return lead.sourceKey() != null ? lead.sourceKey()
                : batch != null ? batch.inputName() + "#" + lead.rowNo() : requestId;
    }

    /** The lead already holding a phone number or record key in a campaign, as people name it, if any. */
    public Optional<String> heldBy(String campaignId, String kind, String value) {
        String key = KEY_PHONE.equals(kind) ? hashes.of(value) : value;
        return jdbc.inTransaction(c -> HeldKeys.holderOf(c, kind, campaignId, key));
    }

    public static String duplicateReason(String kind) {
        return KEY_PHONE.equals(kind) ? "duplicate phone number" : "duplicate record id";
    }

}
