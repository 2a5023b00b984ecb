package dev.crmoutbound.dialer;

import dev.crmoutbound.ledger.CallLedger;
import dev.crmoutbound.ledger.InstanceHeartbeat;
import dev.crmoutbound.ledger.LeadRow;
import java.util.function.BooleanSupplier;

/**
 * The last look before a claimed lead is posted. It is held back on shutdown, and when this instance
 * cannot be sure the dial is still its own: its heartbeat is old (it was frozen, and the others may have
 * given its dials up as uncertain) or the ledger no longer has the lead as this claim's dial. A lead held
 * back goes back to the queue if it is still this claim's; otherwise reconciliation settles it. A lead let
 * through is cleared on the {@link DialFence}, which refuses its request if it is not written soon enough.
 */
public class PostGuard {

    private final BooleanSupplier stopping;
    private final InstanceHeartbeat heartbeat;
    private final CallLedger ledger;
    private final DialFence fence;

    public PostGuard(BooleanSupplier stopping, InstanceHeartbeat heartbeat, CallLedger ledger, DialFence fence) {
        this.stopping = stopping;
        this.heartbeat = heartbeat;
        this.ledger = ledger;
        this.fence = fence;
    }

    /** True when the lead must not be posted now (and has been put back). */
    public boolean heldBack(LeadRow lead) {
        // read before the checks: a stall inside them (the ledger's round trip) counts against the fence too
        long lookedAt = fence.now();
        if (!stopping.getAsBoolean() && heartbeat.mayDial() && ledger.stillDialing(lead)) {
            fence.cleared(lookedAt);
            return false;
        }
        ledger.returnUnposted(lead);
        return true;
    }
}
