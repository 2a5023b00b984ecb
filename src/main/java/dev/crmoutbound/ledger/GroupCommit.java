package dev.crmoutbound.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Writes items that arrive at the same time in one transaction: a caller hands its item in and returns
 * once the transaction holding it has committed. Whoever finds a writer's place free writes everything
 * waiting (up to {@code maxBatch} at a time), so a lone caller writes at once and a crowd shares commits.
 * Should a batch fail, its items are written one by one, so that one bad item fails only its own caller.
 */
final class GroupCommit<I, O> {

    private record Pending<I, O>(I item, CompletableFuture<O> result) {
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
        Pending<I, O> mine = new Pending<>(item, new CompletableFuture<>());
        waiting.add(mine);
        while (true) {
            if (writers.tryAcquire()) {
                try {
                    writeWaiting();
                } finally {
                    writers.release();
                }
            }
            try {
                // a writer that finished just before this item came in may have missed it: look again soon
                return mine.result().get(mine.result().isDone() ? 0 : 2, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // not written yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LedgerException(e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new LedgerException(e.getCause());
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
                batch.forEach(p -> p.result().completeExceptionally(e));
            } catch (RuntimeException e) {
                if (batch.size() == 1) {
                    batch.get(0).result().completeExceptionally(e);
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
            pending.result().completeExceptionally(e);
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
            batch.get(i).result().complete(results.get(i));
        }
    }
}
