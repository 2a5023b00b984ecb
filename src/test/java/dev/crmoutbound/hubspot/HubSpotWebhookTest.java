package dev.crmoutbound.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Signature v3 as HubSpot computes it, and the contact ids of every body shape HubSpot sends. */
class HubSpotWebhookTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private final HubSpotSignature signature = new HubSpotSignature("secret", Clock.fixed(NOW, ZoneOffset.UTC),
            Duration.ofMinutes(5));

    @Test
    void aFreshRequestSignedOverMethodUriBodyAndTimestampIsTakenAndAnyChangeIsRefused() {
        byte[] body = "{\"objectId\":1}".getBytes(StandardCharsets.UTF_8);
        String now = String.valueOf(NOW.toEpochMilli());
        String uri = "https://example.com/webhooks/hubspot?campaign=spring";
        String signed = signature.sign("POST", uri, body, now);

        assertThat(signature.refusal("POST", uri, body, now, signed)).isNull();
        assertThat(signature.refusal("POST", uri, "{\"objectId\":2}".getBytes(StandardCharsets.UTF_8), now, signed))
                .isEqualTo("bad signature");
        assertThat(signature.refusal("POST", "https://example.com/webhooks/hubspot", body, now, signed))
                .isEqualTo("bad signature");
        assertThat(signature.refusal("POST", uri, body, String.valueOf(NOW.toEpochMilli() + 1), signed))
                .isEqualTo("bad signature");
        assertThat(signature.refusal("POST", uri, body, now, null)).contains("no X-HubSpot-Signature-v3");
        assertThat(signature.refusal("POST", uri, body, now, "not base64!")).isEqualTo("bad signature");
    }

    @Test
    void aRequestSignedMoreThanFiveMinutesAwayIsRefusedAsAReplay() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String old = String.valueOf(NOW.minusSeconds(301).toEpochMilli());
        String uri = "https://example.com/webhooks/hubspot";
        assertThat(signature.refusal("POST", uri, body, old, signature.sign("POST", uri, body, old))).contains("a replay");
        String fresh = String.valueOf(NOW.minusSeconds(299).toEpochMilli());
        assertThat(signature.refusal("POST", uri, body, fresh, signature.sign("POST", uri, body, fresh))).isNull();
    }

    @Test
    void theUriIsSignedWithHubSpotsListOfCharactersDecodedAndNoOthers() {
        assertThat(HubSpotUris.decoded("https://example.com/hook?next=%2Fa%3Ab%40c%21%24%27%28%29%2A%2C%3B%3F"))
                .isEqualTo("https://example.com/hook?next=/a:b@c!$'()*,;?");
        assertThat(HubSpotUris.decoded("https://example.com/hook?q=a%20b%26c%3d")).isEqualTo("https://example.com/hook?q=a%20b%26c%3d");
    }

    @Test
    void everyBodyShapeNamesItsContacts() {
        assertThat(HubSpotWebhook.contactIds(bytes("[{\"objectId\":101,\"subscriptionType\":\"contact.propertyChange\"},"
                + "{\"objectId\":102},{\"objectId\":101}]"))).containsExactly("101", "102");
        assertThat(HubSpotWebhook.contactIds(bytes("{\"vid\":201,\"properties\":{\"phone\":{\"value\":\"1\"}}}")))
                .containsExactly("201");
        assertThat(HubSpotWebhook.contactIds(bytes("{\"properties\":{\"hs_object_id\":{\"value\":\"301\"}}}")))
                .containsExactly("301");
        assertThat(HubSpotWebhook.contactIds(bytes("{\"hs_object_id\":\"401\",\"email\":\"a@b.c\"}"))).containsExactly("401");
        assertThat(HubSpotWebhook.contactIds(bytes("{\"id\":\"DROP TABLE\"}"))).isEmpty();
        assertThat(HubSpotWebhook.contactIds(bytes("not json"))).isEmpty();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
