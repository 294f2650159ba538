package io.outcry.bench;

import io.outcry.App;
import io.outcry.Config;
import io.outcry.TestDirs;
import io.outcry.report.TimeOrderedIds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * Ingest throughput of {@code POST /api/v1/reports} with durable acknowledgements, side by side in the same run with
 * the bare endpoint that only parses, validates and keys the same JSON (the machine's ceiling). Closed loop over
 * loopback with {@link Load}; every request comes from a distinct reporter (its own User-Agent) so nothing is
 * deduplicated, and bodies vary the service, the problem and the picked location as real ones do.
 *
 * <p>Run: {@code bench/ingest.sh [seconds] [connections] [jdbc-url|postgres]}. Prints a table, writes
 * bench/results/ingest.md (or ingest-postgres.md).
 */
public final class IngestBench {
    /** Rounds of ceiling then durable ingest, back to back. */
    private static final int ROUNDS = 3;
    /** Per path before the rounds, so that they measure a warm server (compiled code, filled caches). */
    private static final Duration WARM_UP = Duration.ofSeconds(30);
    private static final String[] SERVICES = {"chatgpt", "whatsapp", "facebook", "instagram", "youtube", "github",
        "netflix", "orange", "free", "discord"};
    /** Problem kinds each of the services above offers (internet providers have no "app" or "login"). */
    private static final String[][] PROBLEMS = {{"app", "login", "other", null}, {"connection", "website", "other", null}};
    private static final String[] LOCATIONS = {"FR-IDF", "US-CA", null, "DE-BY", "GB", "BR-SP", null, "IN-MH",
        "US-NY", "JP", "GB-ENG", "CA-ON", null, "FR"};

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        String db = args.length > 2 ? args[2] : null;
        if ("postgres".equals(db)) {
            try (EmbeddedPg pg = EmbeddedPg.start()) {
                bench(seconds, connections, pg.url(), pg.user(), "PostgreSQL 17 (embedded, synchronous_commit=on)",
                        "ingest-postgres");
            }
        } else if (db != null) {
            bench(seconds, connections, db, System.getenv().getOrDefault("OUTCRY_DB_USER", "outcry"),
                    db.replaceAll("//[^/]*@", "//"), "ingest-postgres");
        } else {
            bench(seconds, connections, null, null, "H2 (file, WRITE_DELAY=0)", "ingest");
        }
    }

    static void bench(int seconds, int connections, String dbUrl, String dbUser, String engine, String resultName)
            throws Exception {
        Path dir = Files.createTempDirectory("outcry-bench");
        // Clients come through a trusted proxy on loopback, each from its own address (X-Forwarded-For), so the
        // default defences stay on: limits per reporter and per subnet, and the subnet cap. Only the proof-of-work
        // challenge is off, since this load is a surge that would ask for one and the bench cannot solve it.
        Config defaults = Config.from(Map.of("OUTCRY_DATA_DIR", dir.toString(), "OUTCRY_PORT", "0",
                "OUTCRY_BENCH_ENDPOINT", "true", "OUTCRY_TICK_SECONDS", "0",
                "OUTCRY_TRUSTED_PROXIES", "127.0.0.1,::1"));
        Config.Abuse abuse = defaults.abuse();
        Config config = defaults.withAbuse(new Config.Abuse(abuse.reporterLimit(), abuse.subnetLimit(),
                abuse.subnetCap(), abuse.subnetWindow(), false, abuse.challengeKey(), abuse.challengeMaxNumber()));
        if (dbUrl != null) {
            config = config.withDb(dbUrl, dbUser, System.getenv().getOrDefault("OUTCRY_DB_PASSWORD", ""));
        }
        try (App app = App.start(config, Clock.systemUTC())) {
            int port = app.port();
            // One numbering for the whole run: request n is reporter n, so no request repeats an earlier reporter.
            // Numbered per scenario, every durable round after the first would repeat the reporters of the one before
            // and be answered as duplicates (no row, no counts), flattering durable ingest.
            AtomicLong issued = new AtomicLong();
            LongFunction<byte[]> parseRequest = n -> report("/api/v1/bench/parse", issued.incrementAndGet());
            LongFunction<byte[]> reportRequest = n -> report("/api/v1/reports", issued.incrementAndGet());
            Duration d = Duration.ofSeconds(seconds);
            Load.run("warm-up", port, connections, WARM_UP, 0, parseRequest);
            Load.run("warm-up", port, connections, WARM_UP, 0, reportRequest);
            if (System.getenv("BENCH_PROFILE") != null) {
                // For a profiler: durable ingest alone, the recording started after warm-up (jcmd JFR.start).
                System.out.println("profile now: pid " + ProcessHandle.current().pid());
                System.out.println(Load.run("durable ingest", port, connections, d, 0, reportRequest).row());
                return;
            }
            List<Load.Result> results = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                results.add(Load.run("ceiling: parse only", port, connections, d, 0, parseRequest));
                results.add(Load.run("durable ingest", port, connections, d, 0, reportRequest));
            }
            Load.Result ceiling = best(results, "ceiling: parse only");
            Load.Result durable = best(results, "durable ingest");
            double half = Math.floor(durable.rate() / 2);
            Load.Result halfRate = Load.run(String.format(Locale.ROOT, "durable ingest paced at %.0f/s (half)", half),
                    port, connections, d, half, reportRequest);
            String table = table(engine, connections, seconds, results, ceiling, durable, halfRate);
            System.out.print(table);
            Path out = Path.of("bench/results/" + resultName + ".md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, table);
        } finally {
            TestDirs.delete(dir); // hundreds of MB of H2 file per run
        }
    }

    /**
     * Request {@code n}: a distinct reporter from its own address, a service, sometimes a problem and a picked region
     * or country; every other one carries its own id, as the web page sends (API clients may leave it out).
     */
    static byte[] report(String path, long n) {
        String service = SERVICES[(int) (n % SERVICES.length)];
        String[] problems = PROBLEMS[service.equals("orange") || service.equals("free") ? 1 : 0];
        String problem = problems[(int) ((n / 10) % problems.length)];
        String location = LOCATIONS[(int) ((n / 3) % LOCATIONS.length)];
        String body = "{\"service\":\"" + service + "\""
                + (problem == null ? "" : ",\"problem\":\"" + problem + "\"")
                + (location == null ? "" : ",\"location\":\"" + location + "\"")
                + (n % 2 == 0 ? ",\"id\":\"" + TimeOrderedIds.next(Instant.now()) + "\"" : "") + "}";
        // Addresses spread over the whole IPv4 space, so /24 subnets rarely repeat, as with real crowds.
        int address = (int) (n * 0x9E3779B1L);
        String client = (address >>> 24 & 0xFF) + "." + (address >>> 16 & 0xFF) + "." + (address >>> 8 & 0xFF) + "."
                + (address & 0xFF);
        return Load.postJson(path, "Mozilla/5.0 (bench " + n + ")", body, "X-Forwarded-For: " + client + "\r\n");
    }

    private static Load.Result best(List<Load.Result> results, String name) {
        return results.stream().filter(r -> r.name().equals(name))
                .max((a, b) -> Double.compare(a.rate(), b.rate())).orElseThrow();
    }

    private static String table(String engine, int connections, int seconds, List<Load.Result> rounds,
            Load.Result ceiling, Load.Result durable, Load.Result half) {
        StringBuilder b = new StringBuilder();
        b.append("# Ingest benchmark\n\n");
        b.append("Run ").append(Instant.now()).append(" on ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores (load generator in the same JVM), ").append(engine).append(", ").append(connections)
                .append(" connections, ").append(seconds).append(" s per scenario, loopback.\n\n");
        b.append(Load.Result.header());
        for (Load.Result r : rounds) {
            b.append(r.row()).append('\n');
        }
        b.append(half.row()).append('\n');
        // Each round is a ceiling then a durable run back to back, so their ratio sees the same machine; the best of
        // each can come from rounds minutes apart, while other work on the machine came and went.
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i + 1 < rounds.size(); i += 2) {
            ratios.add(rounds.get(i + 1).rate() / rounds.get(i).rate());
        }
        List<Double> sorted = ratios.stream().sorted().toList();
        b.append(String.format(Locale.ROOT,
                "%nDurable ingest per round, as a share of the ceiling measured just before it: %s; median **%.0f%%**."
                        + "%nBest durable ingest is **%.0f%%** of the best parse-only ceiling (%,.0f vs %,.0f "
                        + "requests/s); p99 at half that rate: **%.1f ms**.%n",
                String.join(", ", ratios.stream().map(r -> String.format(Locale.ROOT, "%.0f %%", 100 * r)).toList()),
                100 * sorted.get(sorted.size() / 2), 100 * durable.rate() / ceiling.rate(), durable.rate(),
                ceiling.rate(), half.p99Micros() / 1000.0));
        return b.toString();
    }
}
