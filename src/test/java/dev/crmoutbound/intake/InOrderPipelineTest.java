package dev.crmoutbound.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Work done on a few threads, written in order on a thread of its own, with failures back to the reader. */
class InOrderPipelineTest {

    @Test
    void resultsAreWrittenInTheOrderSubmittedWhileTheReaderGoesOn() {
        List<Integer> written = new CopyOnWriteArrayList<>();
        List<String> writers = new CopyOnWriteArrayList<>();
        try (InOrderPipeline<Integer> pipeline = new InOrderPipeline<>("test", 2, n -> {
            written.add(n);
            writers.add(Thread.currentThread().getName());
        })) {
            for (int i = 0; i < 50; i++) {
                int n = i;
                pipeline.submit(() -> {
                    Thread.sleep(n % 3); // later work often done first
                    return n;
                });
            }
            pipeline.finish();
        }
        assertThat(written).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 50).boxed().toList());
        assertThat(writers).containsOnly("test-writer");
    }

    @Test
    void aWriteThatFailsStopsThePipelineAndItsFailureReachesTheReaderAsItWasThrown() {
        List<Integer> written = new CopyOnWriteArrayList<>();
        IllegalArgumentException refused = new IllegalArgumentException("the ledger refused chunk 3");
        try (InOrderPipeline<Integer> pipeline = new InOrderPipeline<>("test", 2, n -> {
            if (n == 3) {
                throw refused;
            }
            written.add(n);
        })) {
            assertThatThrownBy(() -> {
                for (int i = 0; i < 1000; i++) {
                    int n = i;
                    pipeline.submit(() -> n);
                }
                pipeline.finish();
            }).isSameAs(refused);
        }
        assertThat(written).containsExactly(0, 1, 2);
    }

    @Test
    void closingAfterTheReaderFailedLetsTheChunkBeingWrittenFinishAndWritesNothingAfter() throws Exception {
        List<Integer> written = new CopyOnWriteArrayList<>();
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch mayFinish = new CountDownLatch(1);
        InOrderPipeline<Integer> pipeline = new InOrderPipeline<>("test", 2, n -> {
            writing.countDown();
            try {
                mayFinish.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException("the writer was interrupted");
            }
            written.add(n);
        });
        for (int i = 0; i < 4; i++) {
            int n = i;
            pipeline.submit(() -> n);
        }
        assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
        Thread closing = new Thread(pipeline::close);
        closing.start();
        closing.join(200);
        assertThat(closing.isAlive()).as("close waits for the chunk being written").isTrue();
        mayFinish.countDown();
        closing.join(10_000);

        assertThat(closing.isAlive()).isFalse();
        assertThat(written).containsExactly(0);
    }
}
