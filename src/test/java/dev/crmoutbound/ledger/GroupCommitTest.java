package dev.crmoutbound.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

    private final ExecutorService callers = Executors.newFixedThreadPool(12);
    private final List<List<Integer>> batches = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        callers.shutdownNow();
    }

    @Test
    void callersArrivingWhileABatchIsWrittenShareTheNextOneAndEachGetsItsOwnResult() throws Exception {
        CountDownLatch firstHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        GroupCommit<Integer, String> commits = new GroupCommit<>(1, 64, items -> {
            batches.add(items);
            if (batches.size() == 1) {
                firstHeld.countDown();
                hold(release);
            }
            return items.stream().map(i -> "written " + i).toList();
        });
        Future<String> first = callers.submit(() -> commits.submit(0));
        firstHeld.await();
        List<Future<String>> others = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            int item = i;
            others.add(callers.submit(() -> commits.submit(item)));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> commits.queued() == 10);
        release.countDown();

        assertThat(first.get()).isEqualTo("written 0");
        for (int i = 1; i <= 10; i++) {
            assertThat(others.get(i - 1).get()).isEqualTo("written " + i);
        }
        assertThat(batches).hasSize(2); // the ten that waited shared one commit
        assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(11);
    }

    @Test
    void aBatchThatFailsIsWrittenOneByOneSoThatOnlyTheBadItemFails() throws Exception {
        AtomicInteger writes = new AtomicInteger();
        CountDownLatch firstHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        GroupCommit<Integer, Integer> commits = new GroupCommit<>(1, 64, items -> {
            if (writes.incrementAndGet() == 1) {
                firstHeld.countDown();
                hold(release);
            }
            if (items.contains(13)) {
                throw new LedgerException(new java.sql.SQLException("value too long"));
            }
            return items;
        });
        Future<Integer> first = callers.submit(() -> commits.submit(0));
        firstHeld.await();
        Future<Integer> good = callers.submit(() -> commits.submit(12));
        Future<Integer> bad = callers.submit(() -> commits.submit(13));
        await().atMost(Duration.ofSeconds(10)).until(() -> commits.queued() == 2);
        release.countDown();

        assertThat(first.get()).isZero();
        assertThat(good.get()).isEqualTo(12);
        assertThatThrownBy(bad::get).hasCauseInstanceOf(LedgerException.class).hasMessageContaining("value too long");
    }

    @Test
    void whenTheLedgerIsOutOfReachEveryCallerOfTheBatchIsToldSo() {
        GroupCommit<Integer, Integer> commits = new GroupCommit<>(2, 64, items -> {
            throw new LedgerUnavailableException(new java.sql.SQLTransientConnectionException("connection refused"));
        });

        assertThatThrownBy(() -> commits.submit(1)).isInstanceOf(LedgerUnavailableException.class);
    }

    @Test
    void aCallerWhoFindsEveryWriterBusyIsWrittenByOneOfThemWithoutLookingAgainItself() throws Exception {
        // no safety net: an item left behind by a writer that gave its place back would wait for good
        GroupCommit<Integer, Integer> commits = new GroupCommit<>(1, 64, items -> items, Long.MAX_VALUE);
        int callers = 8;
        int itemsEach = 20_000;
        List<Future<Integer>> done = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            int first = c * itemsEach;
            done.add(this.callers.submit(() -> {
                int sum = 0;
                for (int i = first; i < first + itemsEach; i++) {
                    sum += commits.submit(i) == i ? 1 : 0;
                }
                return sum;
            }));
        }

        for (Future<Integer> caller : done) {
            assertThat(caller.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(itemsEach);
        }
    }

    private static void hold(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
