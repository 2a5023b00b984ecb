package dev.crmoutbound.ops;

import dev.crmoutbound.ledger.CallLedger;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Each campaign's leads by state ({@link CallLedger#summary}), as the progress line, the progress bars, the
 * gauges and the status page read them. Counting passes over the campaign's leads (for a million, from half
 * a second to 6 s, more as more are done), time that the dialer and the webhooks share. So a big campaign's
 * count is reused until ten times its cost has passed (a minute at most), however often it is asked for:
 * counting takes at most a tenth of the time while a count takes up to 6 s. A campaign of fewer than
 * {@link #BIG_CAMPAIGN} leads is counted each time it is asked for, so it always reads as it is.
 */
public class CampaignCounts {

    static final int BIG_CAMPAIGN = 50_000;
    /** A big campaign's count is reused for this many times its cost, */
    static final int REUSE_FACTOR = 10;
    /** and for no longer than this. */
    static final long MAX_REUSE_NANOS = 60_000_000_000L;

    private record Count(Map<String, Integer> counts, long endedAt, long reuseNanos) {
        boolean reusableAt(long now) {
            return now - endedAt < reuseNanos;
        }
    }

    private final CallLedger ledger;
    private final LongSupplier nanoTime;
    private final int bigCampaign;
    private final Map<String, Count> last = new ConcurrentHashMap<>();
    private final Map<String, Object> counting = new ConcurrentHashMap<>();

    public CampaignCounts(CallLedger ledger) {
        this(ledger, System::nanoTime, BIG_CAMPAIGN);
    }

    CampaignCounts(CallLedger ledger, LongSupplier nanoTime, int bigCampaign) {
        this.ledger = ledger;
        this.nanoTime = nanoTime;
        this.bigCampaign = bigCampaign;
    }

    /** The campaign's counts, perhaps a recent count's; readers at the same moment share one count. */
    public Map<String, Integer> of(String campaignId) {
        synchronized (lockOf(campaignId)) {
            Count count = last.get(campaignId);
            return count != null && count.reusableAt(nanoTime.getAsLong()) ? count.counts() : count(campaignId);
        }
    }

    /** The campaign's counts as they are now (a run's last word on it), counted whatever its size. */
    public Map<String, Integer> now(String campaignId) {
        synchronized (lockOf(campaignId)) {
            return count(campaignId);
        }
    }

    /** Held while the campaign is counted or its count looked at: one lock per campaign. */
    private Object lockOf(String campaignId) {
        return counting.computeIfAbsent(campaignId, id -> new Object());
    }

    private Map<String, Integer> count(String campaignId) {
        long started = nanoTime.getAsLong();
        Map<String, Integer> counts = Collections.unmodifiableMap(ledger.summary(campaignId));
        long ended = nanoTime.getAsLong();
        int leads = counts.values().stream().mapToInt(Integer::intValue).sum();
        long reuse = leads < bigCampaign ? 0 : Math.min(MAX_REUSE_NANOS, (ended - started) * REUSE_FACTOR);
        last.put(campaignId, new Count(counts, ended, reuse));
        return counts;
    }
}
