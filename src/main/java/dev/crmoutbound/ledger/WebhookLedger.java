package dev.crmoutbound.ledger;

import dev.crmoutbound.webhooks.CallEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Records a webhook event and the state change it causes in one transaction, so the event is durable
 * before KrosAI gets its 2xx. Duplicates (same event id) change nothing; an event never moves a call
 * backwards; an event that arrives before the POST's answer was stored is matched by request id.
 */
public class WebhookLedger {

    /**
     * What recording an event did; {@code callEnded} means the lead's call slot can be released, and
     * {@code campaignId} names the lead's campaign (null when the event matched no lead).
     */
    public record Recorded(boolean duplicate, boolean applied, boolean callEnded, String requestId, String campaignId) {
    }

    /** Deliveries recorded at the same moment share a transaction; a few such transactions may run at once. */
    private static final int WRITERS = 4;
    private static final int MAX_BATCH = 64;
    private static final String INSERT_EVENT = "INSERT INTO webhook_event (event_id, event_type, call_id, lead_id, "
            + "applied, received_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
    private static final Recorded DUPLICATE = new Recorded(true, false, false, null, null);

    private final Jdbc jdbc;
    private final Clock clock;
    private final CallLedger calls;
    private final GroupCommit<CallEvent, Recorded> commits = new GroupCommit<>(WRITERS, MAX_BATCH, this::recordAll);

