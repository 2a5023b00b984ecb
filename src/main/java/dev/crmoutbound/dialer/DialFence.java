package dev.crmoutbound.dialer;

import java.io.IOException;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.impl.io.HttpRequestExecutor;
import org.apache.hc.core5.http.io.HttpClientConnection;
import org.apache.hc.core5.http.io.HttpResponseInformationCallback;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * The last look before a call request's bytes are written. {@link PostGuard} clears a dial on the
 * dialer's thread, as of the moment it started looking; if that thread stalls (the JVM frozen, a long
 * pause), in the guard's own checks or after them, so that more than {@code maxDelay} passes before the
 * request is written, the other instances may have given the dial up as uncertain, found no call for it
 * and dialed the lead themselves. The request is then refused unsent, at the HTTP client's last step
 * before the socket, so that the lead is not called twice. Only the dialer's POST endpoint uses it
 * ({@code httpClientConfigurer=#dialFence}), and every request there must have been cleared.
 */
public class DialFence implements HttpClientConfigurer {

    private final long maxDelayNanos;
    private final LongSupplier nanoTime;
    private final ThreadLocal<Long> clearedAt = new ThreadLocal<>();

    /** {@code maxDelay} well inside the time after which other instances give a silent one's dials up. */
    public DialFence(Duration maxDelay) {
        this(maxDelay, System::nanoTime);
    }

    DialFence(Duration maxDelay, LongSupplier nanoTime) {
        this.maxDelayNanos = maxDelay.toNanos();
        this.nanoTime = nanoTime;
    }

    /** The fence's clock, in nanoseconds: read it before looking at whether a dial may go. */
    public long now() {
        return nanoTime.getAsLong();
    }

    /** The guard cleared a dial on this thread, on what it saw at {@code lookedAt} ({@link #now()}). */
    public void cleared(long lookedAt) {
        clearedAt.set(lookedAt);
    }

    /** The dial's POST is over (answered or not): a later request on this thread needs a fresh clearance. */
    public void close() {
        clearedAt.remove();
    }

    /** Throws when the request on this thread must not be written. */
    void check() throws Refused {
        Long at = clearedAt.get();
        if (at == null) {
            throw new Refused("the call request was not cleared by the dialer's guard on this thread");
        }
        long waited = nanoTime.getAsLong() - at;
        if (waited > maxDelayNanos) {
            throw new Refused("the call request waited " + waited / 1_000_000 + " ms since its guard looked at it "
                    + "(at most " + maxDelayNanos / 1_000_000 + " ms): this instance was stalled, and the dial may "
                    + "have been given to another instance");
        }
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        // the dialer decides what every answer means: left to itself, the client posts a call request again
        // after a 429 or 503, waiting out Retry-After on the dialer's thread
        builder.disableAutomaticRetries();
        builder.setRequestExecutor(new HttpRequestExecutor() {
            @Override
            public ClassicHttpResponse execute(ClassicHttpRequest request, HttpClientConnection connection,
                                               HttpResponseInformationCallback informationCallback, HttpContext context)
                    throws IOException, HttpException {
                check();
                return super.execute(request, connection, informationCallback, context);
            }
        });
    }

    /** A call request refused before any of it was sent: no call can have been placed. */
    public static class Refused extends IOException {
        public Refused(String message) {
            super(message);
        }
    }
}
