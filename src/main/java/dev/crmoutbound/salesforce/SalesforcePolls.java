package dev.crmoutbound.salesforce;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts SOQL polls that ran to the end: {@code --batch} is over only after one. */
public class SalesforcePolls {

    private final AtomicInteger completed = new AtomicInteger();

    public void completed() {
        completed.incrementAndGet();
    }

    public boolean anyCompleted() {
        return completed.get() > 0;
    }
}
