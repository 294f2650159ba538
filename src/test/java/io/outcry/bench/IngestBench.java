package io.outcry.bench;

import io.outcry.App;
import io.outcry.Config;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ingest throughput of {@code POST /api/v1/reports} with durable acknowledgements, side by side in the same run with
 * the bare endpoint that only parses the same JSON (the machine's ceiling). Closed loop over loopback; every request
 * comes from a distinct reporter (its own User-Agent) so nothing is deduplicated.
 *
 * <p>Run: {@code bench/ingest.sh [seconds] [connections] [jdbc-url]}. Prints a table, writes bench/results/ingest.md.
 */
public final class IngestBench {
    private static final String[] SERVICES = {"chatgpt", "whatsapp", "facebook", "instagram", "youtube", "github",
        "netflix", "orange", "free", "discord"};
    /** Kinds every one of those services offers: "app" and "login" are not problems of an internet provider. */
    private static final String[] PROBLEMS = {"website", "other", null};
    /** One sequence for the whole run: a user agent used in the warm-up is not sent again and deduplicated. */
    private static final AtomicLong SEQUENCE = new AtomicLong();

    record Result(String name, long requests, long errors, double seconds, long p50Micros, long p99Micros) {
        double rate() {
            return requests / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        String dbUrl = args.length > 2 ? args[2] : null;
        Path dir = Files.createTempDirectory("outcry-bench");
        Config config = Config.from(Map.of("OUTCRY_DATA_DIR", dir.toString(), "OUTCRY_PORT", "0",
                "OUTCRY_BENCH_ENDPOINT", "true"));
        if (dbUrl != null) {
            config = config.withDb(dbUrl, System.getenv().getOrDefault("OUTCRY_DB_USER", "outcry"),
                    System.getenv().getOrDefault("OUTCRY_DB_PASSWORD", ""));
        }
        try (App app = App.start(config, Clock.systemUTC())) {
            String base = "http://localhost:" + app.port();
            run(base + "/api/v1/bench/parse", 3, connections, "warm-up");
            run(base + "/api/v1/reports", 3, connections, "warm-up");
            List<Result> results = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                results.add(run(base + "/api/v1/bench/parse", seconds, connections, "ceiling: parse only"));
                results.add(run(base + "/api/v1/reports", seconds, connections, "durable ingest"));
            }
            Result ceiling = best(results, "ceiling: parse only");
            Result durable = best(results, "durable ingest");
            double half = durable.rate() / 2;
            Result halfRate = runAtRate(base + "/api/v1/reports", seconds, connections, half, "durable ingest at half rate");
            String engine = dbUrl == null ? "H2 (file, WRITE_DELAY=0)" : dbUrl.replaceAll("//[^/]*@", "//");
            String table = table(engine, connections, List.of(ceiling, durable, halfRate), durable.rate() / ceiling.rate());
            System.out.print(table);
            Path out = Path.of("bench/results/ingest" + (dbUrl == null ? "" : "-postgres") + ".md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, table);
        }
    }

    private static Result best(List<Result> results, String name) {
        return results.stream().filter(r -> r.name().equals(name))
                .max((a, b) -> Double.compare(a.rate(), b.rate())).orElseThrow();
    }

    static Result run(String url, int seconds, int connections, String name) throws Exception {
        return runAtRate(List.of(url), seconds, connections, 0, name);
    }

    private static Result runAtRate(String url, int seconds, int connections, double rate, String name)
            throws Exception {
        return runAtRate(List.of(url), seconds, connections, rate, name);
    }

    /**
     * Closed loop with {@code connections} workers, worker i on {@code urls[i % n]} (a load split over nodes); when
     * {@code rate} > 0 the workers pace themselves to it.
     */
    static Result runAtRate(List<String> urls, int seconds, int connections, double rate, String name)
            throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicBoolean go = new AtomicBoolean(true);
        AtomicLong errors = new AtomicLong();
        long[][] latencies = new long[connections][];
        int[] counts = new int[connections];
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < connections; c++) {
                int worker = c;
                latencies[c] = new long[1 << 16];
                pool.submit(() -> {
                    long intervalNanos = rate > 0 ? (long) (1e9 * connections / rate) : 0;
                    long next = System.nanoTime();
                    while (go.get()) {
                        if (intervalNanos > 0) {
                            long wait = next - System.nanoTime();
                            if (wait > 0) {
                                java.util.concurrent.locks.LockSupport.parkNanos(wait);
                            }
                            next += intervalNanos;
                        }
                        long n = SEQUENCE.incrementAndGet();
                        String problem = PROBLEMS[(int) (n % PROBLEMS.length)];
                        String body = "{\"service\":\"" + SERVICES[(int) (n % SERVICES.length)] + "\""
                                + (problem == null ? "" : ",\"problem\":\"" + problem + "\"") + "}";
                        HttpRequest request = HttpRequest.newBuilder(URI.create(urls.get(worker % urls.size())))
                                .header("Content-Type", "application/json")
                                .header("User-Agent", "bench-" + n)
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                        long t0 = System.nanoTime();
                        try {
                            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                            if (status >= 300) {
                                errors.incrementAndGet();
                                continue;
                            }
                        } catch (Exception e) {
                            errors.incrementAndGet();
                            continue;
                        }
                        long micros = (System.nanoTime() - t0) / 1_000;
                        if (counts[worker] == latencies[worker].length) {
                            latencies[worker] = Arrays.copyOf(latencies[worker], counts[worker] * 2);
                        }
                        latencies[worker][counts[worker]++] = micros;
                    }
                });
            }
            Thread.sleep(Duration.ofSeconds(seconds));
            go.set(false);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < connections; c++) {
            System.arraycopy(latencies[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        long p50 = total == 0 ? 0 : all[(int) (total * 0.50)];
        long p99 = total == 0 ? 0 : all[Math.min(total - 1, (int) (total * 0.99))];
        return new Result(name, total, errors.get(), elapsed, p50, p99);
    }

    private static String table(String engine, int connections, List<Result> results, double ratio) {
        StringBuilder b = new StringBuilder();
        b.append("# Ingest benchmark\n\n");
        b.append("Run ").append(Instant.now()).append(" on ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, ").append(engine).append(", ").append(connections).append(" connections, loopback.\n\n");
        b.append("| scenario | requests/s | p50 ms | p99 ms | errors |\n|---|---:|---:|---:|---:|\n");
        for (Result r : results) {
            b.append(String.format(Locale.ROOT, "| %s | %,.0f | %.2f | %.2f | %d |%n", r.name(), r.rate(),
                    r.p50Micros() / 1000.0, r.p99Micros() / 1000.0, r.errors()));
        }
        b.append(String.format(Locale.ROOT, "%nDurable ingest is **%.0f%%** of the parse-only ceiling.%n", ratio * 100));
        return b.toString();
    }
}
