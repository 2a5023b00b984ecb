package dev.crmoutbound.dialer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crmoutbound.sandbox.SandboxOptions;
import dev.crmoutbound.sandbox.TestSandbox;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fence on a real HTTP client against the sandbox: a request let through late never reaches it. */
class DialFenceTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final DialFence fence = new DialFence(Duration.ofMillis(1500), now::get);
    private TestSandbox sandbox;
    private CloseableHttpClient client;

    @BeforeEach
    void start() {
        sandbox = TestSandbox.start(SandboxOptions.defaults(), 0);
        HttpClientBuilder builder = HttpClientBuilder.create();
        fence.configureHttpClient(builder);
        client = builder.build();
    }

    @AfterEach
    void stop() throws Exception {
        fence.close();
        client.close();
        sandbox.close();
    }

    private int post() throws Exception {
        HttpPost request = new HttpPost(sandbox.baseUrl() + "/outbound-calls");
        request.setHeader("x-api-key", sandbox.options().apiKey);
        request.setEntity(new StringEntity("{\"from_number\": \"+14155550100\", \"to_number\": \"+14155550101\"}",
                ContentType.APPLICATION_JSON));
        return client.execute(request, response -> response.getCode());
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
