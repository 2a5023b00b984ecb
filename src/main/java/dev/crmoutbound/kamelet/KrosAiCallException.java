package dev.crmoutbound.kamelet;

/**
 * Why the outbound call sink placed no call, typed so that a route can handle each kind on its own
 * ({@code onException}): the caller's to fix, KrosAI's limit, or a fate unknown.
 */
public class KrosAiCallException extends RuntimeException {

    private final String code;

    public KrosAiCallException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** KrosAI's error code (RATE_LIMIT_EXCEEDED, NUMBER_NOT_OWNED, ...) or this sink's (INVALID_PHONE_NUMBER). */
    public String code() {
        return code;
    }

    /** The number is not a phone number that can be called: never retry it. */
    public static class InvalidNumber extends KrosAiCallException {
        public InvalidNumber(String message) {
            super("INVALID_PHONE_NUMBER", message);
        }
    }

    /** Every concurrent call of the plan is in use: try again later, after {@link #retryAfterSeconds()} when KrosAI said. */
    public static class RateLimited extends KrosAiCallException {
        private final Long retryAfterSeconds;

        public RateLimited(String message, Long retryAfterSeconds) {
            super("RATE_LIMIT_EXCEEDED", message);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public Long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /** A setting is wrong (the API key, the from number, the endpoint) or the balance is spent: no call goes out until fixed. */
    public static class Configuration extends KrosAiCallException {
        public Configuration(String code, String message) {
            super(code, message);
        }
    }

    /** KrosAI took the request but the call failed to start; or it could not be reached and placed nothing. */
    public static class NotPlaced extends KrosAiCallException {
        public NotPlaced(String code, String message) {
            super(code, message);
        }
    }

    /** A call may have been placed (a timeout after sending, a 5xx): look it up before calling again. */
    public static class Uncertain extends KrosAiCallException {
        public Uncertain(String message) {
            super("UNCERTAIN", message);
        }
    }
}
