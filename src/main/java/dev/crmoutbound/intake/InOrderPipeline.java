package dev.crmoutbound.intake;

import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.MDC;

/**
 * Runs pieces of work on a few threads and hands their results to one consumer, on a thread of its own,
 * in the order the work was submitted: the submitting thread goes on reading while the consumer writes.
 * At most {@code 2 x threads} pieces wait to be handed over, so memory stays bounded however much work
 * there is: a submit waits for room. A failure of the work or of the consumer stops the pipeline and is
 * thrown, as it was thrown, to the submitting thread by its next submit or by {@link #finish()}.
 */
final class InOrderPipeline<T> implements AutoCloseable {

    private static final Future<?> END = CompletableFuture.completedFuture(null);

    private final ExecutorService workers;
    private final BlockingQueue<Future<?>> pending;
    private final Thread handOver;
    private volatile RuntimeException failure;
    private volatile boolean stopping;

    InOrderPipeline(String name, int threads, Consumer<T> consumer) {
        this.workers = Executors.newFixedThreadPool(threads, work -> {
            Thread thread = new Thread(work, name);
            thread.setDaemon(true);
            return thread;
        });
        this.pending = new ArrayBlockingQueue<>(2 * threads);
        Map<String, String> logContext = MDC.getCopyOfContextMap();
        this.handOver = new Thread(() -> handOver(consumer, logContext), name + "-writer");
        handOver.setDaemon(true);
        handOver.start();
    }

    /** Queues the work, or waits for room; throws the pipeline's failure, if it stopped. */
    void submit(Callable<T> work) {
        Future<T> future = workers.submit(work);
        try {
            while (!pending.offer(future, 100, TimeUnit.MILLISECONDS)) {
                rethrowFailure();
            }
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IntakeInterruptedException("interrupted while waiting to hand rows over", e);
        }
        rethrowFailure();
    }

    /** Waits until every result has been handed over; throws the pipeline's failure, if it stopped. */
    void finish() {
        try {
            while (handOver.isAlive() && !pending.offer(END, 100, TimeUnit.MILLISECONDS)) {
                rethrowFailure();
            }
            handOver.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IntakeInterruptedException("interrupted while waiting for rows to be written", e);
        }
        rethrowFailure();
    }

    private void handOver(Consumer<T> consumer, Map<String, String> logContext) {
        if (logContext != null) {
            MDC.setContextMap(logContext);
        }
        try {
            for (Future<?> next = pending.take(); next != END && !stopping; next = pending.take()) {
                @SuppressWarnings("unchecked")
                T result = (T) next.get();
                consumer.accept(result);
            }
        } catch (InterruptedException e) {
            failure = new IntakeInterruptedException("interrupted while handing screened rows over", e);
        } catch (ExecutionException e) {
            failure = e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (RuntimeException e) {
            failure = e;
        } catch (Error e) {
            failure = new IllegalStateException("writing screened rows failed: " + e, e);
            throw e;
        } finally {
            MDC.clear();
        }
    }

    private void rethrowFailure() {
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Stops: the work not yet handed over is dropped, and the chunk being written is let finish (never
     * interrupted: an interrupt in the middle of H2's file I/O closes its file), so that nothing of this
     * pipeline is written after it returns.
     */
    @Override
    public void close() {
        stopping = true;
        pending.forEach(future -> future.cancel(true));
        pending.clear();
        pending.offer(END);
        workers.shutdownNow();
        boolean interrupted = false;
        while (handOver.isAlive()) {
            try {
                handOver.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
