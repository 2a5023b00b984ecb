package dev.crmoutbound.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hashes of phone numbers and record ids: what the service keeps to recognise a number it no
 * longer holds (an erased person's, a lead's past retention) and a number's de-duplication key. A hash
 * is {@code <key id>:<HMAC-SHA256 truncated to 128 bits, base64url>} (27 characters), the key id
 * telling which key wrote it.
 * Written with the current key; matched under the current and every previous key, so that a rotated
 * key does not forget what was hashed before it.
 */
public final class NumberHashes {

    private final List<byte[]> keys;
    private final ThreadLocal<List<Mac>> macs;
    private final List<String> keyIds;

    /** {@code current} first; {@code previous} only to match hashes written before a rotation. */
    public NumberHashes(byte[] current, List<byte[]> previous) {
        List<byte[]> all = new ArrayList<>();
        all.add(current.clone());
        previous.forEach(k -> all.add(k.clone()));
        this.keys = List.copyOf(all);
        this.macs = ThreadLocal.withInitial(this::newMacs);
        this.keyIds = macs.get().stream().map(mac -> mac("key id", mac).substring(0, 4)).toList();
    }

    /** The prefix of every hash the current key writes. */
    public String currentPrefix() {
        return keyIds.get(0) + ":";
    }

    /** For tests and tools: one key given as text. */
    public static NumberHashes withKey(String key) {
        return new NumberHashes(key.getBytes(StandardCharsets.UTF_8), List.of());
    }

    /** The hash under the current key (null for null). */
    public String of(String value) {
        return value == null ? null : keyIds.get(0) + ":" + mac(value, macs.get().get(0));
    }

    /** The hashes under every key, current first: what a stored hash may be. */
    public List<String> all(String value) {
        List<Mac> all = macs.get();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            out.add(keyIds.get(i) + ":" + mac(value, all.get(i)));
        }
        return out;
    }

    private static String mac(String value, Mac mac) {
        // 128 of HMAC-SHA256's bits: as safe from collisions as the ledger needs, and a key a third as long
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                java.util.Arrays.copyOf(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)), 16));
    }

    private List<Mac> newMacs() {
        List<Mac> out = new ArrayList<>();
        for (byte[] key : keys) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                out.add(mac);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
            }
        }
        return out;
    }
}
