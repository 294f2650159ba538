package io.outcry.bench;

import io.outcry.App;
import io.outcry.Config;
import io.outcry.MutableClock;
import io.outcry.TestDirs;
import io.outcry.detect.DecisionRule;
import io.outcry.detect.Detector;
import io.outcry.detect.DetectorSettings;
import io.outcry.detect.Observation;
import io.outcry.geo.Region;
import io.outcry.geo.Regions;
import io.outcry.outage.Counts;
import io.outcry.counts.RetentionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Time per detector tick ({@link io.outcry.detect.Detector} plus the tick's SQL, through the server's
 * {@code DetectionJob}) against the number of active series. Each size gets a fresh H2 database with a day of hourly
 * history and per-minute counts for every series; the clock is moved by hand one minute at a time. Reported: the
 * start-up (warm-up replay), the first tick that sees every series (each baseline fitted), and the median of the
 * following ticks (steady state), with the time per series so that growth faster than linear shows.
 *
 * <p>Run: {@code bench/detector.sh [sizes...] [postgres]} (default 1000 10000 100000; "postgres": each size on a fresh
 * embedded PostgreSQL 17 instead of H2). Writes bench/results/detector.md or detector-postgres.md.
 */
public final class DetectorBench {
    private static final int HISTORY_HOURS = 24;
    private static final int STEADY_TICKS = 5;

    public static void main(String[] args) throws Exception {
        if (Arrays.asList(args).contains("memory")) {
            memory(Arrays.stream(args).filter(a -> !a.equals("memory")).mapToInt(Integer::parseInt).toArray());
            return;
        }
        boolean postgres = Arrays.asList(args).contains("postgres");
        int[] sizes = Arrays.stream(args).filter(a -> !a.equals("postgres")).mapToInt(Integer::parseInt).toArray();
        if (sizes.length == 0) {
            sizes = new int[] {1_000, 10_000, 100_000};
        }
        StringBuilder b = new StringBuilder("# Detector benchmark\n\n");
        b.append(String.format(Locale.ROOT, "Run %s on %d cores, %s, %d hours of hourly history and "
                        + "Poisson per-minute counts for every series; times of `DetectionJob.runOnce()` for one "
                        + "minute.%n%n", Instant.now(), Runtime.getRuntime().availableProcessors(),
                postgres ? "embedded PostgreSQL 17 (synchronous_commit=on)" : "H2 file database", HISTORY_HOURS));
        b.append("| active series | warm-up (start) s | first tick (fits every baseline) ms | steady tick ms (median of ")
                .append(STEADY_TICKS)
                .append(") | steady µs per series | hour roll-up ms (once an hour) | retention batch ms (about 5,000 "
                        + "minute counts; the oldest minute whole) | seeding s |\n")
                .append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int n : sizes) {
            b.append(run(n, postgres)).append('\n');
            System.out.println(b);
        }
        Path out = Path.of(postgres ? "bench/results/detector-postgres.md" : "bench/results/detector.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, b.toString());
    }

