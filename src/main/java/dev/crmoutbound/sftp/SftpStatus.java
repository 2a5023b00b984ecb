package dev.crmoutbound.sftp;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What {@code --batch} needs to know about the SFTP drop: whether a poll has found the inbox with
 * nothing new, and for how long the server has been out of reach (polls and uploads alike).
 */
public class SftpStatus {

    private final Clock clock;
    private final AtomicBoolean inboxSeenEmpty = new AtomicBoolean();
    private final AtomicReference<Instant> failingSince = new AtomicReference<>();

    public SftpStatus(Clock clock) {
        this.clock = clock;
    }

    /** A poll found nothing new. */
    public void idle() {
        inboxSeenEmpty.set(true);
        reached();
    }

    public void reached() {
        failingSince.set(null);
    }

    public void failed() {
        failingSince.compareAndSet(null, clock.instant());
    }

    public boolean inboxSeenEmpty() {
        return inboxSeenEmpty.get();
    }

    /** How long every attempt to reach the server has failed; zero while it answers. */
    public Duration unreachableFor() {
        Instant since = failingSince.get();
        return since == null ? Duration.ZERO : Duration.between(since, clock.instant());
    }
}
