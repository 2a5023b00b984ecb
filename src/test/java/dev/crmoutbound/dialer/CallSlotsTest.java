package dev.crmoutbound.dialer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmoutbound.ledger.LeadRow;
import dev.crmoutbound.ledger.LeadState;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class CallSlotsTest {

    /**
     * The race a restart test met once in a full run: a call placed just as the service stops reached the
     * slot step after the shutdown's sweep and held its exchange (and the shutdown) until the call ended.
     */
    @Test
    void aCallPlacedAfterTheShutdownSweepIsNotWaitedFor() {
        CallSlots slots = new CallSlots(null); // while closing, the ledger is not asked
        slots.releaseAll();

        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty("lead", new LeadRow(1, "req-1", "default", LeadState.ACTIVE, "+14155550100", "file",
                "R1", "call_1", 0, 1, null, null, null, "default"));
        AtomicBoolean done = new AtomicBoolean();
        slots.process(exchange, doneSync -> done.set(true));

        assertThat(done).as("the exchange went on at once").isTrue();
        assertThat(slots.active()).isZero();
    }
}
