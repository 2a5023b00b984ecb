package dev.crmoutbound.ledger;

import dev.crmoutbound.config.Campaigns;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dialer's view of the ledger. Every state change is one guarded UPDATE
 * ({@code WHERE id = ? AND state = ?}), so two workers or a replayed webhook never move a row twice.
 */
public class CallLedger {

    /**
     * The lead is still the dial of one claim: this instance's ({@code dialed_by}), made at that claim's
     * time ({@code dial_started_at}), so that a late step of an earlier claim never acts on a later one.
     */
    private static final String THIS_CLAIM = "state = 'DIALING' AND dialed_by = ? AND dial_started_at = ?";

    private static final String DEFER =
            "UPDATE call_lead SET next_attempt_at = ?, reason = ?, deferred_by = COALESCE(?, deferred_by), "
            + "updated_at = ? WHERE id = ? AND state = ?";
    private static final String NOT_DONE = LeadState.sqlList(state -> state != LeadState.DONE);
    private static final String NOT_FINAL = LeadState.sqlList(state -> !state.isFinal());

    private final Jdbc jdbc;
    private final Clock clock;
    private final Campaigns campaigns;
    private final NumberGuard numberGuard;
    private final AccountSlots slots;
    private final String instanceId;

    /** A ledger for one process (tests): dials are marked as this instance's, named {@code local}. */
    public CallLedger(Jdbc jdbc, Clock clock, Campaigns campaigns) {
        this(jdbc, clock, campaigns, new AttemptCap(0));
    }

    public CallLedger(Jdbc jdbc, Clock clock, Campaigns campaigns, AttemptCap cap) {
        this(jdbc, clock, campaigns, cap, "local");
    }

