package io.outcry.outage;

import io.outcry.catalog.Catalog;
import io.outcry.catalog.Service;
import io.outcry.detect.Decision;
import io.outcry.detect.Detector;
import io.outcry.detect.DetectorSettings;
import io.outcry.detect.Observation;
import io.outcry.detect.SeasonalBaseline;
import io.outcry.detect.State;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the detector once per elapsed minute and turns its decisions into outages: opened when a series shows
 * possible problems, confirmed, updated with their peak and problems, and resolved. Every minute is processed once,
 * in order; after a restart or downtime the job replays the hours before its last tick silently to rebuild the
 * detector's state, then catches up minute by minute without duplicating or reopening outages.
 */
public final class DetectionJob implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DetectionJob.class);
    /** Reports of a minute are committed within this delay after it ends. */
    private static final Duration GRACE = Duration.ofSeconds(2);
    /** Hours replayed silently at start to rebuild the detector's charts. */
    static final Duration WARM_UP = Duration.ofHours(3);
    /** After a longer downtime, the minutes before this are not replayed one by one. */
    static final Duration MAX_CATCH_UP = Duration.ofHours(24);
    /** A regional series stays watched this long after its last report. */
    private static final Duration KEEP_WATCHING = Duration.ofHours(6);
    /** "Works for me" over the window narrow an outage's regions when at least this many say so... */
    static final int WORKS_MIN = 5;
    /** ...and at least this many times as many as reported a problem there. */
    static final double WORKS_DOMINANCE = 2.0;
    /** Consecutive ticks the works-for-me ending rule must hold. */
    static final int WORKS_END_TICKS = 2;

    private final OutageStore store;
    private final Supplier<Catalog> catalog;
    private final Clock clock;
    private final DetectorSettings settings;
    private final Duration period;
    private final List<Consumer<OutageChange>> listeners = new CopyOnWriteArrayList<>();

    private Detector detector;
    private final Map<SeriesKey, SeasonalBaseline> baselines = new HashMap<>();
    /** Histories read in one batch for the series being fitted now, ending at {@link #prefetchedTo}. */
    private final Map<SeriesKey, OutageStore.HourlyHistory> prefetched = new HashMap<>();
    private Instant prefetchedTo;
    private final Map<SeriesKey, Instant> lastSeen = new HashMap<>();
    private final Map<SeriesKey, Outage> open = new HashMap<>();
    private final Set<SeriesKey> suppressed = new HashSet<>();
    private final Map<Integer, ServiceStatus> statusWritten = new HashMap<>();
    private final Map<SeriesKey, Integer> worksBacked = new HashMap<>();
    private Instant lastMinute;
    /** The last tick in the database that {@link #open} reflects; a tick built on an older one is refused. */
    private Optional<Instant> basedOn = Optional.empty();
    /** True after another node wrote a tick: re-read what is open before the next one. */
    private boolean stale;
    private final AtomicLong ticksWritten = new AtomicLong();
    private final AtomicLong ticksSkipped = new AtomicLong();
    private volatile int openCount;
    /** Services with an open outage of any scope, read by intake without taking the job's lock. */
    private volatile Set<Integer> spiking = Set.of();
    private volatile Instant lastTickAt;
    private volatile long lastTickNanos;
    private volatile int lastSeriesCount;
    private volatile long minutesProcessed;
    private ScheduledExecutorService scheduler;
    private volatile boolean closing;
    /** Sums hours' totals beside the ticks: 0.6 s at 10,000 series, 6 s at 100,000, too long to hold a tick up. */
    private final ExecutorService hourTotals = Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().name("hour-totals").daemon().unstarted(r));
    private Future<?> lastHourTotals = CompletableFuture.completedFuture(null);

    public DetectionJob(OutageStore store, Supplier<Catalog> catalog, Clock clock, DetectorSettings settings,
            Duration period) {
        this.store = store;
        this.catalog = catalog;
        this.clock = clock;
        this.settings = settings;
        this.period = period;
    }

    public void subscribe(Consumer<OutageChange> listener) {
        listeners.add(listener);
    }

    public DetectorSettings settings() {
        return settings;
    }

    /** Catches up at once, then runs {@link #runOnce} every period, just after each minute ends. */
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("detection").daemon()
                .unstarted(r));
        scheduler.execute(this::runLogged);
        scheduler.scheduleAtFixedRate(this::runLogged, untilNextMinute().toMillis(), period.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void runLogged() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            if (closing) {
                log.info("Detector tick interrupted by shutdown; the next start catches up");
            } else {
                log.error("Detector tick failed; it will be retried at the next period", e);
            }
        }
    }

    private Duration untilNextMinute() {
        Instant now = clock.instant();
        Instant next = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1)).plus(GRACE);
        return Duration.between(now, next);
    }

    /** Processes every complete minute not processed yet. Returns how many minutes were processed. */
    public synchronized int runOnce() {
        Instant due = clock.instant().minus(GRACE).truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(1));
        if (detector == null) {
            initialise(due);
        }
        int processed = 0;
        while (lastMinute.isBefore(due)) {
            Instant minute = lastMinute.plus(Duration.ofMinutes(1));
            long start = System.nanoTime();
            process(minute);
            lastTickNanos = System.nanoTime() - start;
            lastMinute = minute;
            rollUpHours(minute);
            minutesProcessed++;
            processed++;
        }
        lastTickAt = clock.instant();
        return processed;
    }

    public Instant lastTickAt() {
        return lastTickAt;
    }

    /** Grows with every minute processed, i.e. whenever statuses and outages may have changed: a cache version. */
    public long minutesProcessed() {
        return minutesProcessed;
    }

    public long lastTickNanos() {
        return lastTickNanos;
    }

    public int lastSeriesCount() {
        return lastSeriesCount;
    }

    /** Minutes this node wrote, since it started. */
    public long ticksWritten() {
        return ticksWritten.get();
    }

    /** Minutes this node computed but another node wrote (or was writing), since it started. */
    public long ticksSkipped() {
        return ticksSkipped.get();
    }

    /** Episodes open after the last tick this node wrote or read. */
    public int openCount() {
        return openCount;
    }

    /** The baseline the detector uses for a series, fitted from the history before {@code now} if it has none. */
    public synchronized SeasonalBaseline baselineFor(SeriesKey key, Instant now) {
        return baseline(key, now.truncatedTo(ChronoUnit.MINUTES));
    }

    /** The baselines of many series at once: those not fitted yet read their history in a few batched queries. */
    public synchronized Map<SeriesKey, SeasonalBaseline> baselinesFor(Collection<SeriesKey> keys, Instant now) {
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
        prefetchHistories(keys, minute);
        Map<SeriesKey, SeasonalBaseline> out = new HashMap<>();
        for (SeriesKey key : keys) {
            out.put(key, baseline(key, minute));
        }
        prefetched.clear();
        return out;
    }

    /**
     * Reads in one go the hourly history of every series of {@code keys} that has no baseline yet, and of their
     * parents, so that fitting thousands of new series costs a few queries instead of two each.
     */
    private void prefetchHistories(Collection<SeriesKey> keys, Instant minute) {
        Set<SeriesKey> wanted = new HashSet<>();
        for (SeriesKey key : keys) {
            for (SeriesKey k = key; k != null && !baselines.containsKey(k); k = k.parent()) {
                wanted.add(k);
                if (k.parent() != null) {
                    wanted.add(k.parent()); // its share is measured against the parent's history
                }
            }
        }
        if (wanted.size() > 1) {
            Instant to = minute.truncatedTo(ChronoUnit.HOURS);
            prefetchedTo = to;
            prefetched.putAll(store.hourlyHistories(wanted, to.minus(Duration.ofDays(7L * settings.baselineWeeks())),
                    to));
            wanted.forEach(k -> prefetched.putIfAbsent(k, new OutageStore.HourlyHistory(to, new int[0])));
        }
    }

    private void initialise(Instant due) {
        Instant last = store.lastTick().orElse(due.minus(Duration.ofMinutes(1)));
        if (Duration.between(last, due).compareTo(MAX_CATCH_UP) > 0) {
            // The minutes skipped are not processed, but their hours still get their totals.
            Instant skippedTo = due.minus(MAX_CATCH_UP);
            for (Instant h = last.truncatedTo(ChronoUnit.HOURS); h.isBefore(skippedTo);
                    h = h.plus(Duration.ofHours(1))) {
                store.rollUpHour(h);
            }
            last = skippedTo;
        }
        // A roll-up cut short by the last stop is done again: the last complete hour, beside the first ticks.
        Instant lastHour = due.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
        lastHourTotals = hourTotals.submit(() -> store.rollUpHour(lastHour));
        detector = new Detector(settings);
        for (Instant m = last.minus(WARM_UP).plus(Duration.ofMinutes(1)); !m.isAfter(last);
                m = m.plus(Duration.ofMinutes(1))) {
            tick(m);
        }
        adopt();
        // A series the replay finds anomalous but whose episode already ended stays closed until it calms down.
        for (SeriesKey key : lastSeen.keySet()) {
            if (detector.stateOf(key.id()) != State.OK && !open.containsKey(key)) {
                Instant warmUpStart = last.minus(WARM_UP);
                store.lastClosed(key).filter(o -> o.endedAt().isAfter(warmUpStart)).ifPresent(o -> suppressed.add(key));
            }
        }
        lastMinute = last;
        spiking = spikingNow();
    }

    /**
     * Writes an hour's totals from its per-minute counts once it is over (the intake writes only minutes): after the
     * tick of its last minute, which runs {@link #GRACE} after the hour ended, on a thread of its own; the tick of the
     * next hour's first minute waits for it, so every baseline of that hour is fitted with it. Again five minutes
     * later, for reports still queued then (it only writes totals that differ).
     */
    private void rollUpHours(Instant minute) {
        int minuteOfHour = minute.atZone(ZoneOffset.UTC).getMinute();
        if (minuteOfHour == 59) {
            Instant hour = minute.truncatedTo(ChronoUnit.HOURS);
            lastHourTotals = hourTotals.submit(() -> store.rollUpHour(hour));
        } else if (minuteOfHour == 5) {
            Instant hour = minute.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
            hourTotals.submit(() -> store.rollUpHour(hour));
        }
    }

    /** Waits for the last hour's totals; if they failed, they are written here, in the tick (and the tick fails). */
    private void awaitHourTotals(Instant minute) {
        try {
            lastHourTotals.get();
        } catch (ExecutionException e) {
            log.warn("Summing an hour's totals failed; trying again in this tick", e.getCause());
            store.rollUpHour(minute.minus(Duration.ofHours(1)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an hour's totals", e);
        }
    }

    private Set<Integer> spikingNow() {
        Set<Integer> ids = new HashSet<>();
        open.keySet().forEach(k -> ids.add(k.serviceId()));
        return Set.copyOf(ids);
    }

    /** True while the service has a possible or confirmed outage anywhere: intake then asks for proof of work. */
    public boolean isSpiking(int serviceId) {
        return spiking.contains(serviceId);
    }

    /** Feeds one minute to the detector, with the baselines of every watched series. */
    private List<Decision> tick(Instant minute) {
        Map<SeriesKey, Integer> counts = store.countsAt(minute);
        counts.keySet().forEach(k -> lastSeen.put(k, minute));
        Catalog current = catalog.get();
        for (Service s : current.services()) {
            lastSeen.putIfAbsent(new SeriesKey(s.id(), SeriesKey.WORLD), minute);
        }
        lastSeen.entrySet().removeIf(e -> !e.getKey().isWorld() && !open.containsKey(e.getKey())
                && e.getValue().isBefore(minute.minus(KEEP_WATCHING))
                && detector.stateOf(e.getKey().id()) == State.OK);
        if (minute.getEpochSecond() % 86_400 == 0) {
            baselines.clear(); // refit every series at UTC midnight, as replay does
        }
        Map<String, Observation> observations = new TreeMap<>();
        List<SeriesKey> watched = sortedWorldFirst(lastSeen.keySet());
        prefetchHistories(watched, minute);
        for (SeriesKey key : watched) {
            SeasonalBaseline baseline = baseline(key, minute);
            observations.put(key.id(), new Observation(counts.getOrDefault(key, 0), baseline.expectedPerMinute(minute),
                    baseline.overdispersion()));
        }
        prefetched.clear();
        lastSeriesCount = observations.size();
        return detector.tick(minute, observations);
    }

    /** World series first, then countries, then regions, so that a parent is fitted before its children. */
    private static List<SeriesKey> sortedWorldFirst(Set<SeriesKey> keys) {
        List<SeriesKey> sorted = new ArrayList<>(keys);
        sorted.sort((a, b) -> {
            int depth = Integer.compare(depth(a), depth(b));
            return depth != 0 ? depth : a.compareTo(b);
        });
        return sorted;
    }

    private static int depth(SeriesKey k) {
        return k.isWorld() ? 0 : k.area().contains("-") ? 2 : 1;
    }

    private SeasonalBaseline baseline(SeriesKey key, Instant minute) {
        SeasonalBaseline known = baselines.get(key);
        if (known == null) {
            known = fit(key, minute);
            baselines.put(key, known);
        }
        return known;
    }

    /**
     * Fits a series' baseline from the complete hours before {@code minute}; a country or region borrows from its
     * parent, scaled by its share of the parent's history, while its own history is short.
     */
    private SeasonalBaseline fit(SeriesKey key, Instant minute) {
        Instant to = minute.truncatedTo(ChronoUnit.HOURS);
        Instant from = to.minus(Duration.ofDays(7L * settings.baselineWeeks()));
        OutageStore.HourlyHistory history = history(key, from, to);
        SeasonalBaseline prior = null;
        SeriesKey parent = key.parent();
        if (parent != null) {
            SeasonalBaseline parentBaseline = baseline(parent, minute);
            // The share is measured over the hours the series itself has been counted, not the parent's longer past.
            long own = sum(history.counts());
            long whole = sumSince(history(parent, from, to), history.firstHour());
            double share = whole > 0 ? Math.max(0.001, (double) own / whole) : 0.05;
            prior = parentBaseline.scaled(Math.min(1, share));
        } else if (history.counts().length > 0) {
            // A world series borrows from its own average rate while its history is short, not from zero.
            prior = SeasonalBaseline.flat(Math.max(settings.floorRate(), sum(history.counts()) / (60.0 * history.counts().length)), 1);
        }
        return SeasonalBaseline.fit(history.firstHour(), history.counts(), prior, settings);
    }

    /** A series' history, from this tick's batched read when it has one. */
    private OutageStore.HourlyHistory history(SeriesKey key, Instant from, Instant to) {
        OutageStore.HourlyHistory h = to.equals(prefetchedTo) ? prefetched.get(key) : null;
        return h != null ? h : store.hourlyHistory(key, from, to);
    }

    /** The total of the hours of {@code h} from {@code since} on. */
    private static long sumSince(OutageStore.HourlyHistory h, Instant since) {
        long skip = Math.max(0, (since.getEpochSecond() - h.firstHour().getEpochSecond()) / 3600);
        long s = 0;
        for (int i = (int) Math.min(skip, h.counts().length); i < h.counts().length; i++) {
            s += h.counts()[i];
        }
        return s;
    }

    private static long sum(int[] counts) {
        long s = 0;
        for (int c : counts) {
            s += c;
        }
        return s;
    }

    /** Takes what is open from the database, as the node that wrote the last tick left it. */
    private void adopt() {
        OutageStore.View view = store.view();
        open.clear();
        view.open().forEach(o -> open.put(new SeriesKey(o.serviceId(), o.scope()), o));
        basedOn = view.lastTick();
        statusWritten.clear(); // the other node's statuses are not known here: rewrite them all on taking over
        stale = false;
        openCount = open.size();
        spiking = spikingNow();
    }

    private void process(Instant minute) {
        if (stale) {
            adopt();
        }
        if (minute.equals(minute.truncatedTo(ChronoUnit.HOURS))) {
            awaitHourTotals(minute);
        }
        List<Decision> decisions = tick(minute);
        Map<SeriesKey, Outage> changed = new TreeMap<>();
        List<OutageChange> events = new ArrayList<>();
        List<ServiceStatus> statuses = new ArrayList<>();
        Map<Integer, List<String>> affectedAreas = new HashMap<>();
        boolean anyAnomalous = decisions.stream().anyMatch(d -> d.state() != State.OK);
        Map<SeriesKey, Integer> works = anyAnomalous ? store.worksCounts(
                minute.minus(Duration.ofMinutes(settings.windowMinutes() - 1)), minute.plus(Duration.ofMinutes(1)))
                : Map.of();
        Map<SeriesKey, Integer> recent = null;
        for (Decision d : decisions) {
            SeriesKey key = SeriesKey.parse(d.key());
            boolean anomalous = d.state() != State.OK && !suppressed.contains(key);
            if (d.state() == State.OK) {
                suppressed.remove(key);
            }
            int worksHere = works.getOrDefault(key, 0);
            if (anomalous && open.containsKey(key) && worksHere > d.windowObserved()) {
                if (recent == null) {
                    recent = store.windowCounts(null, minute.minus(Duration.ofMinutes(halfQuiet() - 1)),
                            minute.plus(Duration.ofMinutes(1)));
                }
                double expectedRecent = d.windowExpected() * halfQuiet() / settings.windowMinutes();
                boolean calm = recent.getOrDefault(key, 0) < 2 * expectedRecent;
                int held = calm ? worksBacked.merge(key, 1, Integer::sum) : 0;
                if (held >= WORKS_END_TICKS) {
                    anomalous = false; // ended sooner on the evidence of "works for me"; quiet until the detector agrees
                    suppressed.add(key);
                }
                if (!calm) {
                    worksBacked.remove(key);
                }
            } else {
                worksBacked.remove(key);
            }
            if (key.isWorld()) {
                ServiceStatus status = new ServiceStatus(key.serviceId(),
                        anomalous ? stateOf(d.state()) : Outage.State.RESOLVED, (int) d.windowObserved(),
                        Math.round(d.windowExpected() * 10) / 10.0, minute);
                ServiceStatus written = statusWritten.get(key.serviceId());
                if (written == null || written.state() != status.state() || written.observed() != status.observed()
                        || written.expected() != status.expected()) {
                    statuses.add(status); // unchanged statuses are not rewritten every minute
                }
            } else if (anomalous && !(worksHere >= WORKS_MIN && worksHere >= WORKS_DOMINANCE * d.windowObserved())) {
                // An area where "works for me" clearly dominates is not counted among an outage's regions.
                affectedAreas.computeIfAbsent(key.serviceId(), k -> new ArrayList<>()).add(key.area());
            }
            Outage before = open.get(key);
            if (anomalous) {
                Outage after = before == null ? opened(key, d, minute) : updated(before, d, minute);
                changed.put(key, after);
                if (before == null) {
                    events.add(new OutageChange(after.state() == Outage.State.OUTAGE ? OutageChange.Kind.CONFIRMED
                            : OutageChange.Kind.OPENED, after));
                } else if (before.state() != after.state()) {
                    events.add(new OutageChange(OutageChange.Kind.CONFIRMED, after));
                } else if (after.peakObserved() != before.peakObserved()) {
                    events.add(new OutageChange(OutageChange.Kind.UPDATED, after));
                }
            } else if (before != null) {
                boolean early = worksBacked.remove(key) != null;
                Outage after = closed(before, minute, early ? halfQuiet() : settings.quietMinutes());
                changed.put(key, after);
                events.add(new OutageChange(after.state() == Outage.State.RESOLVED ? OutageChange.Kind.RESOLVED
                        : OutageChange.Kind.DISMISSED, after));
            }
        }
        Map<SeriesKey, List<String>> under = affectedUnder(affectedAreas);
        changed.replaceAll((key, o) -> o.isOpen() ? withRegions(o, key, under) : o);
        if (!store.commitTick(minute, basedOn, List.copyOf(changed.values()), statuses, events)) {
            // Another node wrote this minute, or is writing it: adopt its view of what is open now and again before
            // the next minute, when its commit is surely visible.
            ticksSkipped.incrementAndGet();
            adopt();
            stale = true;
            return;
        }
        ticksWritten.incrementAndGet();
        basedOn = Optional.of(minute);
        statuses.forEach(st -> statusWritten.put(st.serviceId(), st));
        changed.forEach((key, o) -> {
            if (o.isOpen()) {
                open.put(key, o);
            } else {
                open.remove(key);
            }
        });
        openCount = open.size();
        spiking = spikingNow();
        for (OutageChange e : events) {
            for (Consumer<OutageChange> listener : listeners) {
                try {
                    listener.accept(e);
                } catch (RuntimeException ex) {
                    log.warn("An outage listener failed", ex);
                }
            }
        }
    }

    private static Outage.State stateOf(State s) {
        return switch (s) {
            case OK -> Outage.State.RESOLVED;
            case POSSIBLE -> Outage.State.POSSIBLE;
            case OUTAGE -> Outage.State.OUTAGE;
        };
    }

    private Outage opened(SeriesKey key, Decision d, Instant minute) {
        Instant onset = d.onset() != null && d.onset().isBefore(minute) ? d.onset() : minute;
        int reporters = (int) sum(store.minuteCounts(key, onset, minute.plus(Duration.ofMinutes(1))));
        Outage.State state = stateOf(d.state());
        String slug = catalog.get().byId(key.serviceId()).map(Service::slug).orElse("?");
        return new Outage(UUID.randomUUID(), key.serviceId(), slug, key.area(), state, onset, minute,
                state == Outage.State.OUTAGE ? minute : null, null, minute, minute, (int) d.windowObserved(),
                d.windowExpected(), reporters, store.problemShares(key, onset, minute.plus(Duration.ofMinutes(1))),
                List.of());
    }

    private Outage updated(Outage o, Decision d, Instant minute) {
        Outage.State state = o.state() == Outage.State.OUTAGE ? Outage.State.OUTAGE : stateOf(d.state());
        Instant confirmedAt = o.confirmedAt() == null && state == Outage.State.OUTAGE ? minute : o.confirmedAt();
        boolean peak = d.windowObserved() > o.peakObserved();
        return new Outage(o.id(), o.serviceId(), o.service(), o.scope(), state, o.startedAt(), o.detectedAt(),
                confirmedAt, null, minute, peak ? minute : o.peakAt(), peak ? (int) d.windowObserved() : o.peakObserved(),
                peak ? d.windowExpected() : o.peakExpected(), o.reporters() + (int) d.observed(),
                store.problemShares(new SeriesKey(o.serviceId(), o.scope()), o.startedAt(), minute.plus(Duration.ofMinutes(1))),
                o.regions());
    }

    /**
     * Ending on "works for me", conservatively: an open episode ends one half quiet period sooner than the detector
     * would end it when, at {@link #WORKS_END_TICKS} consecutive ticks, more people said it works than reported a
     * problem over the explanation window, and the problem reports of the last half quiet period are under twice the
     * usual. The series then stays quiet until the detector agrees, so the episode is not reopened at once.
     */
    private int halfQuiet() {
        return Math.max(1, settings.quietMinutes() / 2);
    }

    /** Ends an episode: the detector needs a quiet stretch to say so, so the end is put at its start. */
    private Outage closed(Outage o, Instant minute, int quietMinutes) {
        Instant end = minute.minus(Duration.ofMinutes(Math.max(0, quietMinutes - 1)));
        Instant floor = o.confirmedAt() != null ? o.confirmedAt() : o.detectedAt();
        if (end.isBefore(floor)) {
            end = floor;
        }
        Outage.State state = o.state() == Outage.State.OUTAGE ? Outage.State.RESOLVED : Outage.State.DISMISSED;
        return new Outage(o.id(), o.serviceId(), o.service(), o.scope(), state, o.startedAt(), o.detectedAt(),
                o.confirmedAt(), end, minute, o.peakAt(), o.peakObserved(), o.peakExpected(), o.reporters(),
                o.problems(), o.regions());
    }

    /**
     * The affected areas under each world and country series, sorted, computed once per tick: the world lists every
     * affected area of its service, a country its regions. Linear in the affected areas, however many outages change.
     */
    private static Map<SeriesKey, List<String>> affectedUnder(Map<Integer, List<String>> affected) {
        Map<SeriesKey, List<String>> under = new HashMap<>();
        affected.forEach((service, areas) -> {
            List<String> sorted = areas.stream().sorted().toList();
            under.put(new SeriesKey(service, SeriesKey.WORLD), sorted);
            for (String area : sorted) {
                int dash = area.indexOf('-');
                if (dash > 0) {
                    under.computeIfAbsent(new SeriesKey(service, area.substring(0, dash)), k -> new ArrayList<>())
                            .add(area);
                }
            }
        });
        return under;
    }

    private static Outage withRegions(Outage o, SeriesKey key, Map<SeriesKey, List<String>> under) {
        List<String> regions = key.isWorld() || !key.area().contains("-")
                ? under.getOrDefault(key, List.of()) : List.of();
        return new Outage(o.id(), o.serviceId(), o.service(), o.scope(), o.state(), o.startedAt(), o.detectedAt(),
                o.confirmedAt(), o.endedAt(), o.updatedAt(), o.peakAt(), o.peakObserved(), o.peakExpected(),
                o.reporters(), o.problems(), regions);
    }

    @Override
    public void close() {
        closing = true;
        hourTotals.shutdownNow(); // a roll-up cut short is rolled back, and done again by the next start
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        try {
            hourTotals.awaitTermination(5, TimeUnit.SECONDS);
            if (scheduler != null) {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
