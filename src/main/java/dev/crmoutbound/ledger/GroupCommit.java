package dev.crmoutbound.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Writes items that arrive at the same time in one transaction: a caller hands its item in and returns
 * once the transaction holding it has committed. Whoever finds a writer's place free writes everything
 * waiting (up to {@code maxBatch} at a time), so a lone caller writes at once and a crowd shares commits.
 * Should a batch fail, its items are written one by one, so that one bad item fails only its own caller.
 *
 * <p>A caller that finds every place taken sleeps until its item is written: each writer looks at the queue
 * again after it gave its place back, so an item handed in while every place was taken is taken by one of
 * them. (Waking every 2 ms to look instead cost nearly a third of the CPU of a webhook on PostgreSQL.)
 */
final class GroupCommit<I, O> {

    /** An item handed in, and what became of it once its batch was written. */
    private static final class Pending<I, O> {
        private final I item;
        private final java.util.concurrent.CountDownLatch written = new java.util.concurrent.CountDownLatch(1);
        private volatile O result;
        private volatile RuntimeException failure;

        Pending(I item) {
            this.item = item;
        }

        I item() {
            return item;
        }

        void complete(O value) {
            result = value;
            written.countDown();
        }

        void fail(RuntimeException e) {
            failure = e;
            written.countDown();
        }

        /** Waits for the item's batch, {@code millis} at most; true once it was written (or failed). */
        boolean awaitWritten(long millis) {
            try {
                return written.await(millis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LedgerException(e);
            }
        }

        O outcome() {
            if (failure != null) {
                throw failure;
            }
            return result;
        }
    }

    private final ConcurrentLinkedQueue<Pending<I, O>> waiting = new ConcurrentLinkedQueue<>();
    private final Semaphore writers;
    private final int maxBatch;
    private final Function<List<I>, List<O>> writeAll;
    private final long safetyNetMillis;

    /** {@code writeAll} writes its items in one transaction and answers one result per item, in order. */
    GroupCommit(int writers, int maxBatch, Function<List<I>, List<O>> writeAll) {
        this(writers, maxBatch, writeAll, 100);
    }

    /**
     * {@code safetyNetMillis}: how long a caller sleeps before it looks at the queue itself, as it would should
     * a wake-up ever be lost (a batch slower than that wakes it too, to find every place still taken).
     */
    GroupCommit(int writers, int maxBatch, Function<List<I>, List<O>> writeAll, long safetyNetMillis) {
        this.safetyNetMillis = safetyNetMillis;
        this.writers = new Semaphore(writers);
        this.maxBatch = maxBatch;
        this.writeAll = writeAll;
    }

    O submit(I item) {
        Pending<I, O> mine = new Pending<>(item);
        waiting.add(mine);
        do {
            writeWhileAnyWaiting();
        } while (!mine.awaitWritten(safetyNetMillis));
        return mine.outcome();
    }

    /**
     * Writes what is waiting while a writer's place is free. Giving the place back before looking at the queue
     * again is what leaves no item behind: whoever held every place when an item came in looks after that.
     */
    private void writeWhileAnyWaiting() {
        while (!waiting.isEmpty() && writers.tryAcquire()) {
            try {
                writeWaiting();
            } finally {
                writers.release();
            }
        }
    }

    /** Items handed in and not yet taken into a batch. */
    int queued() {
        return waiting.size();
    }

    private void writeWaiting() {
        for (List<Pending<I, O>> batch = take(); !batch.isEmpty(); batch = take()) {
            try {
                complete(batch, writeAll.apply(batch.stream().map(Pending::item).toList()));
            } catch (LedgerUnavailableException e) {
                batch.forEach(p -> p.fail(e));
            } catch (RuntimeException e) {
                if (batch.size() == 1) {
                    batch.get(0).fail(e);
                } else {
                    batch.forEach(this::writeAlone);
                }
            }
        }
    }

    private void writeAlone(Pending<I, O> pending) {
        try {
            complete(List.of(pending), writeAll.apply(List.of(pending.item())));
        } catch (RuntimeException e) {
            pending.fail(e);
        }
    }

    private List<Pending<I, O>> take() {
        List<Pending<I, O>> batch = new ArrayList<>();
        for (Pending<I, O> p; batch.size() < maxBatch && (p = waiting.poll()) != null; ) {
            batch.add(p);
        }
        return batch;
    }

    private static <I, O> void complete(List<Pending<I, O>> batch, List<O> results) {
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).complete(results.get(i));
        }
    }
}
