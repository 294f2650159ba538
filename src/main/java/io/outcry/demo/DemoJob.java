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
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Demo mode: fills an empty database with two weeks of realistic history for the whole catalog, then keeps sending
 * live reports through the real intake, with an outage injected now and then — one service world-wide, one access
 * provider in its country — so a newcomer sees Outcry detect something within minutes. Every demo report is marked.
 */
public final class DemoJob implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DemoJob.class);
    static final int HISTORY_DAYS = 14;
    static final int COUNTRY_HISTORY_DAYS = 3;
    private static final Duration FIRST_OUTAGE_AFTER = Duration.ofMinutes(1);
    private static final Duration BETWEEN_OUTAGES = Duration.ofMinutes(40);

    private final Supplier<Catalog> catalog;
    private final ReportWriter writer;
    private final DemoStore store;
    private final Clock clock;
    private final Random random = new Random(2026);
    private ScheduledExecutorService scheduler;
    private Instant startedAt;
    private Instant last;
    private final List<Injected> injected = new java.util.ArrayList<>();

    /** An outage the demo plays: a service, where (null = everywhere), how much worse, from when to when. */
    record Injected(String slug, String country, double factor, Instant from, Instant to) {}

    public DemoJob(Supplier<Catalog> catalog, ReportWriter writer, DemoStore store, Clock clock) {
        this.catalog = catalog;
        this.writer = writer;
        this.store = store;
        this.clock = clock;
    }

    /** Writes the history if the database is empty. Returns whether it did. */
    public boolean fillHistory() {
        if (!store.isEmpty()) {
            return false;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        Instant minutesFrom = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(24));
        Instant hoursFrom = minutesFrom.minus(Duration.ofDays(HISTORY_DAYS));
        Map<DemoStore.Key, Integer> hours = new HashMap<>();
        Map<DemoStore.Key, Integer> minutes = new HashMap<>();
        Instant countriesFrom = minutesFrom.minus(Duration.ofDays(COUNTRY_HISTORY_DAYS));
        for (Service s : catalog.get().services()) {
            for (Instant h = hoursFrom; h.isBefore(minutesFrom); h = h.plus(Duration.ofHours(1))) {
                // Older hours keep the world total only; recent ones also their countries. Regions borrow from
                // their country while their own history is short, as on any fresh installation.
                Map<DemoStore.Key, Integer> hour = new HashMap<>();
                spread(s, h, 60, DemoTraffic.rate(s, h.plus(Duration.ofMinutes(30))), hour, false);
                boolean recent = !h.isBefore(countriesFrom);
                hour.forEach((k, n) -> {
                    if (recent || k.area().equals("*")) {
                        hours.merge(k, n, Integer::sum);
                    }
                });
            }
            for (Instant m = minutesFrom; m.isBefore(now); m = m.plus(Duration.ofMinutes(1))) {
                Map<DemoStore.Key, Integer> minute = new HashMap<>();
                spread(s, m, 1, DemoTraffic.rate(s, m), minute, !m.isBefore(now.minus(Duration.ofHours(3))));
                minute.forEach((k, n) -> {
                    minutes.merge(k, n, Integer::sum);
                    hours.merge(new DemoStore.Key(k.serviceId(), k.area(), k.at().truncatedTo(ChronoUnit.HOURS)), n,
                            Integer::sum);
                });
            }
        }
        store.hours(hours);
        store.minutes(minutes);
        log.info("Demo history written: {} hourly and {} per-minute counts over {} days", hours.size(), minutes.size(),
                HISTORY_DAYS);
        return true;
    }

    /** Splits one period's draws over countries and regions, adding to {@code into}. */
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

    /** An outage the demo plays world-wide: which service, from when to when. */
    public record Played(String slug, Instant from, Instant to) {}

    /** The world-wide outages played so far and still remembered (the last hour's), for the demo's official page. */
    public synchronized List<Played> played() {
        return injected.stream().filter(o -> o.country() == null).map(o -> new Played(o.slug(), o.from(), o.to()))
                .toList();
    }

    /** Starts sending live reports, one batch a second. */
    public void start() {
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

    /** Sends the reports of the time elapsed since the last step; tests with a hand-driven clock call it directly. */
    public synchronized void step() {
        Instant now = clock.instant();
        if (startedAt == null) {
            startedAt = now;
            last = now;
        }
        double seconds = Duration.between(last, now).toMillis() / 1000.0;
        last = now;
        planOutages(now);
        Catalog current = catalog.get();
        for (Service s : current.services()) {
            for (Map.Entry<String, Double> c : DemoTraffic.countries(s).entrySet()) {
                double factor = factor(s, c.getKey(), now);
                int n = DemoTraffic.draw(random, DemoTraffic.rate(s, now) / 60 * seconds * c.getValue() * factor);
                for (int i = 0; i < n; i++) {
                    send(current, s, c.getKey(), factor > 1, now);
                }
            }
        }
    }

    private double factor(Service s, String country, Instant now) {
        double f = 1;
        for (Injected o : injected) {
            if (o.slug().equals(s.slug()) && (o.country() == null || o.country().equals(country))
                    && !now.isBefore(o.from()) && now.isBefore(o.to())) {
                f = Math.max(f, o.factor());
            }
        }
        return f;
    }

    /** One world-wide outage of a popular service and one regional outage of an access provider, then more later. */
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
        injected.add(new Injected(world.slug(), null, 12, now, now.plus(Duration.ofMinutes(25 + random.nextInt(20)))));
        if (!providers.isEmpty()) {
            Service isp = providers.get(random.nextInt(providers.size()));
            injected.add(new Injected(isp.slug(), "FR", 15, now.plus(Duration.ofMinutes(2)),
                    now.plus(Duration.ofMinutes(30 + random.nextInt(20)))));
        }
        log.info("Demo: playing an outage of {}{}", world.slug(), providers.isEmpty() ? "" : " and a regional one");
    }

    private void send(Catalog current, Service s, String country, boolean inOutage, Instant now) {
        List<ProblemKind> problems = current.problemsOf(s);
        String problem = problems.isEmpty() || random.nextInt(4) == 0 ? null
                : problems.get(Math.min(problems.size() - 1, (int) Math.abs(random.nextGaussian() * (inOutage ? 1 : 2))))
                        .slug();
        Map<String, Double> regions = DemoTraffic.regions(country);
        String region = regions.isEmpty() ? null : DemoTraffic.pick(random, regions);
        String key = Long.toHexString(random.nextLong());
        NewReport report = new NewReport(TimeOrderedIds.next(now), false, s.id(), s.slug(), now, problem,
                new Location(country, region, null, random.nextBoolean() ? "ip" : "picked"), key, key.substring(0, 6),
                random.nextInt(3) == 0 ? "api" : "web", true);
        try {
            writer.submit(report);
        } catch (ReportWriter.Full e) {
            // the demo never competes with real reports for the queue
        }
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
