package dev.crmoutbound.dialer;

import dev.crmoutbound.ledger.CallLedger;
import dev.crmoutbound.ledger.LeadRow;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * The asynchronous step that keeps a dial exchange, and so its throttle permit, in flight until the
 * call ends. It holds no thread: the exchange continues when the terminal webhook (or reconciliation)
 * calls {@link #release(String)}.
 */
public class CallSlots extends AsyncProcessorSupport implements AsyncProcessor {

    private record Waiting(Exchange exchange, AsyncCallback callback) {
    }

    private final CallLedger ledger;
    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();
    private volatile boolean closing;

    public CallSlots(CallLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        LeadRow lead = exchange.getProperty("lead", LeadRow.class);
        waiting.put(lead.requestId(), new Waiting(exchange, callback));
        // The terminal event may have been recorded before we started waiting; and a call placed while
        // the service stops is not waited for (the webhook route may be gone): the ledger keeps it.
        if (closing || !ledger.isInCall(lead.requestId())) {
            release(lead.requestId());
        }
        return false;
    }

    /**
     * The call for this request ended: its exchange completes and the throttle permit is returned. False
     * when this instance holds no permit for it (another instance placed the call).
     */
    public boolean release(String requestId) {
        Waiting w = requestId == null ? null : waiting.remove(requestId);
        if (w != null) {
            w.callback().done(false);
        }
        return w != null;
    }

    /** Returns the permits of calls that ended where this instance did not see it (a webhook to another instance). */
    public void releaseEnded() {
        if (!waiting.isEmpty()) {
            ledger.ended(waiting.keySet()).forEach(this::release);
        }
    }

    public int active() {
        return waiting.size();
    }

    /** On shutdown: let every waiting exchange finish; the ledger keeps the calls and a restart resumes them. */
    public void releaseAll() {
        closing = true; // before the sweep: an exchange that arrives after it releases itself
        List.copyOf(waiting.keySet()).forEach(this::release);
    }
}
