package dev.crmoutbound.privacy;

import dev.crmoutbound.config.ConfigurationException;
import dev.crmoutbound.ledger.Jdbc;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the hash key comes from: {@code PRIVACY_HASH_KEY} (from a secret store, shared by every
 * instance), with the keys it replaced in {@code PRIVACY_PREVIOUS_HASH_KEYS}. Without one, a random key
 * is made once and kept in the ledger, so that every instance hashes alike; that protects the hashes only
 * from someone who does not also have the ledger, which is said at start.
 */
public final class HashKeys {

    private static final Logger LOG = LoggerFactory.getLogger(HashKeys.class);
    static final int MIN_KEY_CHARS = 32;

    private HashKeys() {
    }

    /** {@code configured} and {@code previous} (comma-separated) as the settings give them; blank: unset. */
    public static NumberHashes load(String configured, String previous, Jdbc jdbc, Clock clock) {
        List<byte[]> older = previous == null || previous.isBlank() ? List.of() : Arrays.stream(previous.split(","))
                .map(String::strip).filter(k -> !k.isEmpty()).map(HashKeys::checked).toList();
        if (configured != null && !configured.isBlank()) {
            return new NumberHashes(checked(configured.strip()), older);
        }
        LOG.warn("PRIVACY_HASH_KEY is not set: numbers kept as hashes (erased people, leads past retention, "
                + "de-duplication keys) are hashed with a key kept in the ledger, which protects them only from "
                + "someone without the ledger. Set PRIVACY_HASH_KEY (at least {} random characters) from a secret store.",
                MIN_KEY_CHARS);
        return new NumberHashes(ledgerKey(jdbc, clock).getBytes(StandardCharsets.UTF_8), older);
    }

    private static byte[] checked(String key) {
        if (key.length() < MIN_KEY_CHARS) {
            throw new ConfigurationException("PRIVACY_HASH_KEY and PRIVACY_PREVIOUS_HASH_KEYS: a key must have at least "
                    + MIN_KEY_CHARS + " characters (random ones, from a secret store), not " + key.length());
        }
        return key.getBytes(StandardCharsets.UTF_8);
    }

    /** The ledger's own key, made by whichever instance comes first. */
    private static String ledgerKey(Jdbc jdbc, Clock clock) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        jdbc.update("INSERT INTO privacy_key (id, key_value, created_at) VALUES (1, ?, ?) ON CONFLICT DO NOTHING",
                Base64.getUrlEncoder().withoutPadding().encodeToString(random), clock.instant());
        return jdbc.queryOne("SELECT key_value FROM privacy_key WHERE id = 1", rs -> rs.getString(1)).orElseThrow();
    }
}
