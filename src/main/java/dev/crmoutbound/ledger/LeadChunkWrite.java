package dev.crmoutbound.ledger;

import dev.crmoutbound.privacy.NumberHashes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a chunk of leads (already fitted to the ledger's bounds) into {@code call_lead} in one pass.
 * The do-not-call list and the keys other leads already hold are looked up for the whole chunk; each
 * lead's state is decided here, in row order: the first lead to claim a record id or a number in its
 * campaign holds it ({@code record_claim}, {@code phone_claim}), a later one is a duplicate naming it.
 * Then the rows go in in bulk ({@link LeadRowsInsert}). A key another lead holds that was not looked up
 * (or was claimed by another transaction since) makes the claims' unique indexes refuse the chunk, and
 * the caller writes it again, looking.
 */
final class LeadChunkWrite {

    private LeadChunkWrite() {
    }

    /**
     * Writes the leads; returns how many entered as {@code dialable} (QUEUED, or HELD for a CRM's claim).
     * {@code lookUpHeldKeys} false leaves the keys held outside the chunk to the unique indexes: a chunk
     * of new leads then goes in without a look-up, and one with a duplicate of an earlier lead is refused.
     */
    static int write(Connection c, Instant now, String source, LeadBatch batch, List<IncomingLead> leads,
                     NumberHashes hashes, LeadState dialable, boolean lookUpHeldKeys) throws SQLException {
        int n = leads.size();
        String[] requestIds = new String[n];
        String[] recordKeys = new String[n];
        String[] reasons = new String[n];
        String[] phones = new String[n];
        String[] phoneHashes = new String[n];
        for (int i = 0; i < n; i++) {
            IncomingLead lead = leads.get(i);
            requestIds[i] = RequestIds.next();
            recordKeys[i] = LeadIntakeWriter.recordKey(lead, batch, requestIds[i]);
            reasons[i] = lead.rejectReason();
            phones[i] = reasons[i] == null ? lead.phoneE164() : null;
            phoneHashes[i] = hashes.of(phones[i]);
        }
        for (int i : DoNotCallList.listedAt(c, phones, phoneHashes)) {
            reasons[i] = LeadIntakeWriter.ON_DNC_LIST;
        }
        Connection lookIn = lookUpHeldKeys ? c : null;
        String[] recordClaims = claim(lookIn, batch, leads, recordKeys, reasons, LeadIntakeWriter.KEY_RECORD,
                leads.stream().map(IncomingLead::sourceKey).toArray(String[]::new));
        String[] phoneClaims = claim(lookIn, batch, leads, recordKeys, reasons, LeadIntakeWriter.KEY_PHONE, phoneHashes);

        List<LeadRowsInsert.Row> rows = new ArrayList<>(n);
        int entered = 0;
        for (int i = 0; i < n; i++) {
            IncomingLead lead = leads.get(i);
            boolean admitted = reasons[i] == null;
            entered += admitted ? 1 : 0;
            rows.add(new LeadRowsInsert.Row(requestIds[i], lead.campaignId(), batch == null ? null : batch.id(),
                    lead.rowNo(), source, recordKeys[i], lead.phoneE164(),
                    admitted ? dialable : LeadState.REJECTED, reasons[i],
                    // a HELD lead's claim is due at once; its window is judged again when it is dialed
                    admitted && dialable == LeadState.QUEUED && lead.notBefore() != null && lead.notBefore().isAfter(now)
                            ? lead.notBefore() : now,
                    lead.metadataJson(), lead.timeZones(),
                    admitted ? InputBounds.clip(lead.deferredBy(), InputBounds.DEFERRED_BY) : null,
                    admitted ? recordClaims[i] : null, admitted ? phoneClaims[i] : null));
        }
        LeadRowsInsert.insert(c, now, rows);
        return entered;
    }

    /**
     * Claims one kind of key for every lead still without a reason, in row order. Returns each lead's
     * claim; a lead whose key is held (by a lead of an earlier chunk or file, looked up in {@code lookIn}
     * unless it is null, or an earlier row of this one) gets the duplicate's reason instead, naming the holder.
     */
    private static String[] claim(Connection lookIn, LeadBatch batch, List<IncomingLead> leads, String[] recordKeys,
                                  String[] reasons, String kind, String[] keys) throws SQLException {
        Map<String, Map<String, String>> heldByCampaign = lookIn == null ? Map.of()
                : held(lookIn, leads, reasons, kind, keys);
        String[] claims = new String[keys.length];
        Map<String, Map<String, Integer>> takenHere = new HashMap<>();
        for (int i = 0; i < keys.length; i++) {
            if (reasons[i] != null || keys[i] == null) {
                continue;
            }
            IncomingLead lead = leads.get(i);
            String holder = heldByCampaign.getOrDefault(lead.campaignId(), Map.of()).get(keys[i]);
            Map<String, Integer> taken = takenHere.computeIfAbsent(lead.campaignId(), k -> new HashMap<>());
            Integer earlier = taken.get(keys[i]);
            if (holder == null && earlier != null) {
                holder = HeldKeys.describe(batch == null ? null : batch.inputName(), leads.get(earlier).rowNo(),
                        recordKeys[earlier]);
            }
            if (holder != null) {
                reasons[i] = LeadIntakeWriter.duplicateReason(kind) + " (same as " + holder + ")";
            } else {
                claims[i] = keys[i];
                taken.put(keys[i], i);
            }
        }
        return claims;
    }

    /** The holders of the keys the chunk's leads still without a reason would claim, by campaign. */
    private static Map<String, Map<String, String>> held(Connection c, List<IncomingLead> leads, String[] reasons,
                                                         String kind, String[] keys) throws SQLException {
        Map<String, List<String>> wantedByCampaign = new HashMap<>();
        for (int i = 0; i < keys.length; i++) {
            if (reasons[i] == null && keys[i] != null) {
                wantedByCampaign.computeIfAbsent(leads.get(i).campaignId(), k -> new ArrayList<>()).add(keys[i]);
            }
        }
        Map<String, Map<String, String>> held = new HashMap<>();
        for (Map.Entry<String, List<String>> wanted : wantedByCampaign.entrySet()) {
            held.put(wanted.getKey(), HeldKeys.holders(c, kind, wanted.getKey(), wanted.getValue()));
        }
        return held;
    }
}
