package dev.crmoutbound.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.crmoutbound.sandbox.SandboxOptions;
import dev.crmoutbound.sandbox.TestSandbox;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The calling module inside a minimal Camel Main application (src/test/resources/module-app): its own
 * routes send leads to {@code direct:crm-outbound-call} and take outcomes from the endpoint it names;
 * the module, loaded by one configuration class with its settings under {@code crm-outbound.}, calls
 * them through the KrosAI sandbox within the plan limit.
 */
class EmbeddedModuleTest {

    private static final int LEADS = 12;
    private static final int PLAN_LIMIT = 3;

    @TempDir
    Path data;

    @Test
    void aCampaignFromTheHostsRoutesIsCalledOnceEachWithinThePlanLimitAndItsOutcomesComeBack() throws Exception {
        SandboxOptions options = SandboxOptions.defaults();
        options.concurrentLimit = PLAN_LIMIT;
        options.fixedCallSeconds = 400.0; // 0.4 s: leads wait for a slot several times over
        int port = AvailablePortFinder.getNextAvailable();
        try (TestSandbox sandbox = TestSandbox.start(options, 0)) {
            Main main = new Main();
            main.setPropertyPlaceholderLocations("classpath:module-app/application.properties");
            main.addOverrideProperty("camel.server.port", String.valueOf(port));
            main.addOverrideProperty("crm-outbound.krosai.base-url", sandbox.baseUrl());
            main.addOverrideProperty("crm-outbound.krosai.api-key", options.apiKey);
            main.addOverrideProperty("crm-outbound.krosai.webhook-secret", options.webhookSecret);
            main.addOverrideProperty("crm-outbound.webhook.public-url", "http://127.0.0.1:" + port + "/webhooks/krosai");
            main.addOverrideProperty("crm-outbound.data.dir", data.toString());
            main.start();
            try {
                ProducerTemplate producer = main.getCamelContext().createProducerTemplate();
                ConsumerTemplate consumer = main.getCamelContext().createConsumerTemplate();

                for (int i = 1; i <= LEADS; i++) {
                    Map<String, Object> answer = call(producer, "{\"id\":\"lead-" + i
                            + "\",\"phone\":\"(415) 555-01" + String.format("%02d", i) + "\",\"first_name\":\"Ada " + i
                            + "\",\"ssn\":\"not to be sent\"}");
                    assertThat(answer).containsEntry("status", "queued").containsEntry("key", "lead-" + i)
                            .as("the module's campaign, not the host's own campaign.id").containsEntry("campaign", "module-test");
                }
                assertThat(call(producer, Map.of("id", "lead-1", "phone", "(415) 555-0101")))
                        .as("a lead sent again").containsEntry("status", "known");
                assertThat(call(producer, Map.of("id", "bad", "phone", "12")))
                        .containsEntry("status", "rejected").containsKey("reason");
                assertThatThrownBy(() -> producer.requestBody("direct:call-lead", "not json"))
                        .isInstanceOf(CamelExecutionException.class).cause().isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> producer.requestBody("direct:host-fails", "x"))
                        .as("the host's routes keep their own error handling")
                        .cause().isInstanceOf(IllegalStateException.class).hasMessage("the host's own failure");

                List<Map<?, ?>> outcomes = new ArrayList<>();
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    Map<?, ?> next = consumer.receiveBody("seda:outcomes", 200, Map.class);
                    if (next != null) {
                        outcomes.add(next);
                    }
                    return outcomes.size() == LEADS + 1;
                });

                assertThat(sandbox.callsPerNumber()).hasSize(LEADS).allSatisfy((number, calls) -> assertThat(calls).isOne());
                assertThat(sandbox.maxActiveCalls()).as("the plan limit held, and used").isEqualTo(PLAN_LIMIT);
                assertThat(sandbox.rateLimitedAnswers()).as("no call refused for the limit").isZero();
                assertThat(sandbox.metadataOfCallsTo("+14155550107")).singleElement()
                        .satisfies(m -> {
                            assertThat(m.path("first_name").asText()).isEqualTo("Ada 7");
                            assertThat(m.has("ssn")).as("only the mapped fields").isFalse();
                        });
                assertThat(outcomes).extracting(o -> o.get("key")).doesNotHaveDuplicates();
                assertThat(outcomes).filteredOn(o -> "called".equals(o.get("status"))).hasSize(LEADS)
                        .allSatisfy(o -> assertThat((String) o.get("callId")).startsWith("call_"));
                assertThat(outcomes).filteredOn(o -> "rejected".equals(o.get("status"))).singleElement()
                        .satisfies(o -> assertThat(o.get("key")).isEqualTo("bad"));
                assertThat(consumer.receiveBody("seda:outcomes", 1500, Map.class)).as("each outcome once").isNull();
            } finally {
                main.stop();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> call(ProducerTemplate producer, Object lead) {
        return producer.requestBody("direct:call-lead", lead, Map.class);
    }
}
