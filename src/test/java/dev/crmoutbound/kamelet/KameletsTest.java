package dev.crmoutbound.kamelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crmoutbound.sandbox.SandboxOptions;
import dev.crmoutbound.sandbox.TestSandbox;
import dev.crmoutbound.webhooks.WebhookSignature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;

/**
 * The Kamelets as another Camel integration uses them: a plain Camel Main application whose YAML routes
 * name only {@code kamelet:krosai-outbound-call-sink} and {@code kamelet:krosai-call-events-source},
 * against the KrosAI sandbox over HTTP.
 */
class KameletsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void leadsBecomeCallsAndTheirEventsComeBackOnceAsCloudEventsAndForgedOnesAreRefused() throws Exception {
        SandboxOptions options = SandboxOptions.defaults();
        options.concurrentLimit = 1;
        options.fixedCallSeconds = 2000.0; // 2 s: long enough for a second call to meet the limit
        int port = AvailablePortFinder.getNextAvailable();
        String eventsUrl = "http://127.0.0.1:" + port + "/krosai/events";
        try (TestSandbox sandbox = TestSandbox.start(options, 0)) {
            Main main = new Main();
            main.addOverrideProperty("camel.main.routes-include-pattern", "classpath:kamelet-app/*.camel.yaml");
            main.addOverrideProperty("camel.server.enabled", "true");
            main.addOverrideProperty("camel.server.port", String.valueOf(port));
            main.addOverrideProperty("krosai.api-key", options.apiKey);
            main.addOverrideProperty("krosai.base-url", sandbox.baseUrl());
            main.addOverrideProperty("krosai.webhook-secret", options.webhookSecret);
            main.addOverrideProperty("events.url", eventsUrl);
            // a 429 at once, as the README advises (HttpClient 5 would wait its Retry-After and post again)
            main.addOverrideProperty("camel.component.http.automatic-retries-disabled", "true");
            main.start();
            try {
                ProducerTemplate producer = main.getCamelContext().createProducerTemplate();
                ConsumerTemplate events = main.getCamelContext().createConsumerTemplate();

                Exchange placed = producer.request("direct:call-lead", e -> e.getMessage().setBody(
                        "{\"phone\":\"(415) 555-0101\",\"first_name\":\"Ada\"}"));
                assertThat(placed.getException()).isNull();
                String callId = placed.getMessage().getHeader("KrosAiCallId", String.class);
                assertThat(callId).startsWith("call_");
                assertThat(JSON.readTree(placed.getMessage().getBody(String.class)).path("to_number").asText())
                        .isEqualTo("+14155550101");

                assertThatThrownBy(() -> producer.requestBody("direct:call-lead", Map.of("phone", "(415) 555-0102")))
                        .isInstanceOf(CamelExecutionException.class)
                        .cause().isInstanceOf(KrosAiCallException.RateLimited.class);
                assertThatThrownBy(() -> producer.requestBody("direct:call-lead", Map.of("phone", "12")))
                        .cause().isInstanceOf(KrosAiCallException.InvalidNumber.class);
                assertThat(sandbox.callRequests()).as("an invalid number never reaches KrosAI").isEqualTo(2);

                List<JsonNode> received = new ArrayList<>();
                // the terminal event: call.completed or call.ended, whichever family KrosAI sends
                await().atMost(Duration.ofSeconds(20)).until(() -> {
                    String next = events.receiveBody("seda:call-events", 100, String.class);
                    if (next != null) {
                        received.add(JSON.readTree(next));
                    }
                    return received.stream().anyMatch(KameletsTest::isCompleted);
                });
                JsonNode completed = received.stream().filter(KameletsTest::isCompleted).findFirst().orElseThrow();
                assertThat(completed.path("type").asText()).isIn("com.krosai.call.completed", "com.krosai.call.ended");
                assertThat(completed.path("specversion").asText()).isEqualTo("1.0");
                assertThat(completed.path("subject").asText()).isEqualTo(callId);
                assertThat(completed.path("data").path("status").asText()).isEqualTo("completed");
                assertThat(completed.path("data").path("metadata").path("first_name").asText()).isEqualTo("Ada");
                assertThat(completed.path("data").path("metadata").path("campaign").asText()).isEqualTo("kamelets");

                // KrosAI delivers at least once: the same event again is not emitted again
                int before = sandbox.webhooksDelivered();
                assertThat(sandbox.redeliverTerminalWebhooks()).isEqualTo(1);
                await().atMost(Duration.ofSeconds(10)).until(() -> sandbox.webhooksDelivered() >= before + 2);
                String late;
                while ((late = events.receiveBody("seda:call-events", 500, String.class)) != null) {
                    received.add(JSON.readTree(late));
                }
                assertThat(received.stream().map(m -> m.path("id").asText()).toList()).doesNotHaveDuplicates();

                byte[] forged = ("{\"id\":\"evt_forged\",\"event\":\"call.completed\",\"data\":{\"call_id\":\""
                        + callId + "\",\"status\":\"completed\"}}").getBytes(StandardCharsets.UTF_8);
                assertThat(post(eventsUrl, forged, new WebhookSignature("not-the-secret").sign(forged))).isEqualTo(401);
                assertThat(post(eventsUrl, forged, null)).isEqualTo(401);
                byte[] notAnEvent = "{\"hello\":1}".getBytes(StandardCharsets.UTF_8);
                assertThat(post(eventsUrl, notAnEvent, new WebhookSignature(options.webhookSecret).sign(notAnEvent)))
                        .isEqualTo(400);
                assertThat(events.receiveBody("seda:call-events", 1000, String.class)).as("nothing forged emitted").isNull();
            } finally {
                main.stop();
            }
        }
    }

    private static boolean isCompleted(JsonNode message) {
        return message.path("data").path("status").asText().equals("completed");
    }

    private static int post(String url, byte[] body, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header("X-Webhook-Signature", signature);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