    /** {@code instanceId} marks the dials this instance makes, so that others know whose they are. */
    public CallLedger(Jdbc jdbc, Clock clock, Campaigns campaigns, AttemptCap cap, String instanceId) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.campaigns = campaigns;
        this.numberGuard = new NumberGuard(cap, campaigns);
        this.slots = new AccountSlots(jdbc, clock);
        this.instanceId = instanceId;
    }

    public Clock clock() {
        return clock;
    }

    /**
     * Leads due for a dial in running campaigns, oldest first, skipping those already in the pipeline. A
     * file's leads are due as soon as their chunk is written (the whole file was checked before).
     */
    public List<LeadRow> due(int max, Collection<Long> inPipeline) {
        return due(null, max, inPipeline);
    }

    /**
     * As {@link #due(int, Collection)}, for the campaigns named (all when null), which take turns: one lead
     * of each in turn, so that campaigns sharing an account share its slots fairly.
     */
    public List<LeadRow> due(Collection<String> campaignIds, int max, Collection<Long> inPipeline) {
        if (max <= 0) {
            return List.of();
        }
        if (campaignIds == null || campaignIds.size() == 1) {
            return dueIn(campaignIds == null ? null : campaignIds.iterator().next(), max, inPipeline);
        }
        List<java.util.Iterator<LeadRow>> queues = campaignIds.stream()
                .map(id -> dueIn(id, max, inPipeline).iterator()).toList();
        List<LeadRow> turns = new java.util.ArrayList<>();
        for (boolean any = true; any && turns.size() < max; ) {
            any = false;
            for (java.util.Iterator<LeadRow> queue : queues) {
                if (queue.hasNext() && turns.size() < max) {
                    turns.add(queue.next());
                    any = true;
                }
            }
        }
        return turns;
    }

    /**
     * Most leads to skip are in the dialer, not waiting, and the query never finds them: it reads only as
     * many as wanted, and reads past the ones to skip only when some of them were among those.
     */
    private List<LeadRow> dueIn(String campaignId, int max, Collection<Long> skip) {
        List<LeadRow> due = firstDue(campaignId, max);
        List<LeadRow> kept = due.stream().filter(l -> !skip.contains(l.id())).toList();
        if (kept.size() < due.size()) {
            kept = firstDue(campaignId, max + skip.size()).stream().filter(l -> !skip.contains(l.id())).limit(max).toList();
        }
        return kept;
    }

    private List<LeadRow> firstDue(String campaignId, int fetch) {
        return campaignId == null
                ? jdbc.query("SELECT " + prefixed("l") + " FROM call_lead l JOIN campaign c ON c.id = l.campaign_id "
                        + "WHERE l.state IN ('QUEUED', 'RETRY_WAIT') AND l.next_attempt_at <= ? AND c.state = 'RUNNING' "
                        + "ORDER BY l.next_attempt_at, l.id LIMIT ?",
                        LeadRow::map, clock.instant(), fetch)
                : dueInRunning(campaignId, fetch);
    }

    /**
     * A campaign's due leads: each waiting state read in the order of the index (state, campaign,
     * next attempt, id), so that a campaign with a million leads queued costs a few index entries per
     * refill, not a sort of them all.
     */
    private List<LeadRow> dueInRunning(String campaignId, int fetch) {
        String waiting = "(SELECT " + prefixed("l") + ", l.next_attempt_at FROM call_lead l "
                + "WHERE l.state = ? AND l.campaign_id = ? AND l.next_attempt_at <= ? "
                + "ORDER BY l.state, l.campaign_id, l.next_attempt_at, l.id LIMIT ?)";
        Instant now = clock.instant();
        return jdbc.inTransaction(c -> {
            if (Jdbc.query(c, "SELECT 1 FROM campaign WHERE id = ? AND state = 'RUNNING'", rs -> 1, campaignId).isEmpty()) {
                return List.of();
            }
            return Jdbc.query(c, "SELECT " + LeadRow.COLUMNS + " FROM (" + waiting + " UNION ALL " + waiting + ") d "
                            + "ORDER BY next_attempt_at, id LIMIT ?", LeadRow::map,
                    "QUEUED", campaignId, now, fetch, "RETRY_WAIT", campaignId, now, fetch, fetch);
        });
    }

    /** Leads holding a call slot (DIALING, ACTIVE or UNCERTAIN), oldest dial first. */
    public List<LeadRow> callsInProgress() {
        return jdbc.query("SELECT " + LeadRow.COLUMNS + " FROM call_lead WHERE state IN " + AccountSlots.IN_CALL
                + " ORDER BY dial_started_at, id", LeadRow::map);
    }

    /** Of these requests, the ones whose call is over (whichever instance saw it end). */
    public java.util.Set<String> ended(Collection<String> requestIds) {
        java.util.Set<String> ended = new java.util.HashSet<>();
        List<String> ids = List.copyOf(requestIds);
        for (int from = 0; from < ids.size(); from += 500) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            jdbc.query("SELECT request_id FROM call_lead WHERE request_id IN ("
                    + Jdbc.marks(chunk.size()) + ") AND state NOT IN "
                    + AccountSlots.IN_CALL, rs -> ended.add(rs.getString(1)), chunk.toArray());
        }
        return ended;
    }

    public Optional<LeadRow> find(long leadId) {
        return jdbc.queryOne("SELECT " + LeadRow.COLUMNS + " FROM call_lead WHERE id = ?", LeadRow::map, leadId);
    }

    /**
     * Takes one of the account's call slots and the lead for one dial attempt, and logs the attempt; null
     * when the account has no slot free, when another worker took the lead first, or when its number is in
     * another call or at its attempt cap (it then waits, as the pump would have made it).
     */
    public LeadRow claim(LeadRow lead) {
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        String account = campaigns.get(lead.campaignId()).account();
        return jdbc.inTransaction(c -> {
            if (!slots.lockAndCheck(c, account)) {
                return null;
            }
            AttemptCap.Wait wait = numberGuard.check(c, lead, now);
            if (wait != null) {
                Jdbc.update(c, DEFER, wait.until(), InputBounds.reason(wait.reason()),
                        InputBounds.clip(wait.rule(), InputBounds.DEFERRED_BY), now, lead.id(), lead.state());
                return null;
            }
            int n = Jdbc.update(c, "UPDATE call_lead SET state = 'DIALING', attempts = attempts + 1, "
                            + "dial_started_at = ?, call_id = NULL, call_status = NULL, status_rank = 0, reason = NULL, "
                            + "account_id = ?, dialed_by = ?, updated_at = ? WHERE id = ? AND state = ?",
                    now, account, instanceId, now, lead.id(), lead.state());
            if (n == 0) {
                return null;
            }
            LeadRow claimed = new LeadRow(lead.id(), lead.requestId(), lead.campaignId(), LeadState.DIALING,
                    lead.phoneE164(), lead.source(), lead.recordKey(), null, 0, lead.attempts() + 1, now,
                    lead.metadataJson(), lead.timeZones(), account);
            AttemptLog.started(c, claimed, now);
            return claimed;
        });
    }

    /**
     * Not yet: the lead stays waiting until {@code until} (its calling window, the number's attempt cap);
     * {@code rule} is the calling rule that says so, kept for the lead's audit, or null.
     */
    public void defer(LeadRow lead, Instant until, String reason, String rule) {
        jdbc.update(DEFER, until, InputBounds.reason(reason), InputBounds.clip(rule, InputBounds.DEFERRED_BY),
                clock.instant(), lead.id(), lead.state());
    }

    /** Never: a waiting lead that policy now forbids calling (its number went on the do-not-call list). */
    public boolean refuse(LeadRow lead, String reason) {
        return jdbc.update("UPDATE call_lead SET state = 'REJECTED', reason = ?, updated_at = ? WHERE id = ? AND state = ?",
                InputBounds.reason(reason), clock.instant(), lead.id(), lead.state()) == 1;
    }

    /**
     * Right before the POST: true while the lead is still this claim's dial. False when it is not (this
     * instance was frozen long enough for the others to give its dials up as uncertain, and the lead may
     * have been claimed again since): nothing is posted.
     */
    public boolean stillDialing(LeadRow dial) {
        return jdbc.update("UPDATE call_lead SET updated_at = ? WHERE id = ? AND " + THIS_CLAIM,
                clock.instant(), dial.id(), instanceId, dial.dialStartedAt()) == 1;
    }

    /**
     * Stores the call id from the POST answer; a webhook may have got there first, which is fine. A dial
     * given up as uncertain meanwhile (its instance seemed dead) is placed all the same: the answer settles it.
     */
    public void markPlaced(LeadRow dial, String callId) {
        jdbc.update("UPDATE call_lead SET state = 'ACTIVE', call_id = ?, call_status = 'initiated', status_rank = 1, "
                + "updated_at = ? WHERE id = ? AND dialed_by = ? AND dial_started_at = ? "
                + "AND (state = 'DIALING' OR state = 'UNCERTAIN' AND call_id IS NULL)",
                callId, clock.instant(), dial.id(), instanceId, dial.dialStartedAt());
    }

    /** KrosAI answered that the call failed to start: the attempt ends with that outcome. */
    public boolean failedToStart(LeadRow dial, CallResult result) {
        return finishInCall(dial.id(), THIS_CLAIM, List.of(instanceId, dial.dialStartedAt()), result);
    }

    /** The POST did not place a call (429, 5xx, unreachable): try again later, not counted as an attempt. */
    public void retryLater(LeadRow dial, Instant at, String note) {
        jdbc.inTransaction(c -> uncount(c, dial, "state = 'RETRY_WAIT', next_attempt_at = ?, reason = ?", at,
                InputBounds.reason(note)));
    }

    /**
     * The campaign stopped or paused before this lead's call was placed: back in the queue, untouched. In
     * the transaction {@code c}, the one that stops or pauses the campaign, so that nobody sees a halted
     * campaign with this lead still dialing.
     */
    public Void returnToQueue(Connection c, LeadRow dial) throws SQLException {
        uncount(c, dial, "state = 'QUEUED', reason = NULL");
        return null;
    }

    /** A claimed lead that was not posted (shutdown, or this instance's dials may have been taken over). */
    public void returnUnposted(LeadRow dial) {
        jdbc.inTransaction(c -> uncount(c, dial, "state = 'QUEUED', reason = NULL, dialed_by = NULL"));
    }

    public void reject(LeadRow dial, String reason) {
        jdbc.update("UPDATE call_lead SET state = 'REJECTED', reason = ?, updated_at = ? WHERE id = ? AND " + THIS_CLAIM,
                InputBounds.reason(reason), clock.instant(), dial.id(), instanceId, dial.dialStartedAt());
    }

    /** The POST may have placed a call we have no answer for: never redialed blindly, reconciled later. */
    public void markUncertain(LeadRow dial, String reason) {
        jdbc.update("UPDATE call_lead SET state = 'UNCERTAIN', reason = ?, updated_at = ? WHERE id = ? AND " + THIS_CLAIM,
                InputBounds.reason(reason), clock.instant(), dial.id(), instanceId, dial.dialStartedAt());
    }

    /**
     * Reconciliation found no call for this lead's dial, as it {@code seen} it: it was never placed, so the
     * lead may be dialed (unless its person was erased meanwhile: then it is rejected). Nothing happens
     * when the lead has moved on since (placed after all, or dialed again).
     */
    public boolean requeueUnplaced(LeadRow seen) {
        return jdbc.inTransaction(c -> uncount(c, seen.id(), "state = 'UNCERTAIN' AND call_id IS NULL AND " + sameDial(seen),
                sameDialParams(seen), "state = CASE WHEN phone_e164 IS NULL THEN 'REJECTED' ELSE 'QUEUED' END, "
                        + "reason = CASE WHEN phone_e164 IS NULL THEN reason END"));
    }

    /** The lead is still at the dial {@code seen} (every dial has its claim's time; null only by hand). */
    private static String sameDial(LeadRow seen) {
        return seen.dialStartedAt() == null ? "dial_started_at IS NULL" : "dial_started_at = ?";
    }

    private static List<Object> sameDialParams(LeadRow seen) {
        return seen.dialStartedAt() == null ? List.of() : List.of(seen.dialStartedAt());
    }

    /** Takes back the attempt this claim counted, with the state change {@code set}, while it is still this claim's. */
    private boolean uncount(Connection c, LeadRow dial, String set, Object... setParams) throws SQLException {
        return uncount(c, dial.id(), THIS_CLAIM, List.of(instanceId, dial.dialStartedAt()), set, setParams);
    }

    /** Takes back the attempt a dial counted, with the state change {@code set}, if the row matches {@code where}. */
    private boolean uncount(Connection c, long leadId, String where, List<Object> whereParams, String set,
                            Object... setParams) throws SQLException {
        List<Object> select = new java.util.ArrayList<>();
        select.add(leadId);
        select.addAll(whereParams);
        List<Integer> attempts = Jdbc.query(c, "SELECT attempts FROM call_lead WHERE id = ? AND " + where + " FOR UPDATE",
                rs -> rs.getInt(1), select.toArray());
        if (attempts.isEmpty()) {
            return false;
        }
        Object[] params = new Object[setParams.length + 2];
        System.arraycopy(setParams, 0, params, 0, setParams.length);
        params[setParams.length] = clock.instant();
        params[setParams.length + 1] = leadId;
        Jdbc.update(c, "UPDATE call_lead SET " + set + ", attempts = attempts - 1, updated_at = ? WHERE id = ?", params);
        AttemptLog.undo(c, leadId, attempts.get(0));
        return true;
    }

    /**
     * Ends the lead's current attempt: DONE, or RETRY_WAIT when its campaign's redial policy gives the
     * outcome another try. Guarded on the state the caller saw.
     */
    public boolean finish(Connection c, LeadRow lead, CallResult result) throws SQLException {
        Instant now = clock.instant();
        // an erased person's lead (no number any more) ends with this call whatever its outcome
        Optional<Instant> redialAt = lead.phoneE164() == null ? Optional.empty()
                : campaigns.get(lead.campaignId()).policy().redial().nextAttempt(result.outcome(), lead.attempts(), now);
        boolean redial = redialAt.isPresent();
        LeadState next = redial ? LeadState.RETRY_WAIT : LeadState.DONE;
        boolean ended = Jdbc.update(c, "UPDATE call_lead SET state = ?, outcome = ?, call_id = COALESCE(?, call_id), "
                        + "call_status = ?, status_rank = ?, duration_s = ?, cost_cents = ?, hangup_cause = ?, "
                        + "reason = CASE WHEN reduced_at IS NULL THEN ? ELSE reason END, next_attempt_at = ?, updated_at = ? "
                        + "WHERE id = ? AND state = ?",
                next, result.outcome(), result.callId(), result.outcome(), CallStatus.TERMINAL_RANK,
                result.durationSeconds(), result.costCents(), InputBounds.clip(result.hangupCause(), InputBounds.HANGUP_CAUSE),
                InputBounds.reason(result.reason()),
                redialAt.orElse(now), now, lead.id(), lead.state()) == 1;
        if (ended) {
            AttemptLog.ended(c, lead.id(), lead.attempts(), result.callId(), result.outcome(), now);
        }
        return ended;
    }

    public boolean isInCall(String requestId) {
        return jdbc.queryOne("SELECT state FROM call_lead WHERE request_id = ?", rs -> rs.getString(1), requestId)
                .map(s -> LeadState.valueOf(s).isInCall()).orElse(false);
    }

    /**
     * Calls whose terminal event is overdue: ACTIVE since before {@code activeBefore} (max_duration plus
     * grace), or UNCERTAIN since before {@code uncertainBefore}.
     */
    public List<LeadRow> overdue(Instant activeBefore, Instant uncertainBefore) {
        return jdbc.query("SELECT " + LeadRow.COLUMNS + " FROM call_lead WHERE (state = 'ACTIVE' AND dial_started_at < ?) "
                + "OR (state = 'UNCERTAIN' AND updated_at < ?) ORDER BY dial_started_at",
                LeadRow::map, activeBefore, uncertainBefore);
    }

    /**
     * Ends the attempt reconciliation {@code seen} in a call (ACTIVE or UNCERTAIN), with what KrosAI's call
     * log says of it; nothing happens when the lead has moved on since (its webhook ended it, or it was
     * dialed again).
     */
    public boolean finishInCall(LeadRow seen, CallResult result) {
        return finishInCall(seen.id(), sameDial(seen), sameDialParams(seen), result);
    }

    /** Ends the attempt of the lead when it is in a call and matches {@code where}. */
    private boolean finishInCall(long leadId, String where, List<Object> whereParams, CallResult result) {
        List<Object> params = new java.util.ArrayList<>(List.of(leadId));
        params.addAll(whereParams);
        return jdbc.inTransaction(c -> {
            List<LeadRow> rows = Jdbc.query(c, "SELECT " + LeadRow.COLUMNS + " FROM call_lead WHERE id = ? AND " + where
                    + " FOR UPDATE", LeadRow::map, params.toArray());
            return !rows.isEmpty() && rows.get(0).state().isInCall() && finish(c, rows.get(0), result);
        });
    }

    /**
     * Lead counts by state, DONE by outcome, and WAITING for those queued for later (their calling window,
     * a redial): the campaign summary, in key order, without zeros. HELD (its CRM has not taken the claim
     * yet) counts as queued. Each state is counted through the dial queue's index (state, campaign, next
     * attempt), the done ones grouped by outcome (read from their rows), all in one statement so that the
     * parts agree: grouping every lead by a key computed for each took several times as long
     * ({@code bench/run progress}).
     */
    public Map<String, Integer> summary(String campaignId) {
        Instant now = clock.instant();
        Map<String, Integer> counts = new java.util.TreeMap<>();
        jdbc.query("SELECT state, NULL AS detail, COUNT(*) FROM call_lead WHERE state IN " + NOT_DONE
                        + " AND campaign_id = ? GROUP BY state"
                        + " UNION ALL SELECT 'DONE', outcome, COUNT(*) FROM call_lead WHERE state = 'DONE' AND campaign_id = ?"
                        + " GROUP BY outcome"
                        + " UNION ALL SELECT 'WAIT', 'QUEUED', COUNT(*) FROM call_lead WHERE state = 'QUEUED' AND campaign_id = ?"
                        + " AND next_attempt_at > ?"
                        + " UNION ALL SELECT 'WAIT', 'RETRY_WAIT', COUNT(*) FROM call_lead WHERE state = 'RETRY_WAIT'"
                        + " AND campaign_id = ? AND next_attempt_at > ?",
                rs -> {
                    String kind = rs.getString(1);
                    String detail = rs.getString(2);
                    int n = rs.getInt(3);
                    switch (kind) {
                        case "WAIT" -> { // counted under its state too
                            counts.merge(detail, -n, Integer::sum);
                            counts.merge("WAITING", n, Integer::sum);
                        }
                        case "DONE" -> counts.merge("DONE:" + (detail == null ? "?" : detail), n, Integer::sum);
                        case "HELD" -> counts.merge("QUEUED", n, Integer::sum);
                        default -> counts.merge(kind, n, Integer::sum);
                    }
                    return null;
                }, campaignId, campaignId, campaignId, now, campaignId, now);
        counts.values().removeIf(n -> n == 0);
        return counts;
    }

    /** Why a lead of this source record key is where it is (waiting, rejected), or empty. */
    public String reasonOf(String recordKey) {
        return jdbc.query("SELECT reason FROM call_lead WHERE record_key = ? ORDER BY id", rs -> rs.getString(1), recordKey)
                .stream().filter(java.util.Objects::nonNull).findFirst().orElse("");
    }

    /** Whether any lead is still to be called or in a call: one look in the dial queue's index, not a count. */
    public boolean anyNotFinal() {
        return jdbc.queryOne("SELECT 1 FROM call_lead WHERE state IN " + NOT_FINAL + " LIMIT 1", rs -> 1).isPresent();
    }

    private static String prefixed(String alias) {
        return alias + "." + LeadRow.COLUMNS.replace(", ", ", " + alias + ".");
    }
}
