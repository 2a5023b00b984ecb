package dev.crmoutbound.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    private final WebhookSignature signature = new WebhookSignature("whsec_test");
    private final byte[] body = "{\"id\":\"evt_1\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void acceptsTheHmacOfTheExactBytes() {
        String header = signature.sign(body);
        assertThat(header).startsWith("sha256=").hasSize(7 + 64);
        assertThat(signature.isValid(body, header)).isTrue();
    }

    @Test
    void refusesAnyOtherBodyKeyOrHeaderShape() {
        String header = signature.sign(body);
        assertThat(signature.isValid("{\"id\": \"evt_1\"}".getBytes(StandardCharsets.UTF_8), header)).isFalse();
        assertThat(new WebhookSignature("whsec_other").isValid(body, header)).isFalse();
        assertThat(signature.isValid(body, null)).isFalse();
        assertThat(signature.isValid(body, "")).isFalse();
        assertThat(signature.isValid(body, header.substring(7))).isFalse();
        assertThat(signature.isValid(body, "sha256=zz")).isFalse();
    }
}
