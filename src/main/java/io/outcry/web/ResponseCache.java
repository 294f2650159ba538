package io.outcry.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Short-lived per-node cache of answers that many clients ask at once (status, maps, feeds): an answer is rebuilt
 * when it is older than {@code maxAge} or when its version changed (e.g. the detector committed a tick), by one
 * request at a time; the others keep getting the previous answer meanwhile instead of queueing behind the rebuild
 * (only the very first build is waited for). Other nodes' changes show after at most {@code maxAge} and a rebuild.
 */
public final class ResponseCache<K> {
    /** More distinct keys than this (odd query strings) empty the cache rather than let it grow. */
    private static final int MAX_KEYS = 2_000;

    private final Clock clock;
    private final Duration maxAge;
    private final Map<K, Slot> slots = new ConcurrentHashMap<>();

    private record Entry(HttpCache.Body body, Instant builtAt, long version) {}

    private static final class Slot {
        final ReentrantLock lock = new ReentrantLock();
        volatile Entry entry;
    }

    public ResponseCache(Clock clock, Duration maxAge) {
        this.clock = clock;
        this.maxAge = maxAge;
    }

    /** The cached answer for {@code key} at {@code version}, built by {@code build} if there is none fresh. */
    public HttpCache.Body get(K key, long version, Supplier<HttpCache.Body> build) {
        if (slots.size() > MAX_KEYS) {
            slots.clear();
        }
        Slot slot = slots.computeIfAbsent(key, k -> new Slot());
        Entry e = slot.entry;
        if (fresh(e, version)) {
            return e.body();
        }
        if (e != null && !slot.lock.tryLock()) {
            return e.body(); // another request is rebuilding it: the previous answer, for a few more milliseconds
        }
        if (e == null) {
            slot.lock.lock();
        }
        try {
            e = slot.entry;
            if (!fresh(e, version)) {
                Instant at = clock.instant();
                e = new Entry(build.get(), at, version);
                slot.entry = e;
            }
            return e.body();
        } finally {
            slot.lock.unlock();
        }
    }

    private boolean fresh(Entry e, long version) {
        if (e == null || e.version() != version) {
            return false;
        }
        Instant now = clock.instant();
        return !now.isBefore(e.builtAt()) && now.isBefore(e.builtAt().plus(maxAge));
    }
}
