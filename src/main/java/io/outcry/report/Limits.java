package io.outcry.report;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.outcry.Config;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets (Bucket4j) per reporter key and per subnet key, read on the injected clock. At most {@code maxKeys}
 * buckets of each kind are kept, least recently used dropped first, so a flood of new addresses cannot grow memory.
 */
public final class Limits {
    /** What the buckets say about one request before it is let through. */
    public record Verdict(boolean refused, long retryAfterSeconds, boolean nearLimit) {}

    private final Keyed reporters;
    private final Keyed subnets;

    public Limits(Config.Rate reporter, Config.Rate subnet, Clock clock, int maxKeys) {
        TimeMeter meter = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                java.time.Instant now = clock.instant();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
        this.reporters = new Keyed(reporter, meter, maxKeys);
        this.subnets = new Keyed(subnet, meter, maxKeys);
    }

    /** The buckets of one request, looked up once (each lookup takes a lock shared by every request). */
    public record Buckets(Bucket reporter, Bucket subnet) {}

    /** The reporter's and the subnet's buckets; a null one when that limit is off. */
    public Buckets of(String reporterKey, String subnetKey) {
        return new Buckets(reporters.bucket(reporterKey), subnets.bucket(subnetKey));
    }

    /** Looks without taking: refused when a bucket is empty, near the limit when one is below half. */
    public Verdict peek(Buckets b) {
        long wait = Math.max(reporters.waitNanos(b.reporter()), subnets.waitNanos(b.subnet()));
        if (wait > 0) {
            return new Verdict(true, seconds(wait), true);
        }
        return new Verdict(false, 0, reporters.belowHalf(b.reporter()) || subnets.belowHalf(b.subnet()));
    }

    /** Takes one token from both buckets; refused (and nothing taken from the reporter) when either is empty. */
    public Verdict take(Buckets b) {
        ConsumptionProbe subnet = b.subnet() == null ? null : b.subnet().tryConsumeAndReturnRemaining(1);
        if (subnet != null && !subnet.isConsumed()) {
            return new Verdict(true, seconds(subnet.getNanosToWaitForRefill()), true);
        }
        ConsumptionProbe reporter = b.reporter() == null ? null : b.reporter().tryConsumeAndReturnRemaining(1);
        if (reporter != null && !reporter.isConsumed()) {
            return new Verdict(true, seconds(reporter.getNanosToWaitForRefill()), true);
        }
        return new Verdict(false, 0, false);
    }

    private static long seconds(long nanos) {
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }

    /** The buckets of one kind of key. */
    private static final class Keyed {
        private final Config.Rate rate;
        private final TimeMeter meter;
        private final Map<String, Bucket> buckets;

        Keyed(Config.Rate rate, TimeMeter meter, int maxKeys) {
            this.rate = rate;
            this.meter = meter;
            this.buckets = new LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                    return size() > maxKeys;
                }
            };
        }

        /** The key's bucket, made on first sight; null when this limit is off. */
        synchronized Bucket bucket(String key) {
            if (rate.isOff()) {
                return null;
            }
            return buckets.computeIfAbsent(key, k -> Bucket.builder()
                    .addLimit(l -> l.capacity(rate.tokens()).refillGreedy(rate.tokens(), rate.period()))
                    .withCustomTimePrecision(meter)
                    .build());
        }

        long waitNanos(Bucket b) {
            if (b == null || b.getAvailableTokens() >= 1) {
                return 0;
            }
            // A probe that asks for zero tokens would not say how long; estimate one token's refill instead.
            Duration oneToken = rate.period().dividedBy(rate.tokens());
            return Math.max(1, oneToken.toNanos());
        }

        boolean belowHalf(Bucket b) {
            return b != null && b.getAvailableTokens() * 2 < rate.tokens();
        }
    }
}
