package dev.crmoutbound.dialer;

import dev.crmoutbound.ledger.CallLedger;
import dev.crmoutbound.ledger.InstanceHeartbeat;
import dev.crmoutbound.ledger.LeadRow;

/**
 * The last look before a claimed lead is posted. It is held back on shutdown, and when this instance
 * cannot be sure the dial is still its own: its heartbeat is old (it was frozen, and the others may have
 * given its dials up as uncertain) or the ledger no longer has the lead as its dial. A lead held back
 * goes back to the queue if it is still this instance's; otherwise reconciliation settles it. A lead let
 * through is cleared on the {@link DialFence}, which refuses its request if this thread stalls before
 * the request is written.
 */
public class PostGuard {

    private final DialPump pump;
    private final InstanceHeartbeat heartbeat;
    private final CallLedger ledger;
    private final DialFence fence;

    public PostGuard(DialPump pump, InstanceHeartbeat heartbeat, CallLedger ledger, DialFence fence) {
        this.pump = pump;
        this.heartbeat = heartbeat;
        this.ledger = ledger;
        this.fence = fence;
    }

    /** True when the lead must not be posted now (and has been put back). */
    public boolean heldBack(LeadRow lead) {
        if (!pump.isStopped() && heartbeat.mayDial() && ledger.stillDialing(lead.id())) {
            fence.cleared();
            return false;
        }
        ledger.returnUnposted(lead.id());
        return true;
    }
}
