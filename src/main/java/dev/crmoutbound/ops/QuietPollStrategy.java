package dev.crmoutbound.ops;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.spi.PollingConsumerPollStrategy;

/**
 * For a polling source whose poll itself can fail (its read lock lives in the ledger, say): the poll
 * strategy and the consumer's exception handler, so that a failed poll is reported to the
 * {@link FaultLog} (one line, then a summary a minute) instead of Camel's warning with a stack trace on
 * every poll; the next poll simply tries again.
 */
public class QuietPollStrategy implements PollingConsumerPollStrategy, ExceptionHandler {

    private final FaultLog faults;
    private final String what;

    /** {@code what}: the work that failed, as the log line says it. */
    public QuietPollStrategy(FaultLog faults, String what) {
        this.faults = faults;
        this.what = what;
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        return true;
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        // nothing to do
    }

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        return false; // not retried now: the consumer hands the failure to handleException
    }

    @Override
    public void handleException(Throwable exception) {
        faults.report(what, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        faults.report(what, exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        faults.report(what, exception);
    }
}
