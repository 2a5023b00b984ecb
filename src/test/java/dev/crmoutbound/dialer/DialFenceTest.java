package dev.crmoutbound.dialer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crmoutbound.sandbox.TestSandbox;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fence on a real HTTP client against the sandbox: a request let through late never reaches it. */
class DialFenceTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final DialFence fence = new DialFence(Duration.ofMillis(1500), now::get);
    private FencedSandbox fenced;
    private TestSandbox sandbox;

    @BeforeEach
    void start() {
        fenced = new FencedSandbox(fence);
        sandbox = fenced.sandbox;
    }

    @AfterEach
    void stop() throws Exception {
        fence.close();
        fenced.close();
    }

    private int post() throws Exception {
        return fenced.post();
    }

    @Test
    void aRequestClearedJustNowIsSent() throws Exception {
        fence.cleared(fence.now());
        now.addAndGet(Duration.ofMillis(1499).toNanos());

        post();

        assertThat(sandbox.callRequests()).isEqualTo(1);
    }

    @Test
    void aRequestWhoseThreadStalledAfterTheGuardIsRefusedUnsent() {
        fence.cleared(fence.now());
        now.addAndGet(Duration.ofSeconds(20).toNanos());

        assertThatThrownBy(this::post).isInstanceOf(DialFence.Refused.class)
                .hasMessageContaining("waited 20000 ms since its guard looked at it");
        assertThat(sandbox.callRequests()).as("nothing reached KrosAI").isZero();
    }

    @Test
    void aRequestNobodyClearedIsRefused() throws Exception {
        fence.cleared(fence.now());
        fence.close();

        assertThatThrownBy(this::post).isInstanceOf(DialFence.Refused.class).hasMessageContaining("not cleared");
        Thread other = new Thread(() -> fence.cleared(fence.now()));
        other.start();
        other.join();
        assertThatThrownBy(this::post).as("a clearance on another thread is not this one's")
                .isInstanceOf(DialFence.Refused.class);
        assertThat(sandbox.callRequests()).isZero();
    }

    @Test
    void aRateLimitedRequestIsNotPostedAgainByTheHttpClientOnItsOwn() throws Exception {
        sandbox.answerRateLimited(1);
        fence.cleared(fence.now());

        assertThat(post()).isEqualTo(429);
        assertThat(sandbox.callRequests()).as("the dialer decides what a 429 means, once").isEqualTo(1);
    }
}
