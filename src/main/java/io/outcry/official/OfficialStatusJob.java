package io.outcry.official;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the official status sources the catalog names: claims the due URLs (one node at a time on PostgreSQL),
 * reads them a few hosts at a time and one request at a time per host, stores what they say, and schedules each
 * again after its interval with jitter, or later after a failure (doubling up to an hour). A 429 or 503 defers every
 * URL of that host, never before its Retry-After.
 */
public final class OfficialStatusJob implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OfficialStatusJob.class);
    static final Duration MAX_BACKOFF = Duration.ofHours(1);
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(6);

    /** Reads one URL conditionally; the web in production, an in-process page in the demo. */
    public interface Reader {
        Fetched fetch(String url, String etag, String lastModified);
    }

    private final OfficialStatusStore store;
    private final Reader reader;
    private final Clock clock;
    private final Duration interval;
    private final Duration timeout;
    private final int concurrency;
    private final Random jitter = new Random();
    private final List<Consumer<List<OfficialChange>>> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore slots;
    private ScheduledExecutorService scheduler;

    /**
     * @param timeout the longest one request may take; a poll waits at most this per redirect hop and URL of a host
     */
    public OfficialStatusJob(OfficialStatusStore store, Reader reader, Clock clock, Duration interval,
            Duration timeout, int concurrency) {
        this.store = store;
        this.reader = reader;
        this.clock = clock;
        this.interval = interval;
        this.timeout = timeout;
        this.concurrency = Math.max(1, concurrency);
        this.slots = new Semaphore(this.concurrency);
    }

    /** The web: the poller's HTTP client with the configured timeout, size limit and address policy. */
    public static Reader webReader(OfficialSettings c, Clock clock) {
        return new SourceFetcher(c.timeout(), c.maxBytes(), c.allowPrivate(),
                java.net.InetAddress::getAllByName, clock);
    }

    /** Told of every change a poll stored, on the poller's thread. */
    public void subscribe(Consumer<List<OfficialChange>> listener) {
        listeners.add(listener);
    }

    /** Checks for due sources every few seconds. */
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("official-status")
                .daemon().unstarted(r));
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                pollDue();
            } catch (RuntimeException e) {
                log.warn("Official status poll failed", e);
            }
        }, 1, 5, TimeUnit.SECONDS);
    }

    /**
     * Claims and reads every due URL, at most {@code concurrency} hosts at once; returns how many URLs it read.
     * Every request ends within its timeout, so a poll ends too; tests call this with a hand-driven clock.
     */
    public int pollDue() {
        Instant now = clock.instant();
        // The lease outlasts the poll, so no node claims a URL again while this one still reads it.
        List<OfficialStatusStore.Due> due = store.claimDue(now, interval.plus(timeout.multipliedBy(8)),
                concurrency * 16);
        Map<String, List<OfficialStatusStore.Due>> byHost = new LinkedHashMap<>();
        for (OfficialStatusStore.Due d : due) {
            byHost.computeIfAbsent(host(d.url()), h -> new ArrayList<>()).add(d);
        }
        List<String> firstFailures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Callable<Void>> tasks = new ArrayList<>();
        for (List<OfficialStatusStore.Due> urls : byHost.values()) {
            tasks.add(() -> {
                slots.acquire();
                try {
                    for (OfficialStatusStore.Due d : urls) {
                        if (!poll(d, firstFailures)) {
                            break; // the host asked for less: its other URLs wait as long
                        }
                    }
                } catch (RuntimeException e) {
                    log.error("Official status poll of {} failed", urls.getFirst().url(), e);
                } finally {
                    slots.release();
                }
                return null;
            });
        }
        try {
            workers.invokeAll(tasks);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        logFirstFailures(firstFailures);
        return due.size();
    }

    /**
     * The sources that failed for the first time in a row in this round: each on a line of its own when they are
     * few, else one line (a node without internet fails every source at once).
     */
    private static void logFirstFailures(List<String> failures) {
        if (failures.size() <= 3) {
            failures.forEach(f -> log.info("Official status source {}; tried again less often while it fails", f));
        } else {
            log.info("{} official status sources failed, such as {} and {}; each is tried again less often while it "
                    + "fails", failures.size(), failures.get(0), failures.get(1));
        }
    }

    /** Reads one URL and stores the outcome; false when the host asked to be left alone for a while. */
    private boolean poll(OfficialStatusStore.Due d, List<String> firstFailures) {
        Fetched f;
        try {
            f = reader.fetch(d.url(), d.etag(), d.lastModified());
        } catch (RuntimeException e) {
            f = new Fetched.Failed("cannot read: " + e.getClass().getSimpleName(), null);
        }
        Instant now = clock.instant();
        switch (f) {
            case Fetched.NotModified n -> {
                store.notModified(d.url(), now, next(now));
                readAgain(d);
                return true;
            }
            case Fetched.Body b -> {
                try {
                    Snapshot s = d.format().read(b.bytes(), now);
                    List<OfficialChange> changes = store.read(d.url(), d.page(), s, b.etag(), b.lastModified(), now,
                            next(now));
                    readAgain(d);
                    if (!changes.isEmpty()) {
                        listeners.forEach(l -> l.accept(changes));
                    }
                    return true;
                } catch (Unreadable e) {
                    fail(d, "unreadable " + d.format().label() + ": " + e.getMessage(), null, now, firstFailures);
                    return true;
                }
            }
            case Fetched.Failed failed -> {
                fail(d, failed.reason(), failed.retryAfter(), now, firstFailures);
                return failed.retryAfter() == null;
            }
        }
    }

    private void fail(OfficialStatusStore.Due d, String reason, Duration retryAfter, Instant now,
            List<String> firstFailures) {
        Duration wait = backoff(interval, d.failures() + 1);
        if (retryAfter != null) {
            Duration asked = retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
            wait = asked.compareTo(wait) > 0 ? asked : wait;
        }
        Instant next = now.plus(wait).plus(jitter(wait));
        store.failed(d.url(), reason, now, next);
        if (retryAfter != null) {
            URI u = URI.create(d.url());
            store.deferHost(u.getScheme(), u.getAuthority(), next);
        }
        // A source that stays unreachable (a node without internet, a page gone) would write a line at every try,
        // a hundred sources at each backoff step and then hourly: the first failure in a row is news, the rest not.
        if (d.failures() == 0) {
            firstFailures.add(d.url() + " failed (" + reason + ")");
        } else {
            log.debug("Official status source {} failed again ({} in a row: {}); next try at {}", d.url(),
                    d.failures() + 1, reason, next);
        }
    }

    /** Says once that a source that had failed is read again. */
    private static void readAgain(OfficialStatusStore.Due d) {
        if (d.failures() > 0) {
            log.info("Official status source {} is read again after {} failures in a row", d.url(), d.failures());
        }
    }

    /** The interval doubled for each failure in a row, at most an hour (never shorter than the interval). */
    static Duration backoff(Duration interval, int failures) {
        Duration d = interval;
        for (int i = 1; i < failures && d.compareTo(MAX_BACKOFF) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(MAX_BACKOFF) > 0 && interval.compareTo(MAX_BACKOFF) < 0 ? MAX_BACKOFF : d;
    }

    private Instant next(Instant now) {
        return now.plus(interval).plus(jitter(interval));
    }

    /** Up to a fifth of the wait, so that sources polled together at start drift apart. */
    private Duration jitter(Duration wait) {
        long bound = Math.max(1, wait.toMillis() / 5);
        synchronized (jitter) {
            return Duration.ofMillis((long) (jitter.nextDouble() * bound));
        }
    }

    private static String host(String url) {
        String authority = URI.create(url).getAuthority();
        return authority == null ? url : authority.toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        workers.shutdownNow();
    }
}
