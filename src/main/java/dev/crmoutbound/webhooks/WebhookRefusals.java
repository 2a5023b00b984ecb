package dev.crmoutbound.webhooks;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import dev.crmoutbound.ops.ServiceMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the requests the public webhook endpoint refuses, by reason, so that a flood of forged or
 * broken requests costs one log line, then one summary line a minute:
 * {@code Refused 5312 webhook requests in the last minute: 5300 bad signature, 12 too large}.
 */
public class WebhookRefusals {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookRefusals.class);

    private final Map<String, LongAdder> sinceSummary = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> total = new ConcurrentHashMap<>();
    private final AtomicBoolean quiet = new AtomicBoolean();
    private final ServiceMetrics metrics;

    /** Counted in {@code metrics} too (crm_webhook_refused). */
    public WebhookRefusals(ServiceMetrics metrics) {
        this.metrics = metrics;
    }

    public WebhookRefusals() {
        this(new ServiceMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
    }

    /** One refused request: {@code status} as answered, {@code reason} as counted (a few words). */
    public void refused(int status, String reason) {
        String key = status + " " + reason;
        sinceSummary.computeIfAbsent(key, k -> new LongAdder()).increment();
        total.computeIfAbsent(key, k -> new LongAdder()).increment();
        metrics.webhookRefused(status, reason);
        if (quiet.compareAndSet(false, true)) {
            LOG.warn("Refused a webhook request ({}); refusals are counted and summarised once a minute", key);
        }
    }

    /** Logs how many requests were refused since the last summary, by reason; nothing when none were. */
    public void summarise() {
        Map<String, Long> counts = new TreeMap<>();
        sinceSummary.forEach((reason, n) -> {
            long c = n.sumThenReset();
            if (c > 0) {
                counts.put(reason.substring(reason.indexOf(' ') + 1), c);
            }
        });
        long sum = counts.values().stream().mapToLong(Long::longValue).sum();
        if (sum == 0) {
            quiet.set(false); // a quiet minute: the next refusal is logged in full
            return;
        }
        LOG.warn("Refused {} webhook request{} in the last minute: {}", sum, sum == 1 ? "" : "s",
                counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")));
    }

    /** Requests refused since the start, by "status reason". */
    public Map<String, Long> totals() {
        Map<String, Long> counts = new TreeMap<>();
        total.forEach((reason, n) -> counts.put(reason, n.sum()));
        return counts;
    }
}
