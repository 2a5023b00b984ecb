package dev.crmoutbound.intake;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs pieces of work on a few threads and hands their results to one consumer, on the calling thread, in
 * the order the work was submitted. At most {@code maxPending} pieces are in flight, so memory stays
 * bounded however much work there is: a submit waits for the oldest to be handed over first.
 */
final class InOrderPipeline<T> implements AutoCloseable {

    private final ExecutorService workers;
    private final Deque<Future<T>> pending = new ArrayDeque<>();
    private final int maxPending;
    private final Consumer<T> consumer;

    InOrderPipeline(String name, int threads, Consumer<T> consumer) {
        this.workers = Executors.newFixedThreadPool(threads, work -> {
            Thread thread = new Thread(work, name);
            thread.setDaemon(true);
            return thread;
        });
        this.maxPending = 2 * threads;
        this.consumer = consumer;
    }

    /** Queues the work; hands over every result already done at the head of the line, or waits for room. */
    void submit(Callable<T> work) {
        pending.add(workers.submit(work));
        while (!pending.isEmpty() && (pending.size() > maxPending || pending.peek().isDone())) {
            consumer.accept(next());
        }
    }

    /** Hands over every remaining result, in order. */
    void finish() {
        while (!pending.isEmpty()) {
            consumer.accept(next());
        }
    }

    private T next() {
        try {
            return pending.poll().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IntakeInterruptedException("interrupted while waiting for screened rows", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        pending.forEach(future -> future.cancel(true));
        workers.shutdownNow();
    }
}
