package dev.crmoutbound.source;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts a CRM source's polls that ran to the end: {@code --batch} is over only after one; and how long it has
 * been since the last one did (since the start, before the first), for the readiness check.
 */
public class SourcePolls {

    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicLong lastCompletedNanos = new AtomicLong(System.nanoTime());

    public void completed() {
        completed.incrementAndGet();
        lastCompletedNanos.set(System.nanoTime());
    }

    public boolean anyCompleted() {
        return completed.get() > 0;
    }

    /** Time since a poll last ran to the end, or since the start when none has yet. */
    public Duration sinceLastCompleted() {
        return Duration.ofNanos(System.nanoTime() - lastCompletedNanos.get());
    }
}
