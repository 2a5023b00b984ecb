package dev.crmoutbound.salesforce;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Salesforce may be called now. It closes for a while when the org's daily API allowance runs
 * low ({@code Sforce-Limit-Info} on every answer: at most {@code reservePercent} left) or is spent
 * (REQUEST_LIMIT_EXCEEDED), so that the service leaves the rest to the org's other integrations; and for
 * good on a configuration error, which no retry mends. Every Salesforce route asks it first. Each
 * change is logged once.
 */
public class SalesforceGate implements dev.crmoutbound.source.CrmGate {

    private static final Logger LOG = LoggerFactory.getLogger(SalesforceGate.class);

    private final Clock clock;
    private final int reservePercent;
    private final Duration pause;
    private volatile Instant closedUntil = Instant.MIN;
    private volatile String pausedBecause;
    private volatile String stoppedBecause;
    private volatile long used = -1;
    private volatile long max = -1;

    public SalesforceGate(Clock clock, int reservePercent, Duration pause) {
        this.clock = clock;
        this.reservePercent = reservePercent;
        this.pause = pause;
    }

    /** True when Salesforce may be called now. */
    public boolean open() {
        if (stoppedBecause != null) {
            return false;
        }
        if (pausedBecause != null && !clock.instant().isBefore(closedUntil)) {
            LOG.info("Salesforce traffic resumes after its pause ({}); the allowance is checked on the next answer",
                    pausedBecause);
            pausedBecause = null;
        }
        return pausedBecause == null;
    }

    public boolean closed() {
        return !open();
    }

    /** Reads {@code api-usage=used/max} from an answer's Sforce-Limit-Info header and pauses when little is left. */
    public void usage(String limitInfo) {
        if (limitInfo == null) {
            return;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("api-usage=(\\d+)/(\\d+)").matcher(limitInfo);
        if (!m.find()) {
            return;
        }
        used = Long.parseLong(m.group(1));
        max = Long.parseLong(m.group(2));
        if (max > 0 && (max - used) * 100 <= (long) reservePercent * max) {
            pause("only " + (max - used) + " of the org's " + max + " daily API calls are left (SALESFORCE_API_RESERVE_PERCENT "
                    + reservePercent + " % kept for other integrations)");
        }
    }

    /** A poll or lookup failed: the gate closes when the failure says the allowance is spent or a setting is wrong. */
    public void failed(Throwable failure) {
        SalesforceError error = SalesforceError.of(failure);
        if (error.kind() == SalesforceError.Kind.LIMIT) {
            limitExceeded(error.describe());
        } else if (error.kind() == SalesforceError.Kind.CONFIGURATION) {
            stop("querying records: " + error.describe());
        }
    }

    /** Salesforce refused a call: REQUEST_LIMIT_EXCEEDED. */
    public void limitExceeded(String message) {
        pause("Salesforce refused a call, the org's API allowance is spent (" + message + ")");
    }

    /** A configuration error: no call is made again until the settings are fixed and the service restarted. */
    public void stop(String reason) {
        if (stoppedBecause == null) {
            stoppedBecause = reason;
            LOG.error("Salesforce traffic stopped: {}. Fix the setting or the org's configuration and restart", reason);
        }
    }

    private synchronized void pause(String why) {
        boolean wasOpen = pausedBecause == null;
        pausedBecause = why;
        closedUntil = clock.instant().plus(pause);
        if (wasOpen) {
            LOG.warn("Salesforce traffic paused for {} s: {}; calls already placed go on, their outcomes are written "
                    + "back once it resumes", pause.toSeconds(), why);
        }
    }

    /** Why Salesforce is never called again in this run (a configuration error), or null. */
    @Override
    public String stoppedBecause() {
        return stoppedBecause;
    }

    /** Why Salesforce is not called now, or null when it is. */
    @Override
    public String closedBecause() {
        return stoppedBecause != null ? "stopped: " + stoppedBecause : open() ? null : "paused: " + pausedBecause;
    }

    /** API calls used today in the org as last reported, or -1. */
    public long used() {
        return used;
    }

    /** The org's daily API allowance as last reported, or -1. */
    public long max() {
        return max;
    }
}
