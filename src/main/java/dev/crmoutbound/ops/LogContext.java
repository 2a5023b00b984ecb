package dev.crmoutbound.ops;

import org.slf4j.MDC;

/**
 * The campaign, request id and call id of the lead or event a piece of work is about, in the logging
 * MDC while it runs: JSON log lines (LOG_FORMAT=json) carry them as fields. Never a phone number.
 */
public final class LogContext implements AutoCloseable {

    public static final String CAMPAIGN = "campaign";
    public static final String REQUEST_ID = "requestId";
    public static final String CALL_ID = "callId";

    private LogContext() {
    }

    /** Puts the known ids (null ones are left out) in the MDC until {@link #close()}. */
    public static LogContext of(String campaign, String requestId, String callId) {
        put(CAMPAIGN, campaign);
        put(REQUEST_ID, requestId);
        put(CALL_ID, callId);
        return new LogContext();
    }

    /** Adds the lead's ids once they are known (an event names only its call). */
    public void lead(String campaign, String requestId) {
        put(CAMPAIGN, campaign);
        put(REQUEST_ID, requestId);
    }

    private static void put(String key, String value) {
        if (value != null) {
            MDC.put(key, value);
        }
    }

    /** The ids in the MDC put aside until {@link Aside#close()} puts them back: for work on other leads meanwhile. */
    public static Aside aside() {
        Aside aside = new Aside(MDC.get(CAMPAIGN), MDC.get(REQUEST_ID), MDC.get(CALL_ID));
        clear();
        return aside;
    }

    /** Ids put aside, back in the MDC on {@link #close()}. */
    public record Aside(String campaign, String requestId, String callId) implements AutoCloseable {
        @Override
        public void close() {
            clear();
            put(CAMPAIGN, campaign);
            put(REQUEST_ID, requestId);
            put(CALL_ID, callId);
        }
    }

    @Override
    public void close() {
        clear();
    }

    private static void clear() {
        MDC.remove(CAMPAIGN);
        MDC.remove(REQUEST_ID);
        MDC.remove(CALL_ID);
    }
}
