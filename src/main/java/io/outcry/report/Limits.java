package io.outcry.report;

import com.carrotsearch.hppc.LongLongHashMap;
import java.time.Clock;
import java.time.Instant;

/**
 * Token buckets per reporter key and per subnet key, read on the injected clock: a key may send {@code tokens}
 * reports at once, then one more every {@code period / tokens}.
 *
 * <p>Each bucket is one number, the time at which it is full again (the generic cell rate algorithm, which is a token
 * bucket with continuous refill), kept in a primitive map under a 64-bit hash of its key. A flood of new addresses
 * makes one entry of 16 bytes per address instead of a dozen objects that live for seconds and then die old, which
 * had the garbage collector mark the whole heap every second under load (docs/performance.md). A full bucket is the
 * same as none, so full ones are dropped freely; past {@code maxKeys} the fullest go first, which keeps the buckets a
 * flood has emptied. Two keys share a bucket with a probability of about n²/2⁶⁵, 3·10⁻¹⁰ at 100,000 keys.
 */
public final class Limits {
    /** What the buckets say about one request before it is let through. */
    public record Verdict(boolean refused, long retryAfterSeconds, boolean nearLimit) {}

    /** The buckets of one request: its keys, hashed once. */
    public record Buckets(long reporter, long subnet) {}

    private final Keyed reporters;
    private final Keyed subnets;
    private final Clock clock;
    /** Added to the clock's time: the sum of every step back seen. */
    private long offsetNanos;
    private long lastNanos = Long.MIN_VALUE;

    public Limits(Rate reporter, Rate subnet, Clock clock, int maxKeys) {
        this.reporters = new Keyed(reporter, maxKeys);
        this.subnets = new Keyed(subnet, maxKeys);
        this.clock = clock;
    }

    /** The reporter's and the subnet's buckets. */
    public Buckets of(String reporterKey, String subnetKey) {
        return new Buckets(KeyHash.of(reporterKey), KeyHash.of(subnetKey));
    }

    /** Looks without taking: refused when a bucket is empty, near the limit when one is below half. */
    public Verdict peek(Buckets b) {
        long now = nanos(clock.instant());
        long wait = Math.max(reporters.waitNanos(b.reporter(), now), subnets.waitNanos(b.subnet(), now));
        if (wait > 0) {
            return new Verdict(true, seconds(wait), true);
        }
        return new Verdict(false, 0, reporters.belowHalf(b.reporter(), now) || subnets.belowHalf(b.subnet(), now));
    }

    /** Takes one token from both buckets; refused (and nothing taken from the reporter) when either is empty. */
    public Verdict take(Buckets b) {
        long now = nanos(clock.instant());
        long wait = subnets.take(b.subnet(), now);
        if (wait == 0) {
            wait = reporters.take(b.reporter(), now);
        }
        return wait == 0 ? new Verdict(false, 0, false) : new Verdict(true, seconds(wait), true);
    }

    /** Buckets of each kind held now (those not full). */
    int size() {
        return reporters.size() + subnets.size();
    }

    /**
     * The clock's time in ns, made monotonic: when wall time is set back, the buckets' time goes on from where it was
     * (a refill is not undone, nobody waits for the hour given back); set forward, buckets refill, at most to full.
     */
    private synchronized long nanos(Instant at) {
        long t = at.getEpochSecond() * 1_000_000_000L + at.getNano() + offsetNanos;
        if (t < lastNanos) {
            offsetNanos += lastNanos - t;
            t = lastNanos;
        }
        lastNanos = t;
        return t;
    }

    private static long seconds(long nanos) {
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }

    /** The buckets of one kind of key; every method does nothing, or says "not limited", when the limit is off. */
    private static final class Keyed {
        private final int tokens;
        private final long periodNanos;
        /** Nanoseconds to earn one token back. */
        private final long tokenNanos;
        private final int maxKeys;
        /** When each bucket that is not full will be full again (epoch ns), by key hash. */
        private final LongLongHashMap fullAt = new LongLongHashMap();

        Keyed(Rate rate, int maxKeys) {
            this.tokens = rate.isOff() ? 0 : rate.tokens();
            this.periodNanos = rate.period().toNanos();
            this.tokenNanos = tokens == 0 ? 0 : Math.max(1, periodNanos / tokens);
            this.maxKeys = maxKeys;
        }

        /** How long until the bucket holds a whole token again; 0 when it holds one now. */
        synchronized long waitNanos(long key, long now) {
            if (tokens == 0) {
                return 0;
            }
            // A bucket full at f holds tokens - (f - now) / tokenNanos tokens now; one of them whole from
            // f - (tokens - 1) * tokenNanos on.
            return Math.max(0, fullAt.getOrDefault(key, now) - (tokens - 1) * tokenNanos - now);
        }

        /** Whether fewer than half the tokens are left (whole ones, as a person would count them). */
        synchronized boolean belowHalf(long key, long now) {
            if (tokens == 0) {
                return false;
            }
            long missing = Math.max(0, fullAt.getOrDefault(key, now) - now);
            long whole = tokens - Math.ceilDiv(missing, tokenNanos);
            return whole * 2 < tokens;
        }

        /** Takes one token and returns 0, or returns how long until one is there and takes nothing. */
        synchronized long take(long key, long now) {
            long wait = waitNanos(key, now);
            if (wait > 0 || tokens == 0) {
                return wait;
            }
            fullAt.put(key, Math.max(fullAt.getOrDefault(key, now), now) + tokenNanos);
            if (fullAt.size() > maxKeys) {
                shrink(now);
            }
            return 0;
        }

        /**
         * Drops buckets down to three quarters of {@code maxKeys}: the full ones first (nothing is forgotten), then
         * those nearest to full, an eighth of the period at a time, so that the emptied buckets of a flood stay.
         * Linear in the buckets, and run once per quarter of {@code maxKeys} new keys at most.
         */
        private void shrink(long now) {
            int target = maxKeys / 4 * 3;
            for (int eighth = 0; fullAt.size() > target && eighth <= 8; eighth++) {
                long fullBy = now + eighth * (periodNanos / 8);
                fullAt.removeAll((key, at) -> at <= fullBy);
            }
        }

        synchronized int size() {
            return fullAt.size();
        }
    }
}
