package dev.crmoutbound.sandbox;

import dev.crmoutbound.webhooks.WebhookSignature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers signed webhooks at least once, as KrosAI documents: after a non-2xx answer or no answer,
 * again immediately, then after 1 min, 5 min, 30 min and 2 h (all multiplied by the time scale).
 */
final class WebhookDispatcher {

    static final long[] RETRY_SECONDS = {0, 60, 300, 1800, 7200};

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);

    // HTTP/1.1: over HTTP/2 (h2c, which the service's server accepts) JDK 17's client fails a request
    // with "too many concurrent streams" instead of waiting for a stream, and a burst of call ends then
    // lost terminal webhooks for good
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final WebhookSignature signature;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService senders;
    private final double timeScale;
    final AtomicInteger delivered = new AtomicInteger();
    final AtomicInteger failedAttempts = new AtomicInteger();
    final AtomicInteger abandoned = new AtomicInteger();

    /**
     * {@code senders} sends each delivery with the client's blocking send: its sendAsync hands every answer
     * to CompletableFuture's default executor, which on a machine of two cores or fewer starts a new thread
     * for each one.
     */
    WebhookDispatcher(WebhookSignature signature, ScheduledExecutorService scheduler, ExecutorService senders,
                      double timeScale) {
        this.signature = signature;
        this.scheduler = scheduler;
        this.senders = senders;
        this.timeScale = timeScale;
    }

    void deliver(String url, byte[] body) {
        attempt(url, body, 0);
    }

    private void attempt(String url, byte[] body, int retry) {
        if (url == null) {
            return;
        }
        try {
            senders.execute(() -> send(url, body, retry));
        } catch (RejectedExecutionException closed) {
            // the sandbox is closing
        }
    }

    private void send(String url, byte[] body, int retry) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("X-Webhook-Signature", signature.sign(body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            answered(url, body, retry, http.send(request, HttpResponse.BodyHandlers.discarding()), null);
        } catch (IOException e) {
            answered(url, body, retry, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the sandbox is closing
        }
    }

    private void answered(String url, byte[] body, int retry, HttpResponse<Void> response, IOException error) {
        if (error == null && response.statusCode() / 100 == 2) {
            delivered.incrementAndGet();
            return;
        }
        failedAttempts.incrementAndGet();
        if (retry >= RETRY_SECONDS.length) {
            abandoned.incrementAndGet();
            LOG.warn("Sandbox gave up delivering a webhook to {} after {} retries; the last attempt: {}", url,
                    RETRY_SECONDS.length, error != null ? error.toString() : "HTTP " + response.statusCode());
            return;
        }
        long delayMs = Math.round(RETRY_SECONDS[retry] * 1000 * timeScale);
        try {
            scheduler.schedule(() -> attempt(url, body, retry + 1), delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // the sandbox is closing
        }
    }
}
