package dev.crmoutbound.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crmoutbound.dialer.CallSlots;
import dev.crmoutbound.ledger.CallLedger;
import dev.crmoutbound.ledger.CallResult;
import dev.crmoutbound.ledger.CallStatus;
import dev.crmoutbound.ledger.LeadRow;
import dev.crmoutbound.ledger.LeadState;
import dev.crmoutbound.ops.FaultLog;
import dev.crmoutbound.ops.LogContext;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles calls whose terminal webhook never came: a call with an id is read back from
 * {@code GET /calls/{id}}; a request with no answer is looked up in the call log by its request id,
 * and requeued only when the log shows it was never placed.
 */
public class CallReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(CallReconciler.class);
    private static final int PAGE = 100;
    /** Longer than any claimed lead waits for its POST: the dialer's queue, and the fence after the guard. */
    private static final Duration POST_AFTER_CLAIM = Duration.ofHours(1);

    private final CallLedger ledger;
    private final CallSlots slots;
    private final Duration activeGrace;
    private final Duration uncertainGrace;
    private final ObjectMapper json = new ObjectMapper();
    private final FaultLog faults;

    public CallReconciler(CallLedger ledger, CallSlots slots, Duration activeGrace, Duration uncertainGrace,
                          FaultLog faults) {
        this.faults = faults;
        this.ledger = ledger;
        this.slots = slots;
        this.activeGrace = activeGrace;
        this.uncertainGrace = uncertainGrace;
    }

    public java.util.List<LeadRow> overdue() {
        Instant now = ledger.clock().instant();
        return ledger.overdue(now.minus(activeGrace), now.minus(uncertainGrace));
    }

    /**
     * The window of the call log in which the lead's call would have been created: from its claim (less a
     * minute for clocks apart) to now, since its request may have waited after the claim; at most an hour
     * after the claim, so that a lead reconciled late does not read days of the log.
     */
    public String logQuery(LeadRow lead, Integer offset) {
        Instant started = lead.dialStartedAt() == null ? Instant.EPOCH : lead.dialStartedAt();
        Instant until = ledger.clock().instant().plusSeconds(60);
        if (until.isAfter(started.plus(POST_AFTER_CLAIM))) {
            until = started.plus(POST_AFTER_CLAIM);
        }
        return "from_date=" + started.minusSeconds(60) + "&to_date=" + until
                + "&limit=" + PAGE + "&offset=" + (offset == null ? 0 : offset);
    }

    /** Applies {@code GET /calls/{id}}. */
    public void applyCall(LeadRow lead, int status, String body) {
        if (status == 404) {
            settle(lead, new CallResult(lead.callId(), CallStatus.FAILED, 0, 0, null, "KrosAI has no record of this call"));
        } else if (status == 200) {
            settleIfEnded(lead, json(body));
        } else {
            faults.report("Reconciling overdue calls (tried again later)", "HTTP " + status, "GET /calls/{id} answered "
                    + status, null);
        }
    }

    /**
     * Applies one page of {@code GET /calls}; returns the next offset to read, or null when done.
     * When the whole window was read and no call carries the lead's request id, nothing was placed.
     */
    public Integer applyLogPage(LeadRow lead, int status, String body, Integer offset) {
        if (status != 200) {
            faults.report("Reconciling overdue calls (tried again later)", "HTTP " + status, "GET /calls answered "
                    + status, null);
            return null;
        }
        JsonNode page = json(body);
        JsonNode calls = page.has("calls") ? page.get("calls") : page.path("data");
        if (!calls.isArray()) { // not a page of the log (a proxy's page, a cut-off body): it proves nothing
            faults.report("Reconciling overdue calls (tried again later)", "UNREADABLE_CALL_LOG",
                    "GET /calls answered 200 without a list of calls", null);
            return null;
        }
        for (JsonNode call : calls) {
            JsonNode metadata = call.path("metadata");
            if (lead.requestId().equals(metadata.path("request_id").asText())
                    && (!metadata.has("attempt") || metadata.path("attempt").asInt() == lead.attempts())) {
                settleIfEnded(lead, call);
                return null;
            }
        }
        int next = (offset == null ? 0 : offset) + calls.size();
        // read on to an empty page, or to the total where the log gives one: a page may hold fewer than asked
        if (!calls.isEmpty() && next < page.path("total").asInt(Integer.MAX_VALUE)) {
            return next;
        }
        if (lead.state() == LeadState.UNCERTAIN && lead.callId() == null && ledger.requeueUnplaced(lead)) {
            slots.release(lead.requestId());
            try (LogContext ids = LogContext.of(lead.campaignId(), lead.requestId(), null)) {
                LOG.info("Reconciled {}: the call log shows no call for it, so it was never placed; queued again "
                        + "(or rejected, if its person was erased)", lead.requestId());
            }
        }
        return null;
    }

    private void settleIfEnded(LeadRow lead, JsonNode call) {
        String status = CallStatus.normalise(call.path("status").asText(null));
        if (!CallStatus.isTerminal(status)) {
            return; // still in progress: its webhook will come, or the next pass looks again
        }
        settle(lead, new CallResult(call.path("id").asText(call.path("call_id").asText(lead.callId())), status,
                call.hasNonNull("duration") ? call.get("duration").asInt() : null,
                call.hasNonNull("cost_cents") ? call.get("cost_cents").asInt() : null,
                call.path("hangup_cause").asText(null),
                CallStatus.COMPLETED.equals(status) ? null : call.path("hangup_cause").asText("reconciled from the call log")));
    }

    private void settle(LeadRow lead, CallResult result) {
        try (LogContext ids = LogContext.of(lead.campaignId(), lead.requestId(), result.callId())) {
            if (ledger.finishInCall(lead, result)) {
                LOG.info("Reconciled {}: call {} ended {}", lead.requestId(), result.callId(), result.outcome());
                slots.release(lead.requestId());
            }
        }
    }

    private JsonNode json(String body) {
        try {
            return body == null ? json.missingNode() : json.readTree(body);
        } catch (Exception e) {
            return json.missingNode();
        }
    }
}
