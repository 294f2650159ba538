package io.outcry.official;

import java.time.Duration;

/**
 * The poller of official status pages: on or off, how often each source is read (with jitter, and longer after
 * errors), the timeout of one request (connection, answer and body), the largest body read, how many requests at
 * once, and whether private, loopback and link-local addresses may be reached (only tests and demos want that).
 */
public record OfficialSettings(boolean enabled, Duration interval, Duration timeout, long maxBytes, int concurrency,
        boolean allowPrivate) {
    /** Off: for tests of other features, and the default of tests. */
    public static final OfficialSettings OFF = new OfficialSettings(false, Duration.ofMinutes(2), Duration.ofSeconds(10),
            16L << 20, 4, false);

    public OfficialSettings withEnabled(boolean on) {
        return new OfficialSettings(on, interval, timeout, maxBytes, concurrency, allowPrivate);
    }

    public OfficialSettings withAllowPrivate(boolean allow) {
        return new OfficialSettings(enabled, interval, timeout, maxBytes, concurrency, allow);
    }

    public OfficialSettings withTimeout(Duration t) {
        return new OfficialSettings(enabled, interval, t, maxBytes, concurrency, allowPrivate);
    }

    public OfficialSettings withMaxBytes(long max) {
        return new OfficialSettings(enabled, interval, timeout, max, concurrency, allowPrivate);
    }
}
