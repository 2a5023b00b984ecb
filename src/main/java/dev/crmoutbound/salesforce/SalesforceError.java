package dev.crmoutbound.salesforce;

import java.util.List;
import java.util.Set;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.RestError;

/**
 * What a Salesforce error means for the work that met it: TRANSIENT (try again later), LIMIT (the org's
 * API allowance is spent: stop all Salesforce traffic until it recovers), RECORD (this record will
 * never take it: never again, never call it), or CONFIGURATION (no record will: stop, say what to fix).
 * An unknown error code on a 4xx answer counts as RECORD: retrying what Salesforce refuses is a loop.
 */
public record SalesforceError(Kind kind, String code, String message) {

    public enum Kind { TRANSIENT, LIMIT, RECORD, CONFIGURATION }

    private static final Set<String> TRANSIENT = Set.of("UNABLE_TO_LOCK_ROW", "SERVER_UNAVAILABLE", "UNKNOWN_EXCEPTION",
            "REQUEST_RUNNING_TOO_LONG", "QUERY_TIMEOUT", "INVALID_SESSION_ID", "STORAGE_LIMIT_EXCEEDED",
            "INVALID_QUERY_LOCATOR", "CONCURRENT_REQUESTS_LIMIT_EXCEEDED");
    private static final Set<String> LIMIT = Set.of("REQUEST_LIMIT_EXCEEDED", "TXN_SECURITY_API_LIMIT_EXCEEDED");
    private static final Set<String> CONFIGURATION = Set.of("INVALID_FIELD", "INVALID_FIELD_FOR_INSERT_UPDATE",
            "INVALID_TYPE", "NOT_FOUND", "API_DISABLED_FOR_ORG", "API_CURRENTLY_DISABLED", "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
            "INSUFFICIENT_ACCESS", "INVALID_FIELD_FOR_INSERT", "MALFORMED_QUERY", "INVALID_OPERATION_WITH_EXPIRED_PASSWORD");

    /** One record's error in a partial-success answer (sObject Collections). */
    public static SalesforceError of(List<RestError> errors) {
        RestError first = errors == null || errors.isEmpty() ? null : errors.get(0);
        return first == null ? new SalesforceError(Kind.TRANSIENT, null, "no error given")
                : of(first.getErrorCode(), first.getMessage(), 400);
    }

    /** A call that failed as a whole. */
    public static SalesforceError of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SalesforceException sf && sf.getStatusCode() > 0) {
                List<RestError> errors = sf.getErrors();
                RestError first = errors == null || errors.isEmpty() ? null : errors.get(0);
                return of(first == null ? null : first.getErrorCode(),
                        first == null ? sf.getMessage() : first.getMessage(), sf.getStatusCode());
            }
        }
        return new SalesforceError(Kind.TRANSIENT, null, dev.crmoutbound.ops.FaultLog.describe(failure));
    }

    static SalesforceError of(String code, String message, int status) {
        Kind kind;
        if (code != null && LIMIT.contains(code)) {
            kind = Kind.LIMIT;
        } else if (code != null && TRANSIENT.contains(code) || status >= 500 || status == 401 || status == 408) {
            kind = Kind.TRANSIENT;
        } else if (code != null && CONFIGURATION.contains(code)) {
            kind = Kind.CONFIGURATION;
        } else {
            kind = Kind.RECORD;
        }
        return new SalesforceError(kind, code, message);
    }

    /** "CODE: message", short enough for a reason column. */
    public String describe() {
        String text = (code == null ? "" : code + ": ") + (message == null ? "" : message.strip());
        return text.length() <= 300 ? text : text.substring(0, 299) + "…";
    }
}
