package dev.crmoutbound.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * How the KrosAI sandbox behaves. Defaults give a believable account: plan limit 1, calls of a few
 * minutes shrunk by {@code timeScale}, a seeded mix of outcomes, both documented error-body shapes and
 * both event-name families.
 */
public final class SandboxOptions {

    public String apiKey = "kros_test_sandbox";
    public String webhookSecret = "whsec_sandbox";
    /** Used when a call request has no webhook_url. */
    public String accountWebhookUrl;
    public int concurrentLimit = 1;
    /** Multiplies every simulated duration: 0.001 turns a 3-minute call into 180 ms. */
    public double timeScale = 0.001;
    public long seed = 42;
    /** When set, every call lasts exactly this long (simulated seconds, POST to terminal) and completes. */
    public Double fixedCallSeconds;
    /** Share of each outcome; the rest of the calls complete. */
    public Map<String, Double> outcomeMix = new LinkedHashMap<>(Map.of("no_answer", 0.15, "busy", 0.10, "failed", 0.05));
    /** Numbers whose calls always end with this outcome (no_answer, busy, failed or completed), whatever the mix. */
    public Map<String, String> outcomeByNumber = new java.util.concurrent.ConcurrentHashMap<>();
    /** Share of POSTs answered 2xx with status "failed" (a call that never started). */
    public double failedStartRate = 0.0;
    public Set<String> ownedNumbers = Set.of("+14155550100");
    public Set<String> outboundDisabledNumbers = Set.of();
    public Set<String> endpoints = Set.of("ep_sandbox");
    /** Credits in cents; each call costs {@link #centsPerMinute} per started minute. Negative: unlimited. */
    public long balanceCents = -1;
    public int centsPerMinute = 12;
    /** "flat", "nested" or "alternate" between the two documented error bodies. */
    public String errorStyle = "alternate";
    /** "events" (call.initiated ... call.completed), "lifecycle" (call.started / call.ended) or "mixed". */
    public String eventFamily = "mixed";
    /** Seconds a 429 answer asks the caller to wait (Retry-After). */
    public int retryAfterSeconds = 1;
    /** Whether a completed call's transcript webhook follows its terminal one (5 simulated seconds later). */
    public boolean transcripts = true;

    public static SandboxOptions defaults() {
        return new SandboxOptions();
    }
}
