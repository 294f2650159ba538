package io.outcry.outage;

import io.outcry.catalog.Catalog;
import io.outcry.catalog.Service;
import io.outcry.counts.CountStore;
import io.outcry.counts.SeriesKey;
import io.outcry.detect.Decision;
import io.outcry.detect.Detector;
import io.outcry.detect.DetectorSettings;
import io.outcry.detect.Observation;
import io.outcry.detect.RegionalScan;
import io.outcry.detect.SeasonalBaseline;
import io.outcry.detect.State;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the detector once per elapsed minute: reads the minute's counts and the {@link Baselines}, ticks the detector,
 * raises each service's regions to what a {@link RegionalScan} over them finds (the scan counts a region's largest
 * network as one reporter), reads what the {@link OutageLifecycle} needs, commits what it decides, and publishes it.
 * Every minute is processed once, in order; after a restart or downtime the job replays the hours before its last
 * tick silently to rebuild the detector's state, then catches up minute by minute without reopening outages.
 */
public final class DetectionJob implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DetectionJob.class);
    /** Reports of a minute are committed within this delay after it ends. */
    private static final Duration GRACE = Duration.ofSeconds(2);
    /** Hours replayed silently at start to rebuild the detector's charts. */
    static final Duration WARM_UP = Duration.ofHours(3);
    /** After a longer downtime, the minutes before this are not replayed one by one. */
    static final Duration MAX_CATCH_UP = Duration.ofHours(24);
    /** A wall clock set back by more than this is followed back; a smaller step is waited out. */
    static final Duration STEP_BACK = Duration.ofMinutes(2);
    /** A regional series stays watched this long after its last report. */
    private static final Duration KEEP_WATCHING = Duration.ofHours(6);

    private final OutageStore store;
    private final CountStore counts;
    private final Baselines baselines;
    private final Supplier<Catalog> catalog;
    private final Clock clock;
    private final DetectorSettings settings;
    private final Duration period;
    private final OutageLifecycle lifecycle;
    private final List<Consumer<OutageChange>> listeners = new CopyOnWriteArrayList<>();

    private Detector detector;
    private final RegionalScan regional;
    private final Map<SeriesKey, Instant> lastSeen = new HashMap<>();
    private Instant lastMinute;
    /** The last tick in the database the lifecycle's open outages reflect; a tick built on an older one is refused. */
    private Optional<Instant> basedOn = Optional.empty();
    /** True after another node wrote a tick: re-read what is open before the next one. */
    private boolean stale;
    private final AtomicLong ticksWritten = new AtomicLong();
    private final AtomicLong ticksSkipped = new AtomicLong();
    private volatile int openCount;
    /** Services with an open outage of any scope, read by intake without taking the job's lock. */
    private volatile Set<Integer> spiking = Set.of();
    /** The detector's state of each country and region series that is not OK, after the last minute processed. */
    private volatile Map<SeriesKey, State> areaStates = Map.of();
    /** The countries judged as regions are (see {@link #isSparse}), as of the last minute processed. */
    private volatile Set<String> sparseCountries = Set.of();
    /** The series the detector watched in its last minute. */
    private volatile Set<SeriesKey> watched = Set.of();
    private volatile Instant lastTickAt;
    private volatile long lastTickNanos;
    private volatile int lastSeriesCount;
    private volatile long minutesProcessed;
    private ScheduledExecutorService scheduler;
    private volatile boolean closing;

    public DetectionJob(OutageStore store, CountStore counts, Baselines baselines, Supplier<Catalog> catalog,
            Clock clock, DetectorSettings settings, Duration period) {
        this.store = store;
        this.counts = counts;
        this.baselines = baselines;
        this.catalog = catalog;
        this.clock = clock;
        this.settings = settings;
        this.period = period;
        this.regional = new RegionalScan(settings);
        this.lifecycle = new OutageLifecycle(settings,
                id -> catalog.get().byId(id).map(Service::slug).orElse("?"));
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
        baselines.listening(clock.instant());
        Instant due = clock.instant().minus(GRACE).truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(1));
        if (lastMinute != null && due.isBefore(lastMinute.minus(STEP_BACK))) {
            // The wall clock was set back: minutes follow it, as the reports' times do, and the detector starts again
            // from there as after a restart, instead of waiting for the clock to reach its last minute again.
            log.warn("The clock went back from {} to {}: the detector goes back with it", lastMinute, due);
            store.rewindTicks(due.minus(Duration.ofMinutes(1)));
            detector = null;
            lastSeen.clear();
        }
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

    private void initialise(Instant due) {
        Instant last = store.lastTick().orElse(due.minus(Duration.ofMinutes(1)));
        if (Duration.between(last, due).compareTo(MAX_CATCH_UP) > 0) {
            last = due.minus(MAX_CATCH_UP); // the minutes before are not processed (their hours are rolled up)
        }
        detector = new Detector(settings, 1, this::isSparse, DetectionJob::worldOf);
        for (Instant m = last.minus(WARM_UP).plus(Duration.ofMinutes(1)); !m.isAfter(last);
                m = m.plus(Duration.ofMinutes(1))) {
            tick(m);
        }
        adopt();
        // The replay rebuilds the charts of what is open and teaches every series its level and variability; the
        // evidence of everything else starts again from zero, so that only minutes processed from now on can open an
        // episode, never the replayed past: on a restart those minutes were judged already, on a first start they
        // come before the node.
        for (SeriesKey key : lastSeen.keySet()) {
            if (!lifecycle.isOpenAtOrAbove(key)) {
                detector.restart(key.id());
                regional.restart(key.id());
            }
        }
        lastMinute = last;
    }

    /**
     * A sparse series, whose long windows the regional scan judges: a region, or a country whose usual level (as of the
     * day's fit) is too low for its own series rule ({@link Baselines#sparseCountries}; {@link Detector} on a change).
     */
    private boolean isSparse(String id) {
        return isRegion(id) || sparseCountries.contains(id);
    }

    /** A region of a country. */
    static boolean isRegion(String id) {
        return id.indexOf('-', id.indexOf('|')) > 0;
    }

    /** The family of a series: its service's world-wide series. */
    static String worldOf(String id) {
        return id.substring(0, id.indexOf('|') + 1) + SeriesKey.WORLD;
    }

    /**
     * The series the detector watched in its last minute: every service's world-wide series, and each country and
     * region with a report in the last hours or an open outage. Their usual levels are fitted already.
     */
    public Set<SeriesKey> watched() {
        return watched;
    }

    /** The detector's state of each country and region series that is not OK after the last minute processed. */
    public Map<SeriesKey, State> areaStates() {
        return areaStates;
    }

    private static Map<SeriesKey, State> areaStates(List<Decision> decisions) {
        Map<SeriesKey, State> states = new HashMap<>();
        for (Decision d : decisions) {
            SeriesKey key = SeriesKey.parse(d.key());
            if (d.state() != State.OK && !key.isWorld()) {
                states.put(key, d.state());
            }
        }
        return Map.copyOf(states);
    }

    /** True while the service has a possible or confirmed outage anywhere: intake then asks for proof of work. */
    public boolean isSpiking(int serviceId) {
        return spiking.contains(serviceId);
    }

    /** Feeds one minute to the detector, with the baselines of every watched series. */
    private List<Decision> tick(Instant minute) {
        Map<SeriesKey, Integer> reporters = counts.countsAt(minute);
        reporters.keySet().forEach(k -> lastSeen.put(k, minute));
        for (Service s : catalog.get().services()) {
            lastSeen.putIfAbsent(new SeriesKey(s.id(), SeriesKey.WORLD), minute);
        }
        lastSeen.entrySet().removeIf(e -> !e.getKey().isWorld() && !lifecycle.isOpen(e.getKey())
                && e.getValue().isBefore(minute.minus(KEEP_WATCHING))
                && detector.stateOf(e.getKey().id()) == State.OK);
        List<SeriesKey> watched = sortedWorldFirst(lastSeen.keySet());
        this.watched = Set.copyOf(watched);
        Map<SeriesKey, SeasonalBaseline> fitted = baselines.of(watched, minute);
        Map<String, Observation> observations = new TreeMap<>();
        for (SeriesKey key : watched) {
            SeasonalBaseline baseline = fitted.get(key);
            observations.put(key.id(), new Observation(reporters.getOrDefault(key, 0),
                    baseline.expectedPerMinute(minute), baseline.overdispersion(), baseline.supportAt(minute)));
        }
        lastSeriesCount = observations.size();
        sparseCountries = baselines.sparseCountries(fitted, sparseCountries);
        List<Decision> decisions = detector.tick(minute, observations);
        if (!baselines.hasListenedADay(minute)) {
            return decisions; // a region's level is not known yet: see Baselines.hasListenedADay
        }
        Instant end = minute.plus(Duration.ofMinutes(1));
        return regional.apply(minute, decisions, detector, id -> isSparse(id) ? id.substring(0, id.indexOf('|')) : null,
                (service, ids, minutes) -> store.largestSubnet(Integer.parseInt(service),
                        ids.stream().map(id -> SeriesKey.parse(id).area()).toList(), end.minus(Duration.ofMinutes(minutes)),
                        end));
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

    /** Takes what is open from the database, as the node that wrote the last tick left it. */
    private void adopt() {
        OutageStore.View view = store.view(lifecycle.tailWindow());
        lifecycle.adopt(view.open(), view.recentlyClosed());
        basedOn = view.lastTick();
        stale = false;
        published();
    }

    private void published() {
        openCount = lifecycle.openCount();
        spiking = lifecycle.spiking();
    }

    private void process(Instant minute) {
        if (stale) {
            adopt();
        }
        List<Decision> decisions = tick(minute);
        areaStates = areaStates(decisions);
        OutageLifecycle.Inputs inputs = inputs(minute, decisions);
        OutageLifecycle.Changes changes = lifecycle.step(minute, decisions, inputs);
        if (!store.commitTick(minute, basedOn, List.copyOf(changes.outages().values()), changes.statuses(),
                changes.events(), changes.merged().values())) {
            // Another node wrote this minute, or is writing it: adopt its view of what is open now and again before
            // the next minute, when its commit is surely visible.
            ticksSkipped.incrementAndGet();
            adopt();
            stale = true;
            return;
        }
        ticksWritten.incrementAndGet();
        basedOn = Optional.of(minute);
        lifecycle.committed(changes);
        published();
        for (OutageChange e : changes.events()) {
            for (Consumer<OutageChange> listener : listeners) {
                try {
                    listener.accept(e);
                } catch (RuntimeException ex) {
                    log.warn("An outage listener failed", ex);
                }
            }
        }
    }

    /** What the lifecycle needs from the database this minute, in one read per kind; nothing while all is calm. */
    private OutageLifecycle.Inputs inputs(Instant minute, List<Decision> decisions) {
        Map<SeriesKey, Instant> starts = lifecycle.startsOf(decisions, minute);
        if (starts.isEmpty()) {
            return OutageLifecycle.Inputs.NONE;
        }
        Instant end = minute.plus(Duration.ofMinutes(1));
        int halfQuiet = Math.max(1, settings.quietMinutes() / 2);
        Map<SeriesKey, Double> overdispersion = new HashMap<>();
        Map<SeriesKey, Double> usual = new HashMap<>();
        Instant halfHourAgo = end.minus(Duration.ofMinutes(OutageLifecycle.EVIDENCE_MINUTES));
        baselines.of(starts.keySet(), minute).forEach((key, b) -> {
            overdispersion.put(key, b.overdispersion());
            usual.put(key, b.expectedBetween(halfHourAgo, end));
        });
        return new OutageLifecycle.Inputs(
                counts.worksCounts(minute.minus(Duration.ofMinutes(settings.windowMinutes() - 1)), end),
                counts.windowCounts(null, minute.minus(Duration.ofMinutes(halfQuiet - 1)), end),
                store.problemShares(starts, end),
                counts.reportersSince(starts, end),
                counts.windowCounts(null, minute.minus(Duration.ofMinutes(OutageLifecycle.EVIDENCE_MINUTES - 1)), end),
                usual, overdispersion);
    }

    @Override
    public void close() {
        closing = true;
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
