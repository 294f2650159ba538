package io.outcry.demo;

import io.outcry.catalog.Catalog;
import io.outcry.catalog.ProblemKind;
import io.outcry.catalog.Service;
import io.outcry.report.Location;
import io.outcry.report.NewReport;
import io.outcry.report.ReportWriter;
import io.outcry.report.TimeOrderedIds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Demo mode: fills an empty database with two weeks of realistic history for the whole catalog, then keeps sending
 * live reports through the real intake, with outages played now and then at every level — one service world-wide, one
 * access provider in its country, one service in one region — so a newcomer sees Outcry detect something within
 * minutes. Every demo report is marked.
 */
public final class DemoJob implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DemoJob.class);
    static final int HISTORY_DAYS = 14;
    /**
     * Regions get one week of hourly history (every hour of the week once), countries and the world two: a region's
     * baseline leans on its share of its country while its history is short, and a week of every region of every
     * service is already most of the rows the demo writes.
     */
    static final int REGION_HISTORY_DAYS = 7;
    private static final Duration FIRST_OUTAGE_AFTER = Duration.ofMinutes(1);
    private static final Duration BETWEEN_OUTAGES = Duration.ofMinutes(40);
    /** Where the demo plays its regional outages: regions with a share of the traffic large enough to show. */
    private static final List<String> REGIONS = List.of("FR-IDF", "US-CA", "US-NY", "FR-ARA");
    /**
     * The fewest extra people a minute a played regional outage brings to its region. Ten times a region's usual
     * reports is a handful of people an hour at night, where no rule can tell it from chance; a local outage a newcomer
     * should see brings one more person a minute at least, as a real one does at busy hours. The regional scan's rates
     * are shared by the 15 to 40 regions a popular service is watched in, and a node that just started judges a region
     * over its last 15 minutes only: there, one person every two minutes (a few, as the draws clump) is not always
     * beyond chance.
     */
    private static final double REGIONAL_EXCESS_PER_MINUTE = 1;

    private final Supplier<Catalog> catalog;
    private final ReportWriter writer;
    private final DemoStore store;
    private final Clock clock;
    private final Random random = new Random(2026);
    private ScheduledExecutorService scheduler;
    private final CompletableFuture<Void> history = new CompletableFuture<>();
    private final AtomicLong written = new AtomicLong();
    private volatile long total;
    private Thread historyThread;
    private volatile boolean closed;
    private Instant startedAt;
    private Instant last;
    private final List<Injected> injected = new java.util.ArrayList<>();

    /**
     * An outage the demo plays: a service, where ({@code null} everywhere, a country code, or a region code), how many
     * times its usual reports, from when to when.
     */
    record Injected(String slug, String area, double factor, Instant from, Instant to) {
        boolean isRegion() {
            return area != null && area.contains("-");
        }
    }

    public DemoJob(Supplier<Catalog> catalog, ReportWriter writer, DemoStore store, Clock clock) {
        this.catalog = catalog;
        this.writer = writer;
        this.store = store;
        this.clock = clock;
    }

    /**
     * Writes the history on a thread of its own when the database has none, so the node serves at once (the history
     * takes from half a minute to minutes to write), with its progress in the log and in {@link #historyProgress};
     * then runs {@code then} and starts the live reports. {@link #history()} completes when all that is done.
     */
    public void startAfterHistory(Runnable then) {
        Optional<Span> span = historyToWrite();
        historyThread = Thread.ofPlatform().name("demo-history").daemon().start(() -> {
            try {
                if (span.isPresent()) {
                    Span s = span.get();
                    if (s.fresh()) {
                        store.deleteCountsBefore(s.to()); // what a start stopped half-way left
                    } else {
                        store.deleteCountsFrom(s.from()); // what a fill stopped half-way left
                    }
                    writeHistory(s.from(), s.to());
                    store.heard(s.from(), s.to());
                    store.finish(clock.instant());
                }
                synchronized (this) {
                    if (!closed) {
                        then.run();
                        start();
                    }
                }
                history.complete(null);
            } catch (RuntimeException e) {
                history.completeExceptionally(e);
                if (!closed) {
                    log.error("The demo's history could not be written", e);
                }
            }
        });
    }

    /** History to write: from a minute to the minute it ends; fresh when it is the whole history. */
    private record Span(Instant from, Instant to, boolean fresh) {}

    /**
     * The history to write, recorded before the node serves (a database of real reports never gets here:
     * {@link DemoStore#mixing}). A history begun and not finished (the node was stopped or killed while writing it) is
     * written again, from the start. A demo started again after a pause of an hour or more writes the hours of the
     * pause, at most {@link #HISTORY_DAYS} days of them: its world went on meanwhile, and without them its usual levels
     * would count the pause as silence, and the live reports as a crowd (after a week's pause, the outages played showed
     * as 18 records, a country or a region each, instead of 2).
     */
    private Optional<Span> historyToWrite() {
        Optional<DemoStore.Begun> begun = store.begun();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        Instant earliest = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(24))
                .minus(Duration.ofDays(HISTORY_DAYS));
        if (begun.isPresent() && begun.get().finished()) {
            Instant from = store.lastCounted().map(l -> l.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1)))
                    .filter(f -> f.isAfter(earliest)).orElse(earliest);
            if (!from.isBefore(now.truncatedTo(ChronoUnit.HOURS))) {
                return Optional.empty();
            }
            log.info("Demo: writing the history of the {} hours since it last ran",
                    Duration.between(from, now).toHours());
            store.begin(now);
            return Optional.of(new Span(from, now, false));
        }
        begun.ifPresent(b -> log.warn("The demo's history ending at {} was not all written (the node stopped while"
                + " writing it): it is written again", b.to()));
        store.begin(now);
        log.info("Demo: writing {} days of history in the background; the node serves meanwhile", HISTORY_DAYS);
        return Optional.of(new Span(earliest, now, true));
    }

    /** Completes once the history is written (or was there already) and the live reports have started. */
    public CompletableFuture<Void> history() {
        return history;
    }

    /** Counts of the history written so far, and in all; both 0 when there is none to write. */
    public record Progress(long written, long total) {
        public int percent() {
            return total == 0 ? 0 : (int) (written * 100 / total);
        }
    }

    public Progress historyProgress() {
        return new Progress(written.get(), total);
    }

    /**
     * Writes the history from the hour {@code from} to the minute {@code to}: every level the node reports on (world
     * and countries, and regions over the last {@link #REGION_HISTORY_DAYS}), hourly totals and, over the last day,
     * minute counts; each country the sum of its regions' draws and the world the sum of its countries', as distinct
     * reporters add up when each is in one place.
     */
    void writeHistory(Instant from, Instant to) {
        Instant lastDay = to.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(24));
        Instant minutesFrom = from.isAfter(lastDay) ? from : lastDay;
        Instant hoursFrom = from;
        Map<DemoStore.Key, Integer> hours = new HashMap<>();
        Map<DemoStore.Key, Integer> minutes = new HashMap<>();
        Instant regionsFrom = minutesFrom.minus(Duration.ofDays(REGION_HISTORY_DAYS));
        for (Service s : catalog.get().services()) {
            for (Instant h = hoursFrom; h.isBefore(minutesFrom); h = h.plus(Duration.ofHours(1))) {
                spread(s, h, 60, DemoTraffic.rate(s, h.plus(Duration.ofMinutes(30))), hours, !h.isBefore(regionsFrom));
            }
            for (Instant m = minutesFrom; m.isBefore(to); m = m.plus(Duration.ofMinutes(1))) {
                Map<DemoStore.Key, Integer> minute = new HashMap<>();
                spread(s, m, 1, DemoTraffic.rate(s, m), minute, true);
                minute.forEach((k, n) -> {
                    minutes.merge(k, n, Integer::sum);
                    hours.merge(new DemoStore.Key(k.serviceId(), k.area(), k.at().truncatedTo(ChronoUnit.HOURS)), n,
                            Integer::sum);
                });
            }
        }
        total = hours.size() + minutes.size();
        store.hours(hours, this::written);
        store.minutes(minutes, this::written);
        log.info("Demo history written: {} hourly and {} per-minute counts over {} hours", hours.size(),
                minutes.size(), Duration.between(from, to).toHours());
    }

    /** Logs the progress at every tenth of the history; stops the writing when the node is closing. */
    private void written(int rows) {
        if (closed) {
            throw new CancellationException("the node is stopping");
        }
        long before = written.getAndAdd(rows);
        if ((before + rows) * 10 / total > before * 10 / total) {
            log.info("Demo history: {}% written ({} of {} counts)", (before + rows) * 100 / total, before + rows, total);
        }
    }

    /** Splits one period's draws over countries and, when {@code withRegions}, their regions, adding to {@code into}. */
    private void spread(Service s, Instant at, int minutes, double perMinute, Map<DemoStore.Key, Integer> into,
            boolean withRegions) {
        for (Map.Entry<String, Double> c : DemoTraffic.countries(s).entrySet()) {
            int n = DemoTraffic.draw(random, perMinute * minutes * c.getValue());
            if (n == 0) {
                continue;
            }
            into.merge(new DemoStore.Key(s.id(), "*", at), n, Integer::sum);
            into.merge(new DemoStore.Key(s.id(), c.getKey(), at), n, Integer::sum);
            Map<String, Double> regions = withRegions ? DemoTraffic.regions(c.getKey()) : Map.of();
            for (int i = 0; i < n && !regions.isEmpty(); i++) {
                into.merge(new DemoStore.Key(s.id(), DemoTraffic.pick(random, regions), at), 1, Integer::sum);
            }
        }
    }

    /** The regional outages played so far and still remembered (the last hour's): service, region, from, to. */
    synchronized List<Injected> playedInRegions() {
        return injected.stream().filter(Injected::isRegion).toList();
    }

    /** An outage the demo plays world-wide: which service, from when to when. */
    public record Played(String slug, Instant from, Instant to) {}

    /** The world-wide outages played so far and still remembered (the last hour's), for the demo's official page. */
    public synchronized List<Played> played() {
        return injected.stream().filter(o -> o.area() == null).map(o -> new Played(o.slug(), o.from(), o.to()))
                .toList();
    }

    /** Starts sending live reports, one batch a second. */
    private synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("demo").daemon()
                .unstarted(r));
        scheduler.scheduleAtFixedRate(() -> {
            try {
                step();
            } catch (RuntimeException e) {
                log.warn("Demo traffic step failed", e);
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * Sends the reports of the time elapsed since the last step; tests with a hand-driven clock call it directly.
     *
     * @return done once every report the queue took so far is committed (the writer commits in order): a test that
     *     moves the clock faster than the writer commits waits for it before the detector reads the minute
     */
    public synchronized CompletableFuture<?> step() {
        Instant now = clock.instant();
        if (startedAt == null) {
            startedAt = now;
            last = now;
        }
        double seconds = Duration.between(last, now).toMillis() / 1000.0;
        last = now;
        planOutages(now);
        CompletableFuture<?> committed = CompletableFuture.completedFuture(null);
        Catalog current = catalog.get();
        for (Service s : current.services()) {
            for (Map.Entry<String, Double> c : DemoTraffic.countries(s).entrySet()) {
                double factor = factor(s, c.getKey(), now);
                int n = DemoTraffic.draw(random, DemoTraffic.rate(s, now) / 60 * seconds * c.getValue() * factor);
                for (int i = 0; i < n; i++) {
                    committed = send(current, s, c.getKey(), null, factor > 1, now).orElse(committed);
                }
            }
        }
        // A regional outage adds its excess in its region only; the region's country and the world count it too.
        for (Injected o : injected) {
            if (!o.isRegion() || now.isBefore(o.from()) || !now.isBefore(o.to())) {
                continue;
            }
            Service s = current.bySlug(o.slug()).orElse(null);
            String country = o.area().substring(0, o.area().indexOf('-'));
            Double countryShare = s == null ? null : DemoTraffic.countries(s).get(country);
            Double regionShare = DemoTraffic.regions(country).get(o.area());
            if (countryShare == null || regionShare == null) {
                continue;
            }
            double usual = DemoTraffic.rate(s, now) / 60 * seconds * countryShare * regionShare;
            double excess = Math.max(usual * (o.factor() - 1), REGIONAL_EXCESS_PER_MINUTE / 60 * seconds);
            int n = DemoTraffic.draw(random, excess);
            for (int i = 0; i < n; i++) {
                committed = send(current, s, country, o.area(), true, now).orElse(committed);
            }
        }
        return committed;
    }

    private double factor(Service s, String country, Instant now) {
        double f = 1;
        for (Injected o : injected) {
            if (o.slug().equals(s.slug()) && (o.area() == null || o.area().equals(country))
                    && !now.isBefore(o.from()) && now.isBefore(o.to())) {
                f = Math.max(f, o.factor());
            }
        }
        return f;
    }

    /**
     * Three outages at a time, one at each level the node reports on: a popular service world-wide, an access provider
     * in its country, another popular service in one region; then three more later.
     */
    private void planOutages(Instant now) {
        injected.removeIf(o -> o.to().isBefore(now.minus(Duration.ofHours(1))));
        Instant next = startedAt.plus(FIRST_OUTAGE_AFTER);
        if (!injected.isEmpty()) {
            next = injected.getLast().from().plus(BETWEEN_OUTAGES);
        }
        if (now.isBefore(next)) {
            return;
        }
        List<Service> services = catalog.get().services();
        List<Service> popular = services.stream().filter(s -> s.accessCountries().isEmpty()).limit(25).toList();
        List<Service> providers = services.stream().filter(s -> s.accessCountries().contains("FR")).toList();
        Service world = popular.get(random.nextInt(popular.size()));
        Service local = popular.get(random.nextInt(popular.size()));
        String region = REGIONS.get(random.nextInt(REGIONS.size()));
        injected.add(new Injected(local.slug(), region, 10, now.plus(Duration.ofMinutes(4)),
                now.plus(Duration.ofMinutes(30 + random.nextInt(15)))));
        injected.add(new Injected(world.slug(), null, 12, now, now.plus(Duration.ofMinutes(25 + random.nextInt(20)))));
        String isp = null;
        if (!providers.isEmpty()) {
            isp = providers.get(random.nextInt(providers.size())).slug();
            injected.add(new Injected(isp, "FR", 15, now.plus(Duration.ofMinutes(2)),
                    now.plus(Duration.ofMinutes(30 + random.nextInt(20)))));
        }
        log.info("Demo: playing outages of {} world-wide, {} in FR and {} in {}", world.slug(), isp, local.slug(),
                region);
    }

    /**
     * Queues one report from {@code country}, from {@code region} or a region drawn by its weight when null; empty
     * when the queue is full.
     */
    private Optional<CompletableFuture<?>> send(Catalog current, Service s, String country, String region,
            boolean inOutage, Instant now) {
        List<ProblemKind> problems = current.problemsOf(s);
        String problem = problems.isEmpty() || random.nextInt(4) == 0 ? null
                : problems.get(Math.min(problems.size() - 1, (int) Math.abs(random.nextGaussian() * (inOutage ? 1 : 2))))
                        .slug();
        Map<String, Double> regions = DemoTraffic.regions(country);
        if (region == null && !regions.isEmpty()) {
            region = DemoTraffic.pick(random, regions);
        }
        String key = Long.toHexString(random.nextLong());
        NewReport report = new NewReport(TimeOrderedIds.next(now), false, s.id(), s.slug(), now, problem,
                new Location(country, region, null, random.nextBoolean() ? "ip" : "picked"), key, key.substring(0, 6),
                random.nextInt(3) == 0 ? "api" : "web", true);
        try {
            return Optional.of(writer.submit(report));
        } catch (ReportWriter.Full e) {
            return Optional.empty(); // the demo never competes with real reports for the queue
        }
    }

    /** Stops the live reports, and the history's writing between two of its chunks. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (scheduler != null) {
                scheduler.shutdownNow();
            }
        }
        if (historyThread != null) {
            try {
                historyThread.join(Duration.ofSeconds(30)); // the database closes next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
