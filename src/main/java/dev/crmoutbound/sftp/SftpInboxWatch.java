package dev.crmoutbound.sftp;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts polls of the SFTP inbox that found nothing new: {@code --batch} is over only after one. */
public class SftpInboxWatch {

    private final AtomicInteger idlePolls = new AtomicInteger();

    public void idle() {
        idlePolls.incrementAndGet();
    }

    public boolean inboxSeenEmpty() {
        return idlePolls.get() > 0;
    }
}