    public WebhookLedger(Jdbc jdbc, Clock clock, CallLedger calls) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.calls = calls;
    }

    /** Records the event durably (it has committed when this returns), with other deliveries arriving now. */
    public Recorded record(CallEvent event) {
        return commits.submit(event);
    }

    /**
     * Records the events in one transaction, one result each, in order. Rows are locked in one order (the
     * events' leads by id, then the events by id as they are written), so that concurrent batches never wait
     * on each other in a circle. Should another transaction write one of these events with a different lead
     * meanwhile (a forged or reused event id), this batch's changes are undone and it is recorded again (a
     * delivery alone in its transaction writes its event before it changes anything, and is a duplicate).
     * Package-private for the tests, which record a batch as deliveries arriving together are.
     */
    List<Recorded> recordAll(List<CallEvent> events) {
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbc.inTransaction(c -> recordAll(c, events));
            } catch (RecordedMeanwhile again) {
                if (attempt == 3) {
                    throw new LedgerException(again);
                }
            }
        }
    }

    private List<Recorded> recordAll(Connection c, List<CallEvent> events) throws SQLException {
        Map<Long, LeadRow> leads = lockLeads(c, events);
        return events.size() == 1 ? List.of(recordAlone(c, events.get(0), leads)) : recordTogether(c, events, leads);
    }

    /**
     * A delivery with a transaction of its own, as most are: its event is written first and the lead changed
     * only if the event was not there yet, so it needs no look-up beforehand. What it does to the lead is
     * known before anything is written, the lead being locked and read.
     */
    private Recorded recordAlone(Connection c, CallEvent event, Map<Long, LeadRow> leads) throws SQLException {
        LeadRow lead = findLead(leads.values(), event);
        boolean applied = movesOn(lead, event);
        if (Jdbc.update(c, INSERT_EVENT, new EventRow(event, lead, applied, clock.instant()).params()) == 0) {
            return DUPLICATE;
        }
        DeferredLeadUpdates updates = new DeferredLeadUpdates();
        change(c, lead, event, applied, updates);
        updates.flush(c);
        return recorded(lead, applied, event);
    }

    /**
     * Deliveries sharing a transaction: the events already recorded are read first, under the leads' locks,
     * and an event's effect may depend on the earlier ones' (a lead is read again once one has changed it).
     */
    private List<Recorded> recordTogether(Connection c, List<CallEvent> events, Map<Long, LeadRow> leads)
            throws SQLException {
        boolean[] fresh = unseen(c, events);
        List<Recorded> results = new ArrayList<>();
        List<EventRow> rows = new ArrayList<>();
        java.util.Set<Long> changed = new java.util.HashSet<>();
        DeferredLeadUpdates updates = new DeferredLeadUpdates();
        for (int i = 0; i < events.size(); i++) {
            CallEvent event = events.get(i);
            if (!fresh[i]) {
                results.add(DUPLICATE);
                continue;
            }
            refreshChangedLeadsOf(c, event, leads, changed, updates);
            LeadRow lead = findLead(leads.values(), event);
            boolean applied = movesOn(lead, event);
            change(c, lead, event, applied, updates);
            if (applied) {
                changed.add(lead.id());
            }
            rows.add(new EventRow(event, lead, applied, clock.instant()));
            results.add(recorded(lead, applied, event));
        }
        updates.flush(c);
        writeEvents(c, rows, events, results);
        return results;
    }

    /** A webhook_event row: the event, the lead it matched and whether it moved that lead on. */
    private record EventRow(CallEvent event, LeadRow lead, boolean applied, Instant receivedAt) {
        Object[] params() {
            return new Object[] {event.eventId(), event.type(), event.callId(), lead == null ? null : lead.id(), applied,
                    receivedAt};
        }
    }

    private static Recorded recorded(LeadRow lead, boolean applied, CallEvent event) {
        return lead == null ? new Recorded(false, false, false, null, null)
                : new Recorded(false, applied, applied && CallStatus.isTerminal(event.status()), lead.requestId(),
                        lead.campaignId());
    }

    /**
     * Per event, whether it was never recorded (nor is earlier in this batch). Read under the leads' locks: a
     * transaction recording the same event about the same lead has committed by now, and is seen.
     */
    private static boolean[] unseen(Connection c, List<CallEvent> events) throws SQLException {
        List<Object> ids = events.stream().map(e -> (Object) e.eventId()).distinct().toList();
        java.util.Set<String> seen = new java.util.HashSet<>(Jdbc.queryPlannedAnew(c, "SELECT event_id FROM webhook_event "
                + "WHERE event_id IN (" + Jdbc.marks(ids.size()) + ")", rs -> rs.getString(1), ids.toArray()));
        boolean[] fresh = new boolean[events.size()];
        for (int i = 0; i < events.size(); i++) {
            fresh[i] = seen.add(events.get(i).eventId());
        }
        return fresh;
    }

    /**
     * Writes the new events, in the order of their ids. One that another transaction wrote meanwhile is a
     * duplicate when it matched no lead here; when it did, this batch has changed a lead for it, and must
     * start again.
     */
    private static void writeEvents(Connection c, List<EventRow> rows, List<CallEvent> events, List<Recorded> results)
            throws SQLException {
        rows.sort(java.util.Comparator.comparing(row -> row.event().eventId()));
        int[] written = Jdbc.updateEach(c, INSERT_EVENT, rows.stream().map(EventRow::params).toList());
        for (int k = 0; k < rows.size(); k++) {
            if (written[k] != 0) {
                continue;
            }
            String eventId = rows.get(k).event().eventId();
            if (rows.get(k).lead() != null) {
                throw new RecordedMeanwhile(eventId);
            }
            for (int i = 0; i < events.size(); i++) {
                if (events.get(i).eventId().equals(eventId) && !results.get(i).duplicate()) {
                    results.set(i, DUPLICATE);
                }
            }
        }
    }

    /** Another transaction recorded an event of this batch, about another lead, while this one ran. */
    private static final class RecordedMeanwhile extends RuntimeException {
        RecordedMeanwhile(String eventId) {
            super("webhook event " + eventId + " was recorded meanwhile by another delivery", null, false, false);
        }
    }

    /**
     * The leads the events may be about, locked: matched by call id, or by request id while they have no
     * call id yet (each key through its own index; H2 answers an OR with a table scan). H2 parses a UNION or
     * a FOR UPDATE again each time, never from its statement cache: so there the UNION is a subquery (which
     * PostgreSQL, its table not yet analysed, would join by reading the table whole), and the lock
     * takes ids alone before the rows are read (an update that changes nothing would lock without being
     * parsed, but on H2 it rewrites every index entry of the row, and a lead has many: it costs more).
     */
    private static Map<Long, LeadRow> lockLeads(Connection c, List<CallEvent> events) throws SQLException {
        List<Object> callIds = new ArrayList<>();
        List<Object> requestIds = new ArrayList<>();
        for (CallEvent event : events) {
            callIds.add(event.callId());
            requestIds.add(event.requestId());
        }
        Map<Long, LeadRow> leads = new java.util.HashMap<>();
        if (callIds.isEmpty()) {
            return leads;
        }
        List<Object> keys = new ArrayList<>(callIds);
        keys.addAll(requestIds);
        String union = "SELECT id FROM call_lead WHERE call_id IN (" + Jdbc.marks(callIds.size())
                + ") UNION SELECT id FROM call_lead WHERE request_id IN (" + Jdbc.marks(requestIds.size()) + ")";
        boolean h2 = Jdbc.isH2(c);
        List<Long> ids = Jdbc.query(c, h2 ? "SELECT id FROM call_lead WHERE id IN (" + union + ")" : union,
                rs -> rs.getLong(1), keys.toArray());
        if (ids.isEmpty()) {
            return leads;
        }
        // locked by id alone: PostgreSQL re-reads a row another transaction changed meanwhile, and a lock
        // through a subquery may then lose the row. It answers with the row as it is once locked; H2 is
        // asked for the rows after the lock, so that the lock's statement stays the one it parses each time
        String byId = " FROM call_lead WHERE id IN (" + Jdbc.marks(ids.size()) + ")";
        if (h2) {
            Jdbc.query(c, "SELECT id" + byId + " ORDER BY id FOR UPDATE", rs -> 1, ids.toArray());
        }
        Jdbc.query(c, "SELECT " + LeadRow.COLUMNS + byId + (h2 ? "" : " ORDER BY id FOR UPDATE"),
                        LeadRow::map, ids.toArray())
                .forEach(lead -> leads.put(lead.id(), lead));
        return leads;
    }

    /** A later event of the batch about a lead an earlier one changed sees the lead as it is now. */
    private static void refreshChangedLeadsOf(Connection c, CallEvent event, Map<Long, LeadRow> leads,
                                              java.util.Set<Long> changed, DeferredLeadUpdates updates)
            throws SQLException {
        for (java.util.Iterator<Long> ids = changed.iterator(); ids.hasNext(); ) {
            LeadRow before = leads.get(ids.next());
            // a lead read without a call id may have been given one by an earlier event of the batch
            if (before.callId() == null || event.callId().equals(before.callId())
                    || before.requestId().equals(event.requestId())) {
                updates.flush(c);
                Jdbc.query(c, "SELECT " + LeadRow.COLUMNS + " FROM call_lead WHERE id = ?", LeadRow::map, before.id())
                        .forEach(row -> leads.put(row.id(), row));
                ids.remove();
            }
        }
    }

    /**
     * The lead an event is about: the one with its call id; else the one with its request id that has no
     * call id yet, on the same attempt. A lead that already has another call id, or is on another attempt,
     * makes the event stale.
     */
    private static LeadRow findLead(java.util.Collection<LeadRow> candidates, CallEvent event) {
        for (LeadRow lead : candidates) {
            if (event.callId().equals(lead.callId())) {
                return lead;
            }
        }
        return candidates.stream()
                .filter(l -> l.callId() == null && l.requestId().equals(event.requestId()))
                .filter(l -> event.attempt() == null || event.attempt() == l.attempts())
                .findFirst().orElse(null);
    }

    /** Whether the event moves its lead on: it has one, in a call that has not got this far. */
    private static boolean movesOn(LeadRow lead, CallEvent event) {
        return lead != null && lead.state().isInCall() && CallStatus.rank(event.status()) > lead.statusRank();
    }

    /**
     * What the event does to its lead: moves it on when {@code applied} (as {@link #movesOn} found), and keeps
     * its transcript. The lead is locked and as this transaction last read it, so each update changes it as
     * foreseen; a status update is held back to go with the batch's others.
     */
    private void change(Connection c, LeadRow lead, CallEvent event, boolean applied, DeferredLeadUpdates updates)
            throws SQLException {
        if (applied && CallStatus.isTerminal(event.status())) {
            updates.flushFor(c, lead.id()); // the lead's own held-back updates come first
            String reason = CallStatus.COMPLETED.equals(event.status()) ? null
                    : event.errorCode() != null ? event.errorCode() : event.hangupCause();
            if (!calls.finish(c, lead, new CallResult(event.callId(), event.status(), event.durationSeconds(),
                    event.costCents(), event.hangupCause(), reason))) {
                throw DeferredLeadUpdates.notAsRead(lead.id(), "event " + event.eventId() + " could not end its call");
            }
        } else if (applied) {
            updates.add(c, "UPDATE call_lead SET state = 'ACTIVE', call_id = ?, call_status = ?, status_rank = ?, "
                            + "updated_at = ? WHERE id = ? AND state = ?", lead.id(), true,
                    event.callId(), event.status(), CallStatus.rank(event.status()), clock.instant(), lead.id(),
                    lead.state());
        }
        if (lead != null && event.transcriptExcerpt() != null) {
            // delivery is out of order: a transcript may come before the POST's answer named the call
            updates.add(c, "UPDATE call_lead SET transcript_excerpt = ? WHERE id = ? AND (call_id = ? OR call_id IS NULL) "
                    + "AND reduced_at IS NULL", lead.id(), false, event.transcriptExcerpt(), lead.id(), event.callId());
        }
    }
}
