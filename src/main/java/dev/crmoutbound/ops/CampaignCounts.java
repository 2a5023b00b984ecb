package dev.crmoutbound.ops;

import dev.crmoutbound.ledger.CallLedger;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Each campaign's leads by state ({@link CallLedger#summary}), as the progress line, the progress bars, the
 * gauges and the status page read them. Counting passes over the campaign's leads: for a million, about a
 * second on H2 and a third of one on PostgreSQL, the database's time that the dialer and the webhooks
 * share. So a count that took long is reused until ten times its cost has passed, however often it is
 * asked for: counting takes at most a tenth of the time. A count that took less than {@link #CHEAP_NANOS}
 * is never reused, so a small campaign always reads as it is.
 */
public class CampaignCounts {

    static final long CHEAP_NANOS = 50_000_000L;
    /** A long count is reused for this many times its cost. */
    static final int REUSE_FACTOR = 10;

    private record Count(Map<String, Integer> counts, long endedAt, long costNanos) {
        boolean reusableAt(long now) {
            return costNanos >= CHEAP_NANOS && now - endedAt < costNanos * REUSE_FACTOR;
        }
    }

    private final CallLedger ledger;
    private final LongSupplier nanoTime;
    private final Map<String, Count> last = new HashMap<>();

    public CampaignCounts(CallLedger ledger) {
        this(ledger, System::nanoTime);
    }

    CampaignCounts(CallLedger ledger, LongSupplier nanoTime) {
        this.ledger = ledger;
        this.nanoTime = nanoTime;
    }

    /** The campaign's counts; readers at the same moment share one count. */
    public synchronized Map<String, Integer> of(String campaignId) {
        Count count = last.get(campaignId);
        long started = nanoTime.getAsLong();
        if (count != null && count.reusableAt(started)) {
            return count.counts();
        }
        Map<String, Integer> counts = Collections.unmodifiableMap(ledger.summary(campaignId));
        long ended = nanoTime.getAsLong();
        last.put(campaignId, new Count(counts, ended, ended - started));
        return counts;
    }
}
