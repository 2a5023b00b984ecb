package dev.crmoutbound.ledger;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * A lead's request id: a time-ordered UUID (version 7: milliseconds since the epoch, then 74 random
 * bits). Ids made close in time sort close together, so a bulk load appends to the unique index on
 * {@code call_lead.request_id} instead of writing to random pages of it, as random UUIDs would.
 */
final class RequestIds {

    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(SecureRandom::new);

    private RequestIds() {
    }

    static String next() {
        SecureRandom random = RANDOM.get();
        long millis = System.currentTimeMillis();
        long high = (millis << 16) | 0x7000L | (random.nextInt() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
