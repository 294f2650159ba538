package io.outcry.report;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * UUID version 7 (RFC 9562, section 5.7): 48 bits of Unix milliseconds, then random bits. Reports get ids in the
 * order they arrive, so the primary-key index grows at its end instead of touching a random page per insert; an id
 * tells nothing that {@code receivedAt} does not already say.
 */
public final class TimeOrderedIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TimeOrderedIds() {}

    public static UUID next(Instant at) {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        long millis = at.toEpochMilli() & 0xFFFF_FFFF_FFFFL;
        long high = millis << 16 | 0x7000L | (random[0] & 0x0FL) << 8 | (random[1] & 0xFFL);
        long low = 0;
        for (int i = 2; i < 10; i++) {
            low = low << 8 | (random[i] & 0xFFL);
        }
        return new UUID(high, low & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L); // variant 10
    }
}
