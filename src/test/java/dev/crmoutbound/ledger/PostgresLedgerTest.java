package dev.crmoutbound.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmoutbound.config.Campaigns;
import dev.crmoutbound.support.TestCampaigns;
import dev.crmoutbound.support.TestDatabase;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The same contract on PostgreSQL 127.0.0.1:5432, database test, each test in a fresh schema. */
class PostgresLedgerTest extends LedgerContract {

    private String url;

    @Override
    String jdbcUrl() {
        url = TestDatabase.freshPostgresSchema();
        return url;
    }

    /** Two instances on one ledger, each claiming a lead of the same number at the same moment. */
    @Test
    void twoInstancesNeverDialOneNumberAtOnce() throws Exception {
        Campaigns both = new Campaigns(List.of(TestCampaigns.campaign("c1"), TestCampaigns.campaign("c2")), "c1");
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (LedgerDatabase other = LedgerDatabase.open(url, null, null, 4)) {
            CallLedger first = new CallLedger(jdbc(), Clock.systemUTC(), both, new AttemptCap(3));
            CallLedger second = new CallLedger(other.jdbc(), Clock.systemUTC(), both, new AttemptCap(3));
            for (int round = 0; round < 20; round++) {
                List<LeadRow> leads = sameNumberInTwoCampaigns("+1415555" + (1000 + round));
                CyclicBarrier together = new CyclicBarrier(2);
                CompletableFuture<LeadRow> a = CompletableFuture.supplyAsync(() -> claimAfter(together, first, leads.get(0)),
                        threads);
                CompletableFuture<LeadRow> b = CompletableFuture.supplyAsync(() -> claimAfter(together, second, leads.get(1)),
                        threads);

                assertThat(Stream.of(a.get(), b.get()).filter(Objects::nonNull))
                        .as("round %d", round).hasSize(1);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static LeadRow claimAfter(CyclicBarrier together, CallLedger ledger, LeadRow lead) {
        try {
            together.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return ledger.claim(lead);
    }
}
