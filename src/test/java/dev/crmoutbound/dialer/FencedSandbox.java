package dev.crmoutbound.dialer;

import dev.crmoutbound.sandbox.SandboxOptions;
import dev.crmoutbound.sandbox.TestSandbox;
import java.io.IOException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;

/** The sandbox, and a real HTTP client with the dial fence on it, as the dialer's POST endpoint has. */
final class FencedSandbox implements AutoCloseable {

    final TestSandbox sandbox;
    private final CloseableHttpClient client;

    FencedSandbox(DialFence fence) {
        sandbox = TestSandbox.start(SandboxOptions.defaults(), 0);
        HttpClientBuilder builder = HttpClientBuilder.create();
        fence.configureHttpClient(builder);
        client = builder.build();
    }

    /** POSTs a valid call request; returns the answer's status. */
    int post() throws IOException {
        HttpPost request = new HttpPost(sandbox.baseUrl() + "/outbound-calls");
        request.setHeader("x-api-key", sandbox.options().apiKey);
        request.setEntity(new StringEntity("{\"from_number\": \"+14155550100\", \"to_number\": \"+14155550101\"}",
                ContentType.APPLICATION_JSON));
        return client.execute(request, response -> response.getCode());
    }

    @Override
    public void close() throws IOException {
        client.close();
        sandbox.close();
    }
}