    private static String run(int seriesCount, boolean postgres) throws Exception {
        Path dir = Files.createTempDirectory("outcry-detector");
        EmbeddedPg pg = postgres ? EmbeddedPg.start() : null;
        Map<String, String> env = new HashMap<>(Map.of("OUTCRY_DATA_DIR", dir.toString(), "OUTCRY_PORT", "0",
                "OUTCRY_TICK_SECONDS", "0"));
        if (pg != null) {
            env.putAll(Map.of("OUTCRY_DB_URL", pg.url(), "OUTCRY_DB_USER", pg.user(),
                    "OUTCRY_KEY_SECRET", "the node of this benchmark is given this secret"));
        }
        Instant start = Instant.parse("2026-11-26T14:00:00Z");
        MutableClock clock = new MutableClock(start);
        Config config = Config.from(env)
                .withAbuse(Config.Abuse.OFF); // all load comes from one address: limits would refuse it
        try (App app = App.start(config, clock)) {
            long t0 = System.nanoTime();
            List<Key> keys = keys(app, seriesCount);
            seed(app, keys, start);
            double seedSeconds = (System.nanoTime() - t0) / 1e9;

            // Start-up: the job replays the hours before the first due minute silently (no counts there yet).
            clock.set(start.plusSeconds(5));
            long w0 = System.nanoTime();
            app.detection().runOnce();
            double warmUp = (System.nanoTime() - w0) / 1e9;

            long[] ticks = new long[1 + STEADY_TICKS];
            for (int i = 0; i < ticks.length; i++) {
                clock.advance(Duration.ofMinutes(1));
                long s = System.nanoTime();
                int processed = app.detection().runOnce();
                ticks[i] = System.nanoTime() - s;
                if (processed != 1) {
                    throw new IllegalStateException("expected one minute per tick, got " + processed);
                }
            }
            int watched = app.detection().lastSeriesCount();
            // What the retention job does beside the ticks once an hour ends: the hour's totals from its 60 minutes.
            long r0 = System.nanoTime();
            int totals = new RetentionStore(app.db().dsl()).rollUpHour(start);
            double rollUp = (System.nanoTime() - r0) / 1e6;
            // And once the hour is past its retention: one batch of its oldest per-minute counts deleted.
            long d0 = System.nanoTime();
            int deleted = new RetentionStore(app.db().dsl())
                    .deleteMinuteCountsBefore(start.plus(Duration.ofMinutes(30)), 5_000);
            double retention = (System.nanoTime() - d0) / 1e6;
            long[] steady = Arrays.copyOfRange(ticks, 1, ticks.length);
            Arrays.sort(steady);
            double median = steady[steady.length / 2] / 1e6;
            return String.format(Locale.ROOT,
                    "| %,d (%,d watched) | %.1f | %,.0f | %,.0f | %.1f | %,.0f (%,d totals) | %,.0f (%,d rows) | %.0f |",
                    seriesCount, watched, warmUp, ticks[0] / 1e6, median, 1000 * median / watched, rollUp, totals,
                    retention, deleted, seedSeconds);
        } finally {
            if (pg != null) {
                pg.close();
            }
            TestDirs.delete(dir);
        }
    }

    /**
     * Heap held per series by the detector alone, for each rule in the same run: {@code n} series (one world series per
     * 100, then countries and regions as the server watches them), ticked for {@link #MEMORY_TICKS} minutes with
     * Poisson counts so that every ring and history is full, then the heap retained after a full collection.
     */
    private static void memory(int[] sizes) throws Exception {
        if (sizes.length == 0) {
            sizes = new int[] {100_000};
        }
        StringBuilder b = new StringBuilder("# Detector memory per series\n\n");
        b.append(String.format(Locale.ROOT, "Run %s, %s; `bench/detector.sh memory %s`: heap retained by one "
                        + "`Detector` after %d one-minute ticks of Poisson counts for every series (full GC before "
                        + "and after), per series.%n%n", Instant.now(), Runtime.version(),
                String.join(" ", Arrays.stream(sizes).mapToObj(String::valueOf).toList()), MEMORY_TICKS));
        b.append("Series: 1 % world, 19 % countries, 80 % regions (as the server watches a service's areas). "
                + "\"regions sparse\": regions keep the scales up to " + Detector.SPARSE_LONGEST_MINUTES
                + " minutes (the server's setting); \"all dense\": every series keeps every scale.\n\n");
        b.append("| series | rule | regions | bytes per series | ratio to NB-CUSUM | 100,000 series MB |\n")
                .append("|---:|---|---|---:|---:|---:|\n");
        for (int n : sizes) {
            double cusum = 0;
            for (int run = 0; run < 3; run++) {
                DecisionRule rule = run == 0 ? DecisionRule.NB_CUSUM : DecisionRule.SCALES;
                boolean sparse = run == 2;
                double perSeries = retainedPerSeries(DetectorSettings.defaults().withRule(rule), n, sparse);
                if (run == 0) {
                    cusum = perSeries;
                }
                b.append(String.format(Locale.ROOT, "| %,d | %s | %s | %,.0f | %.1f | %,.0f |%n", n, rule,
                        run == 0 ? "–" : sparse ? "sparse" : "all dense", perSeries, perSeries / cusum,
                        perSeries * 100_000 / 1e6));
            }
        }
        System.out.println(b);
        Path out = Path.of("bench/results/detector-memory.md");
        Files.writeString(out, b.toString());
    }

    private static final int MEMORY_TICKS = 300;

