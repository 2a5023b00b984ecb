package dev.crmoutbound.dialer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @BeforeEach
    void start() {
        fenced = new FencedSandbox(fence);
    }

    @AfterEach
    void stop() throws Exception {
        fence.close();
        fenced.close();
    }

    @Test
    void aRequestClearedJustNowIsSent() throws Exception {
        fence.cleared(fence.now());
        now.addAndGet(Duration.ofMillis(1499).toNanos());

        fenced.post();

        assertThat(fenced.sandbox.callRequests()).isEqualTo(1);
    }

    @Test
    void aRequestWhoseThreadStalledAfterTheGuardIsRefusedUnsent() {
        fence.cleared(fence.now());
        now.addAndGet(Duration.ofSeconds(20).toNanos());

        assertThatThrownBy(fenced::post).isInstanceOf(DialFence.Refused.class)
                .hasMessageContaining("waited 20000 ms since its guard looked at it");
        assertThat(fenced.sandbox.callRequests()).as("nothing reached KrosAI").isZero();
    }

    @Test
    void aRequestNobodyClearedIsRefused() throws Exception {
        fence.cleared(fence.now());
        fence.close();

        assertThatThrownBy(fenced::post).isInstanceOf(DialFence.Refused.class).hasMessageContaining("not cleared");
        Thread other = new Thread(() -> fence.cleared(fence.now()));
        other.start();
        other.join();
        assertThatThrownBy(fenced::post).as("a clearance on another thread is not this one's")
                .isInstanceOf(DialFence.Refused.class);
        assertThat(fenced.sandbox.callRequests()).isZero();
    }

    @Test
    void aRateLimitedRequestIsNotPostedAgainByTheHttpClientOnItsOwn() throws Exception {
        fenced.sandbox.answerRateLimited(1);
        fence.cleared(fence.now());

        assertThat(fenced.post()).isEqualTo(429);
        assertThat(fenced.sandbox.callRequests()).as("the dialer decides what a 429 means, once").isEqualTo(1);
    }
}
