package dev.crmoutbound.ledger;

import dev.crmoutbound.webhooks.CallEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;

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

    private final Jdbc jdbc;
    private final Clock clock;
    private final CallLedger calls;

    public WebhookLedger(Jdbc jdbc, Clock clock, CallLedger calls) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.calls = calls;
    }

    public Recorded record(CallEvent event) {
        return jdbc.inTransaction(c -> {
            int inserted = Jdbc.update(c, "INSERT INTO webhook_event (event_id, event_type, call_id, applied, received_at) "
                    + "VALUES (?, ?, ?, FALSE, ?) ON CONFLICT DO NOTHING",
                    event.eventId(), event.type(), event.callId(), clock.instant());
            if (inserted == 0) {
                return new Recorded(true, false, false, null, null);
            }
            LeadRow lead = findLead(c, event);
            if (lead == null) {
                return new Recorded(false, false, false, null, null);
            }
            boolean applied = apply(c, lead, event);
            if (event.transcriptExcerpt() != null) {
                // delivery is out of order: a transcript may come before the POST's answer named the call
                Jdbc.update(c, "UPDATE call_lead SET transcript_excerpt = ? WHERE id = ? AND (call_id = ? OR call_id IS NULL)",
                        event.transcriptExcerpt(), lead.id(), event.callId());
            }
            Jdbc.update(c, "UPDATE webhook_event SET lead_id = ?, applied = ? WHERE event_id = ?",
                    lead.id(), applied, event.eventId());
            return new Recorded(false, applied, applied && CallStatus.isTerminal(event.status()), lead.requestId(),
                    lead.campaignId());
        });
    }

    /**
     * One statement, so the POST's answer being stored at the same moment cannot slip between two
     * lookups: the row is matched by call id, or by request id while it has no call id yet. Each key is
     * looked up in its own index (H2 answers {@code call_id = ? OR request_id = ?} with a table scan).
     */
    private LeadRow findLead(Connection c, CallEvent event) throws SQLException {
        List<LeadRow> candidates = Jdbc.query(c, "SELECT " + LeadRow.COLUMNS + " FROM call_lead WHERE id IN ("
                + "SELECT id FROM call_lead WHERE call_id = ? UNION ALL SELECT id FROM call_lead WHERE request_id = ?) "
                + "FOR UPDATE", LeadRow::map, event.callId(), event.requestId());
        for (LeadRow lead : candidates) {
            if (event.callId().equals(lead.callId())) {
                return lead;
            }
        }
        // A lead that already has another call id, or is on another attempt, makes the event stale.
        return candidates.stream()
                .filter(l -> l.callId() == null && l.requestId().equals(event.requestId()))
                .filter(l -> event.attempt() == null || event.attempt() == l.attempts())
                .findFirst().orElse(null);
    }

    private boolean apply(Connection c, LeadRow lead, CallEvent event) throws SQLException {
        int rank = CallStatus.rank(event.status());
        if (!lead.state().isInCall() || rank <= lead.statusRank()) {
            return false;
        }
        if (CallStatus.isTerminal(event.status())) {
            String reason = CallStatus.COMPLETED.equals(event.status()) ? null
                    : event.errorCode() != null ? event.errorCode() : event.hangupCause();
            return calls.finish(c, lead, new CallResult(event.callId(), event.status(), event.durationSeconds(),
                    event.costCents(), event.hangupCause(), reason));
        }
        return Jdbc.update(c, "UPDATE call_lead SET state = 'ACTIVE', call_id = ?, call_status = ?, status_rank = ?, "
                        + "updated_at = ? WHERE id = ? AND state = ?",
                event.callId(), event.status(), rank, clock.instant(), lead.id(), lead.state()) == 1;
    }
}
