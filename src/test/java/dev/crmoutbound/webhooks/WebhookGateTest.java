package dev.crmoutbound.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmoutbound.support.CapturedLogs;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;

class WebhookGateTest {

    private static final String PATH = "/webhooks/krosai";
    private static final String SIGNED = "sha256=" + "ab".repeat(32);

    private final WebhookGate gate = new WebhookGate(PATH, 1_048_576, new WebhookRefusals());

    private WebhookGate.Refusal check(HttpMethod method, String path, String type, String encoding, String length,
                                      String signature) {
        return gate.check(method, path, type, encoding, length, signature);
    }

    @Test
    void whatCanBeASignedEventGoesOnToBeReadAndVerified() {
        assertThat(check(HttpMethod.POST, PATH, "application/json", null, "120", SIGNED)).isNull();
        assertThat(check(HttpMethod.POST, PATH, "application/json; charset=utf-8", "identity", null, SIGNED)).isNull();
        assertThat(check(HttpMethod.POST, PATH, null, null, "0", "SHA256=" + "AB".repeat(32))).isNull();
        assertThat(check(HttpMethod.POST, PATH, "text/plain", null, "120", SIGNED)).as("KrosAI documents no type").isNull();
    }

    @Test
    void whatCannotBeIsRefusedBeforeItsBodyIsRead() {
        assertThat(check(HttpMethod.GET, PATH, null, null, null, SIGNED)).isEqualTo(new WebhookGate.Refusal(405, "method not allowed"));
        assertThat(check(HttpMethod.POST, PATH + "/x", "application/json", null, "2", SIGNED).status()).isEqualTo(404);
        assertThat(check(HttpMethod.POST, PATH, "application/x-www-form-urlencoded", null, "3", null).status()).isEqualTo(415);
        assertThat(check(HttpMethod.POST, PATH, "multipart/form-data; boundary=x", null, "3", SIGNED).status()).isEqualTo(415);
        assertThat(check(HttpMethod.POST, PATH, "Multipart/Mixed", null, "3", SIGNED).status()).isEqualTo(415);
        assertThat(check(HttpMethod.POST, PATH, "application/json", "gzip", "30", SIGNED).status()).isEqualTo(415);
        assertThat(check(HttpMethod.POST, PATH, "application/json", null, "71000000", SIGNED).status()).isEqualTo(413);
        assertThat(check(HttpMethod.POST, PATH, "application/json", null, "a lot", SIGNED).status()).isEqualTo(413);
        assertThat(check(HttpMethod.POST, PATH, "application/json", null, "2", null)).isEqualTo(new WebhookGate.Refusal(401, "no signature"));
        assertThat(check(HttpMethod.POST, PATH, "application/json", null, "2", "sha256=zz")).isEqualTo(new WebhookGate.Refusal(401, "bad signature"));
        assertThat(check(HttpMethod.POST, PATH, "application/json", null, "2", "md5=" + "ab".repeat(16)).status()).isEqualTo(401);
    }

    @Test
    void refusalsAreOneLineThenOneSummaryAMinute() {
        WebhookRefusals refusals = new WebhookRefusals();
        try (CapturedLogs logs = new CapturedLogs()) {
            for (int i = 0; i < 5300; i++) {
                refusals.refused(401, "bad signature");
            }
            for (int i = 0; i < 12; i++) {
                refusals.refused(413, "too large");
            }
            refusals.summarise();
            refusals.summarise();
            refusals.refused(405, "method not allowed");

            assertThat(logs.warnings()).containsExactly(
                    "Refused a webhook request (401 bad signature); refusals are counted and summarised once a minute",
                    "Refused 5312 webhook requests in the last minute: 5300 bad signature, 12 too large",
                    "Refused a webhook request (405 method not allowed); refusals are counted and summarised once a minute");
            assertThat(refusals.totals()).containsEntry("401 bad signature", 5300L).containsEntry("413 too large", 12L);
        }
    }
}
