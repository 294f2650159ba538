package io.outcry.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Short-lived per-node cache of answers that many clients ask at once (status, maps, feeds): an answer is rebuilt
 * when it is older than {@code maxAge} or when its version changed (e.g. the detector committed a tick), by one
 * request at a time; the others keep getting the previous answer meanwhile instead of queueing behind the rebuild
 * (only the very first build is waited for). Other nodes' changes show after at most {@code maxAge} and a rebuild.
 *
 * <p>It holds at most {@code maxBytes} of answers (their bytes plus a quarter for the gzip form made on demand):
 * beyond that Caffeine evicts the least used, so many distinct query strings cost evictions, not memory.
 */
public final class ResponseCache<K> {
    /** Rebuilds of different keys run in parallel, up to this many; two keys on one lock only wait for each other. */
    private static final int LOCKS = 64;

    private final Clock clock;
    private final Duration maxAge;
    private final Cache<K, Entry> entries;
    private final ReentrantLock[] locks = new ReentrantLock[LOCKS];

    private record Entry(HttpCache.Body body, Instant builtAt, long version) {
        int weight() {
            int bytes = body.bytes().length;
            return bytes + bytes / 4;
        }
    }

    public ResponseCache(Clock clock, Duration maxAge, long maxBytes) {
        this.clock = clock;
        this.maxAge = maxAge;
        this.entries = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((K key, Entry e) -> e.weight())
                .expireAfterWrite(maxAge.multipliedBy(10))
                .executor(Runnable::run) // evict on the caller's thread: the bound holds when put returns
                .build();
        for (int i = 0; i < LOCKS; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** The cached answer for {@code key} at {@code version}, built by {@code build} if there is none fresh. */
    public HttpCache.Body get(K key, long version, Supplier<HttpCache.Body> build) {
        Entry e = entries.getIfPresent(key);
        if (fresh(e, version)) {
            return e.body();
        }
        ReentrantLock lock = locks[Math.floorMod(key.hashCode(), LOCKS)];
        if (e != null && !lock.tryLock()) {
            return e.body(); // another request is rebuilding it: the previous answer, for a few more milliseconds
        }
        if (e == null) {
            lock.lock();
        }
        try {
            e = entries.getIfPresent(key);
            if (!fresh(e, version)) {
                e = new Entry(build.get(), clock.instant(), version);
                entries.put(key, e);
            }
            return e.body();
        } finally {
            lock.unlock();
        }
    }

    /** The bytes held now, as weighed. */
    long weight() {
        return entries.policy().eviction().map(p -> p.weightedSize().orElse(0)).orElse(0L);
    }

    private boolean fresh(Entry e, long version) {
        if (e == null || e.version() != version) {
            return false;
        }
        Instant now = clock.instant();
        return !now.isBefore(e.builtAt()) && now.isBefore(e.builtAt().plus(maxAge));
    }
}