    private static double retainedPerSeries(DetectorSettings settings, int n, boolean sparseRegions) {
        Random random = new Random(11);
        String[] keys = new String[n];
        double[] rate = new double[n];
        for (int i = 0; i < n; i++) {
            keys[i] = (i / 100) + (i % 100 == 0 ? ":*" : i % 100 < 20 ? ":C" + i % 100 : ":C1-R" + i % 100);
            rate[i] = i % 100 == 0 ? 10 : i % 100 < 20 ? 0.5 : 0.02;
        }
        long before = usedAfterGc();
        Detector detector = new Detector(settings, 1, key -> sparseRegions && key.contains("-"), key -> key);
        Instant minute = Instant.parse("2026-11-26T14:00:00Z");
        for (int t = 0; t < MEMORY_TICKS; t++) {
            Map<String, Observation> obs = new HashMap<>(2 * n);
            for (int i = 0; i < n; i++) {
                obs.put(keys[i], new Observation(Counts.poisson(random, rate[i]), rate[i], 1.5));
            }
            detector.tick(minute, obs);
            minute = minute.plus(Duration.ofMinutes(1));
        }
        long after = usedAfterGc();
        if (detector.stateOf(keys[0]) == null) {
            throw new IllegalStateException("unreachable: keeps the detector alive until measured");
        }
        return (after - before) / (double) n;
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private record Key(int service, String area) {}

    /** World, then every country, then regions, service after service, until there are {@code n} series. */
    private static List<Key> keys(App app, int n) {
        List<Integer> services = Seed.services(app.db().dsl(), 1_000);
        List<Region> regions = Regions.load().all().stream().sorted(Comparator.comparing(Region::code)).toList();
        List<String> areas = new ArrayList<>();
        areas.add("*");
        regions.stream().filter(r -> r.level() == Region.Level.COUNTRY).forEach(r -> areas.add(r.code()));
        regions.stream().filter(r -> r.level() == Region.Level.REGION).forEach(r -> areas.add(r.code()));
        int perService = Math.min(areas.size(), (n + services.size() - 1) / services.size());
        List<Key> keys = new ArrayList<>(n);
        for (int s = 0; s < services.size() && keys.size() < n; s++) {
            for (int a = 0; a < perService && keys.size() < n; a++) {
                keys.add(new Key(services.get(s), areas.get(a)));
            }
        }
        return keys;
    }

    /** A day of hourly history before {@code start}, and counts in the hour from it, for every series. */
    private static void seed(App app, List<Key> keys, Instant start) {
        Random random = new Random(7);
        app.db().dsl().connection(c -> {
            c.setAutoCommit(false);
            try (PreparedStatement hour = c.prepareStatement(
                            "insert into hour_count (service_id, area, hour_start, reporters) values (?, ?, ?, ?)");
                    PreparedStatement minute = c.prepareStatement(
                            "insert into minute_count (service_id, area, minute_start, reporters) values (?, ?, ?, ?)")) {
                int pending = 0;
                for (Key k : keys) {
                    double perHour = k.area().equals("*") ? 600 : k.area().contains("-") ? 6 : 30;
                    for (int h = HISTORY_HOURS; h >= 1; h--) {
                        hour.setInt(1, k.service());
                        hour.setString(2, k.area());
                        hour.setObject(3, start.minus(Duration.ofHours(h)).atOffset(ZoneOffset.UTC));
                        hour.setInt(4, Math.max(1, (int) Math.round(perHour * (0.8 + 0.4 * random.nextDouble()))));
                        hour.addBatch();
                    }
                    for (int m = 0; m < 60; m++) {
                        minute.setInt(1, k.service());
                        minute.setString(2, k.area());
                        minute.setObject(3, start.plus(Duration.ofMinutes(m)).truncatedTo(ChronoUnit.MINUTES)
                                .atOffset(ZoneOffset.UTC));
                        // Usual traffic (no outage): Poisson at the hourly rate; the first minute makes every series
                        // seen, so that all of them are watched from then on.
                        int count = Counts.poisson(random, perHour / 60);
                        if (m == 0) {
                            count = Math.max(1, count);
                        }
                        if (count == 0) {
                            continue;
                        }
                        minute.setInt(4, count);
                        minute.addBatch();
                    }
                    if (++pending == 500) {
                        hour.executeBatch();
                        minute.executeBatch();
                        c.commit();
                        pending = 0;
                    }
                }
                hour.executeBatch();
                minute.executeBatch();
                c.commit();
            }
        });
    }
}
