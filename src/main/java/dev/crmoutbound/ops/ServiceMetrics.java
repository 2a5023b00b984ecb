package dev.crmoutbound.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The service's own counters and timers, in the meter registry Camel's Prometheus endpoint serves
 * ({@code /observe/metrics} on the management port), beside Camel's route metrics. Labels are bounded
 * sets (accounts, campaigns, verdicts, outcomes, reasons), never a number or an id.
 */
public class ServiceMetrics {

    private final java.util.function.Supplier<MeterRegistry> source;
    private volatile MeterRegistry registry;

    /** {@code source}: the registry, looked up when first needed (Camel creates it as it starts). */
    public ServiceMetrics(java.util.function.Supplier<MeterRegistry> source) {
        this.source = source;
    }

    public ServiceMetrics(MeterRegistry registry) {
        this(() -> registry);
    }

    public MeterRegistry registry() {
        MeterRegistry r = registry;
        if (r == null) {
            r = source.get();
            registry = r;
        }
        return r;
    }

    /** What the answer to one call request meant: placed, retry, reject, failed, stop, pause, uncertain. */
    public void dialAnswered(String account, String campaign, String verdict, String code) {
        Counter.builder("crm_calls_dial_answers").description("Answers to call requests, by what they meant")
                .tag("account", account).tag("campaign", campaign).tag("verdict", verdict.toLowerCase())
                .tag("code", code == null ? "none" : code).register(registry()).increment();
    }

    /** A call (an attempt) ended with this outcome. */
    public void callEnded(String campaign, String outcome) {
        Counter.builder("crm_calls_outcomes").description("Call attempts ended, by outcome")
                .tag("campaign", campaign).tag("outcome", outcome == null ? "unknown" : outcome)
                .register(registry()).increment();
    }

    /** A webhook delivery that passed the gate: accepted, duplicate, unknown call, bad signature, invalid. */
    public void webhook(String result, Duration handling) {
        Counter.builder("crm_webhook_events").description("Webhook deliveries handled, by result")
                .tag("result", result).register(registry()).increment();
        if (handling != null) {
            Timer.builder("crm_webhook_handling").description("Time to verify, record and answer a webhook")
                    .publishPercentileHistogram().register(registry()).record(handling);
        }
    }

    /** A webhook request refused before or at its signature, by reason. */
    public void webhookRefused(int status, String reason) {
        Counter.builder("crm_webhook_refused").description("Webhook requests refused, by reason")
                .tag("status", String.valueOf(status)).tag("reason", reason).register(registry()).increment();
    }

    /** A write-back to a CRM (a record's outcome, a results file): written, retry (failed, tried again) or dead_letter. */
    public void writeback(String crm, String result) {
        Counter.builder("crm_writeback").description("Write-backs to the CRMs, by result")
                .tag("crm", crm).tag("result", result).register(registry()).increment();
    }

    /** A gauge read on each scrape. */
    public void gauge(String name, String description, String tag, String tagValue,
                      java.util.function.Supplier<Number> value) {
        io.micrometer.core.instrument.Gauge.builder(name, value).description(description).tag(tag, tagValue)
                .register(registry());
    }

    /** Rows of an input taken in, by what became of them. */
    public void rowsTakenIn(String source, int queued, int rejected) {
        Counter.builder("crm_ingest_rows").tag("source", source).tag("result", "queued").register(registry()).increment(queued);
        Counter.builder("crm_ingest_rows").tag("source", source).tag("result", "rejected").register(registry()).increment(rejected);
    }
}
