package io.outcry.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** A closed-loop load of report posts spread over several nodes' URLs, with java.net.http (used by NodesBench). */
final class HttpLoad {
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

    private HttpLoad() {}


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
}
