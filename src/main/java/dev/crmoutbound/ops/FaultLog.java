package dev.crmoutbound.ops;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a fault that may repeat (a file failing its intake, a timer whose database is away, a forged
 * webhook) as one WARN line with its cause the first time, then counts the repeats, which
 * {@link #summarise()} (a timer, once a minute) logs as one line while the fault persists. Stack traces
 * go to DEBUG only.
 */
public class FaultLog {

    private static final Logger LOG = LoggerFactory.getLogger(FaultLog.class);
    private static final int MAX_CAUSE_CHARS = 500;

    private static final class Tally {
        final String what;
        int repeats;
        boolean seen = true;
        String lastCause;

        Tally(String what, String cause) {
            this.what = what;
            this.lastCause = cause;
        }
    }

    /** A fault as the status page lists it: when it last happened, what failed, why (numbers masked). */
    public record RecentFault(java.time.Instant at, String what, String cause, int times) {
    }

    private static final int RECENT = 20;

    private final Map<String, Tally> tallies = new LinkedHashMap<>();
    private final java.util.LinkedList<RecentFault> recent = new java.util.LinkedList<>();
    private final AtomicLong reported = new AtomicLong();

    /** How many faults have been reported since the start. */
    public long reported() {
        return reported.get();
    }

    /** Reports that {@code what} failed because of {@code exception}; faults are told apart by exception type. */
    public void report(String what, Throwable exception) {
        report(what, exception == null ? "" : exception.getClass().getName(), describe(exception), exception);
    }

    /**
     * Reports a fault of kind {@code kind} (repeats of one kind are counted together) described by
     * {@code cause}; {@code trace}, if any, is logged at DEBUG.
     */
    public void report(String what, String kind, String cause, Throwable trace) {
        reported.incrementAndGet();
        remember(what, cause);
        boolean first;
        synchronized (tallies) {
            Tally tally = tallies.get(what + '\u0000' + kind);
            first = tally == null;
            if (first) {
                tallies.put(what + '\u0000' + kind, new Tally(what, cause));
            } else {
                tally.repeats++;
                tally.seen = true;
                tally.lastCause = cause;
            }
        }
        if (first) {
            LOG.warn("{}: {} (repeats are counted and summarised once a minute)", what, cause);
        }
        if (trace != null && LOG.isDebugEnabled()) {
            LOG.debug("{}: {}", what, cause, trace);
        }
    }

    /** The last faults, newest first, a fault that repeats listed once with how often it happened. */
    public List<RecentFault> recent() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    private void remember(String what, String cause) {
        String maskedWhat = PhoneMask.maskNumbersIn(what);
        String maskedCause = PhoneMask.maskNumbersIn(cause);
        synchronized (recent) {
            int times = 1;
            for (Iterator<RecentFault> it = recent.iterator(); it.hasNext(); ) {
                RecentFault earlier = it.next();
                if (earlier.what().equals(maskedWhat)) {
                    times += earlier.times();
                    it.remove();
                    break;
                }
            }
            recent.addFirst(new RecentFault(java.time.Instant.now(), maskedWhat, maskedCause, times));
            if (recent.size() > RECENT) {
                recent.removeLast();
            }
        }
    }

    /**
     * Logs a line per fault that repeated since the last summary, and forgets those not seen since the
     * one before (so that their next occurrence is logged in full again).
     */
    public void summarise() {
        List<String> lines = new ArrayList<>();
        synchronized (tallies) {
            for (Iterator<Tally> it = tallies.values().iterator(); it.hasNext(); ) {
                Tally tally = it.next();
                if (!tally.seen) {
                    it.remove(); // a whole period without it: it has stopped
                    continue;
                }
                if (tally.repeats > 0) {
                    lines.add(tally.what + " failed " + tally.repeats + " more time" + (tally.repeats == 1 ? "" : "s")
                            + " in the last minute: " + tally.lastCause);
                }
                tally.repeats = 0;
                tally.seen = false;
            }
        }
        lines.forEach(LOG::warn);
    }

    /** The exception and its root cause in one line, short enough for a log line or a reason. */
    public static String describe(Throwable exception) {
        if (exception == null) {
            return "unknown cause";
        }
        Throwable root = exception;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof SQLException sql && sql.getNextException() != null) {
            root = sql.getNextException(); // a batch's own message repeats the statement; the reason is here
        }
        String top = messageOf(exception);
        return clip(root == exception || top.contains(messageOf(root)) ? top : top + ": " + messageOf(root));
    }

    private static String clip(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= MAX_CAUSE_CHARS ? oneLine : oneLine.substring(0, MAX_CAUSE_CHARS - 1) + "…";
    }

    private static String messageOf(Throwable t) {
        return t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage();
    }
}
