package io.outcry.report;

import com.carrotsearch.hppc.BitMixer;
import java.util.UUID;

/**
 * 64-bit hashes of reporter and subnet keys and of report ids, for the primitive maps that remember them: FNV-1a
 * over the characters, then mixed so that every bit counts. Two of n keys collide with a probability of about n²/2⁶⁵.
 */
final class KeyHash {
    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private KeyHash() {}

    static long of(String key) {
        return BitMixer.mix64(fnv(key));
    }

    /** A key's hash for one service and kind of report. */
    static long of(String key, int serviceId, NewReport.Kind kind) {
        long h = (fnv(key) ^ serviceId) * PRIME;
        return BitMixer.mix64((h ^ kind.ordinal()) * PRIME);
    }

    /** A report id's hash. */
    static long of(UUID id) {
        return BitMixer.mix64(id.getMostSignificantBits() * PRIME ^ id.getLeastSignificantBits());
    }

    private static long fnv(String key) {
        long h = OFFSET;
        for (int i = 0; i < key.length(); i++) {
            h = (h ^ key.charAt(i)) * PRIME;
        }
        return h;
    }
}
