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

        /** Waits a little for the item's batch; true once it was written (or failed). */
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

    /** {@code writeAll} writes its items in one transaction and answers one result per item, in order. */
    GroupCommit(int writers, int maxBatch, Function<List<I>, List<O>> writeAll) {
        this.writers = new Semaphore(writers);
        this.maxBatch = maxBatch;
        this.writeAll = writeAll;
    }

    O submit(I item) {
        Pending<I, O> mine = new Pending<>(item);
        waiting.add(mine);
        do {
            if (writers.tryAcquire()) {
                try {
                    writeWaiting();
                } finally {
                    writers.release();
                }
            }
            // a writer that finished just before this item came in may have missed it: look again soon
        } while (!mine.awaitWritten(2));
        return mine.outcome();
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
