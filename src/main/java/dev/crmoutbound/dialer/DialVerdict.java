package dev.crmoutbound.dialer;

import java.time.Duration;

/**
 * What the answer to one POST /outbound-calls means for the lead and its campaign.
 *
 * @param kind       PLACED, REJECT (the lead can never be dialed), FAILED (an attempt that did not ring),
 *                   RETRY (nothing placed, try later), STOP (campaign configuration error), PAUSE (out of
 *                   credit), UNCERTAIN (a call may have been placed; we do not know), UNSENT (the request
 *                   was held back before any of it was sent)
 * @param retryAfter for RETRY: how long to wait, when the answer said
 */
public record DialVerdict(String kind, String callId, String code, String reason, Duration retryAfter) {

    public static DialVerdict placed(String callId) {
        return new DialVerdict("PLACED", callId, null, null, null);
    }

    public static DialVerdict of(String kind, String code, String reason) {
        return new DialVerdict(kind, null, code, reason, null);
    }
}
