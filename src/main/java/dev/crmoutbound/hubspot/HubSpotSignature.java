package dev.crmoutbound.hubspot;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HubSpot's request signature v3: {@code X-HubSpot-Signature-v3} is the Base64 HMAC-SHA256, keyed with
 * the app's client secret, of method + URI + body + {@code X-HubSpot-Request-Timestamp} (milliseconds).
 * A request whose timestamp is more than {@code maxAge} away from now is refused, so a recorded request
 * cannot be replayed later. Checked in constant time.
 */
public class HubSpotSignature {

    private final byte[] secret;
    private final Clock clock;
    private final Duration maxAge;

    public HubSpotSignature(String clientSecret, Clock clock, Duration maxAge) {
        if (clientSecret == null || clientSecret.isEmpty()) {
            throw new IllegalArgumentException("HUBSPOT_CLIENT_SECRET is required to verify HubSpot webhooks");
        }
        this.secret = clientSecret.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
        this.maxAge = maxAge;
    }

    /** The signature HubSpot would send for this request. */
    public String sign(String method, String uri, byte[] body, String timestamp) {
        return Base64.getEncoder().encodeToString(hmac(method, uri, body, timestamp));
    }

    /** Null when the request is signed and fresh, else why it is refused. */
    public String refusal(String method, String uri, byte[] body, String timestamp, String signature) {
        if (signature == null || timestamp == null) {
            return "no X-HubSpot-Signature-v3 or X-HubSpot-Request-Timestamp";
        }
        long sentAt;
        try {
            sentAt = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return "X-HubSpot-Request-Timestamp is not a time in milliseconds";
        }
        if (Math.abs(clock.millis() - sentAt) > maxAge.toMillis()) {
            return "X-HubSpot-Request-Timestamp is more than " + maxAge.toSeconds() + " s away from now (a replay?)";
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(signature.strip());
        } catch (IllegalArgumentException notBase64) {
            return "bad signature";
        }
        return MessageDigest.isEqual(hmac(method, uri, body, timestamp.strip()), given) ? null : "bad signature";
    }

    private byte[] hmac(String method, String uri, byte[] body, String timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((method + HubSpotUris.decoded(uri)).getBytes(StandardCharsets.UTF_8));
            mac.update(body == null ? new byte[0] : body);
            return mac.doFinal(timestamp.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
