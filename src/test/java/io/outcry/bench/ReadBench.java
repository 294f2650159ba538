package io.outcry.bench;

import io.outcry.App;
import io.outcry.Config;
import io.outcry.TestDirs;
import io.outcry.outage.Outage;
import io.outcry.outage.OutageStore;
import io.outcry.outage.ServiceStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Read throughput of what most visitors and programs ask for (status, the map at country and region level, the map
 * of every service, the JSON Feed) with 1 million reports in the last hour across 100 services and 3,000 regions,
 * side by side in the same run with {@code /health} (the machine's ceiling for a trivial GET). Closed loop over
 * loopback with {@link Load}. The first request of each endpoint (cold caches) is timed on its own.
 *
 * <p>Run: {@code bench/reads.sh [seconds] [connections] [reports]}. Prints a table, writes bench/results/reads.md.
 */
public final class ReadBench {
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        long reports = args.length > 2 ? Long.parseLong(args[2]) : 1_000_000;
        boolean gzip = Boolean.parseBoolean(System.getenv().getOrDefault("BENCH_GZIP", "false"));
        Path dir = Files.createTempDirectory("outcry-reads");
        Config config = Config.from(Map.of("OUTCRY_DATA_DIR", dir.toString(), "OUTCRY_PORT", "0",
                "OUTCRY_TICK_SECONDS", "0"))
                .withAbuse(Config.Abuse.OFF); // all load comes from one address: limits would refuse it
        try (App app = App.start(config, Clock.systemUTC())) {
            Instant now = Instant.now();
            long t0 = System.nanoTime();
            List<Integer> services = Seed.services(app.db().dsl(), 100);
            Seed seed = new Seed(app.db().dsl(), services, Seed.regions(3_000), 42);
            long[] rows = {0};
            Seed.withoutReportIndexes(app.db().dsl(),
                    () -> rows[0] = seed.reports(reports, now.minus(Duration.ofHours(1)), now, true));
            seedOutages(new OutageStore(app.db().dsl(), app.db().isPostgres()), services, now);
            double seedSeconds = (System.nanoTime() - t0) / 1e9;
            String top = app.db().dsl().select(io.outcry.db.Tables.SERVICE.SLUG).from(io.outcry.db.Tables.SERVICE)
                    .where(io.outcry.db.Tables.SERVICE.ID.eq(services.get(0))).fetchOne(0, String.class);

            int port = app.port();
            Duration d = Duration.ofSeconds(seconds);
            // The map requests are the ones the web pages make (shapes and names come from the bundled boundaries),
            // then one with names for programs, and one with geometry for GIS clients.
            String map = "/api/v1/map?service=" + top + "&window=15m&geometry=false";
            String all = "/api/v1/map/now?geometry=false&names=false";
            List<String[]> endpoints = List.of(
                    new String[] {"ceiling: /health", "/health"},
                    new String[] {"status", "/api/v1/status"},
                    new String[] {"map, country level", map + "&names=false&level=country"},
                    new String[] {"map, region level", map + "&names=false&level=region"},
                    new String[] {"map of every service, country", all + "&level=country"},
                    new String[] {"map of every service, region", all + "&level=region"},
                    new String[] {"map with names, region", map + "&level=region"},
                    new String[] {"map with geometry, country", "/api/v1/map?service=" + top + "&level=country"},
                    new String[] {"JSON Feed", "/feed.json"},
                    new String[] {"ceiling again: /health", "/health"});
            List<String> rowsOut = new ArrayList<>();
            // Let the seeding's garbage and the database's writes settle before the first measurement.
            System.gc();
            Thread.sleep(3_000);
            double ceiling = 0;
            String only = System.getenv().getOrDefault("BENCH_ONLY", "");
            for (String[] e : endpoints) {
                if (!e[0].contains(only) && !e[0].startsWith("ceiling")) {
                    continue;
                }
                byte[] request = gzip ? Load.getGzip(e[1]) : Load.get(e[1]);
                long cold = Load.once(port, request);
                Load.run("warm-up", port, connections, Duration.ofSeconds(2), 0, n -> request);
                Load.Result r = Load.run(e[0], port, connections, d, 0, n -> request);
                if (ceiling == 0) {
                    ceiling = r.rate();
                }
                rowsOut.add(String.format(Locale.ROOT, "| %s | `%s` | %,.0f | %.0f%% | %.2f | %.2f | %.1f | %,d | %s |",
                        e[0], e[1], r.rate(), 100 * r.rate() / ceiling, r.p50Micros() / 1000.0,
                        r.p99Micros() / 1000.0, cold / 1000.0,
                        r.requests() == 0 ? 0 : r.bytes() / r.requests(), r.errors().isEmpty() ? "0" : r.errors()));
            }
            StringBuilder b = new StringBuilder("# Reads benchmark\n\n");
            b.append(String.format(Locale.ROOT, "Run %s on %d cores (load generator in the same JVM), H2 file database, "
                            + "%,d reports in the last hour (%,d rows, seeded in %.0f s) across %d services and 3,000 "
                            + "regions, %d connections, %d s per endpoint, %s.%n%n",
                    Instant.now(), Runtime.getRuntime().availableProcessors(), reports, rows[0], seedSeconds,
                    services.size(), connections, seconds, gzip ? "Accept-Encoding: gzip" : "no compression asked"));
            b.append("| endpoint | path | requests/s | of ceiling | p50 ms | p99 ms | first (cold) ms | bytes | errors |\n");
            b.append("|---|---|---:|---:|---:|---:|---:|---:|---|\n");
            rowsOut.forEach(r -> b.append(r).append('\n'));
            System.out.print(b);
            Path out = Path.of("bench/results/reads" + (gzip ? "-gzip" : "") + ".md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, b.toString());
        } finally {
            TestDirs.delete(dir);
        }
    }

    /** Statuses for every service and 40 outages (10 open, 30 resolved) so that status and feeds have content. */
    static void seedOutages(OutageStore store, List<Integer> services, Instant now) {
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(1));
        List<Outage> outages = new ArrayList<>();
        List<ServiceStatus> statuses = new ArrayList<>();
        for (int i = 0; i < services.size(); i++) {
            int id = services.get(i);
            boolean open = i < 10;
            statuses.add(new ServiceStatus(id, open ? Outage.State.OUTAGE : Outage.State.RESOLVED, 100 + i, 20.5,
                    minute));
            if (i < 40) {
                Instant start = minute.minus(Duration.ofHours(i));
                outages.add(new Outage(UUID.randomUUID(), id, "?", "*", open ? Outage.State.OUTAGE
                        : Outage.State.RESOLVED, start, start, start.plusSeconds(120), open ? null
                        : start.plusSeconds(1800), minute, start.plusSeconds(600), 500, 20.5, 1200,
                        List.of(new Outage.ProblemShare("app", 0.6), new Outage.ProblemShare("login", 0.4)),
                        List.of("FR", "FR-IDF", "US-CA")));
            }
        }
        if (!store.commitTick(minute, outages, statuses)) {
            throw new IllegalStateException("the seed tick was not written");
        }
    }
}
