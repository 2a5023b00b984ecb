package dev.crmoutbound.app;

import dev.crmoutbound.dialer.CallSlots;
import dev.crmoutbound.dialer.DialPump;
import dev.crmoutbound.ledger.LedgerDatabase;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Stops dialing and lets every exchange waiting on a call slot finish before the routes are shut
 * down, so shutdown does not wait for calls still ringing; the ledger keeps those calls ACTIVE and the
 * next start takes their slots back. The ledger closes last.
 */
final class OrderlyShutdown extends EventNotifierSupport {

    private final DialPump pump;
    private final CallSlots slots;
    private final LedgerDatabase database;
    private final KrosAiConnection krosai;

    OrderlyShutdown(DialPump pump, CallSlots slots, LedgerDatabase database, KrosAiConnection krosai) {
        this.pump = pump;
        this.slots = slots;
        this.database = database;
        this.krosai = krosai;
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof CamelEvent.CamelContextStoppingEvent) {
            pump.stop();
            slots.releaseAll();
        } else if (event instanceof CamelEvent.CamelContextStoppedEvent) {
            if (krosai.isSandbox()) {
                krosai.sandbox().close();
            }
            database.close();
        }
    }
}
