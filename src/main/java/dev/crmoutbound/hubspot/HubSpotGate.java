package dev.crmoutbound.hubspot;

import dev.crmoutbound.source.CrmGate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether HubSpot may be called now. Every answer passes through {@link #check}: a 429 pauses all
 * HubSpot traffic for its {@code Retry-After} (or the default pause when it names none); any other 4xx
 * (the token, a scope, a property or option that does not exist) stops it until the setting is fixed and
 * the service restarted; a 5xx fails that one call. Calls placed go
 * on meanwhile; their outcomes are written back once traffic resumes.
 */
public class HubSpotGate implements CrmGate {

    private static final Logger LOG = LoggerFactory.getLogger(HubSpotGate.class);

    private final Clock clock;
    private final Duration defaultPause;
    private volatile Instant pausedUntil = Instant.MIN;
    private volatile String pausedBecause;
    private volatile String stoppedBecause;

    public HubSpotGate(Clock clock, Duration defaultPause) {
        this.clock = clock;
        this.defaultPause = defaultPause;
    }

    /** True when HubSpot may be called now. */
    public boolean open() {
        if (stoppedBecause != null) {
            return false;
        }
        if (pausedBecause != null && !clock.instant().isBefore(pausedUntil)) {
            LOG.info("HubSpot traffic resumes after its pause ({})", pausedBecause);
            pausedBecause = null;
        }
        return pausedBecause == null;
    }

    public boolean closed() {
        return !open();
    }

    /** Throws when HubSpot may not be called now (paused or stopped), so that the request is not sent. */
    public void ensureOpen() {
        if (!open()) {
            throw new HubSpotRefusal(new HubSpotError(stoppedBecause != null ? HubSpotError.Kind.CONFIGURATION
                    : HubSpotError.Kind.LIMIT, 0, null, "not sent, HubSpot traffic is " + closedBecause()));
        }
    }

    /** Passes a 2xx answer (207 included: its errors are per record); acts on any other and throws. */
    public void check(Integer status, String retryAfter, String body) {
        int code = status == null ? 0 : status;
        if (code >= 200 && code < 300) {
            return;
        }
        HubSpotError error = HubSpotError.of(code, body);
        switch (error.kind()) {
            case LIMIT -> pause(error.describe(), pauseFor(retryAfter, error.message()));
            case CONFIGURATION -> stop(error.describe() + (code == 401
                    ? " (check HUBSPOT_TOKEN, the private app's access token)"
                    : code == 403 ? " (the private app lacks a scope this needs)"
                    : code == 404 ? " (check HUBSPOT_BASE_URL)" : " (check the HUBSPOT_* property settings)"));
            default -> {
            }
        }
        throw new HubSpotRefusal(error);
    }

    /** A configuration error: no call is made again until the setting is fixed and the service restarted. */
    public void stop(String reason) {
        if (stoppedBecause == null) {
            stoppedBecause = reason;
            LOG.error("HubSpot traffic stopped: {}. Fix the setting and restart", reason);
        }
    }

    private synchronized void pause(String why, Duration howLong) {
        boolean wasOpen = pausedBecause == null;
        pausedBecause = why;
        pausedUntil = clock.instant().plus(howLong);
        if (wasOpen) {
            LOG.warn("HubSpot traffic paused for {} s: {}", Math.max(1, howLong.toSeconds()), why);
        }
    }

    /**
     * Retry-After in seconds when HubSpot sends one; else by the limit its message names (HubSpot documents
     * none for its API's 429s): the daily allowance an hour, the search's per-second limit a second, the
     * ten-second burst limit the default pause.
     */
    private Duration pauseFor(String retryAfter, String message) {
        if (retryAfter != null && retryAfter.strip().matches("\\d{1,9}")) {
            return Duration.ofSeconds(Math.max(1, Long.parseLong(retryAfter.strip())));
        }
        String limit = message == null ? "" : message.toLowerCase(java.util.Locale.ROOT);
        return limit.contains("daily") ? Duration.ofHours(1)
                : limit.contains("secondly limit") && !limit.contains("ten_secondly") ? Duration.ofSeconds(1)
                : defaultPause;
    }

    @Override
    public String stoppedBecause() {
        return stoppedBecause;
    }

    @Override
    public String closedBecause() {
        return stoppedBecause != null ? "stopped: " + stoppedBecause : open() ? null : "paused: " + pausedBecause;
    }
}
