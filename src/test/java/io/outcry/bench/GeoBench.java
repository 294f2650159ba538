package io.outcry.bench;

import io.outcry.geo.Geography;
import io.outcry.geo.Located;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;

/**
 * Measures the geography layer: heap after loading, point → region latency over 100,000 random land
 * points (uniform by area), place search and IP → country latency; prints a table and writes
 * bench/results/geo.json. Run with bench/geo/run.sh.
 */
public final class GeoBench {

    private static final int POINTS = 100_000;

    public static void main(String[] args) throws IOException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedAfterGc(memory);
        long t0 = System.nanoTime();
        Geography geo = Geography.load();
        double loadSeconds = (System.nanoTime() - t0) / 1e9;
        long loaded = usedAfterGc(memory) - before;

        Random random = new Random(42);
        double[] lats = new double[POINTS];
        double[] lons = new double[POINTS];
        int tried = 0;
        for (int n = 0; n < POINTS; ) {
            double lat = Math.toDegrees(Math.asin(2 * random.nextDouble() - 1));
            double lon = 360 * random.nextDouble() - 180;
            tried++;
            if (lat > -60 && geo.locator().regionContaining(lat, lon).isPresent()) {
                lats[n] = lat;
                lons[n] = lon;
                n++;
            }
        }
        long sink = 0;
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < POINTS; i++) {
                sink += geo.locator().locate(lats[i], lons[i]).map(l -> l.regionCode().length()).orElse(0);
            }
        }
        long[] lookup = new long[POINTS];
        for (int i = 0; i < POINTS; i++) {
            long s = System.nanoTime();
            Optional<Located> at = geo.locator().locate(lats[i], lons[i]);
            lookup[i] = System.nanoTime() - s;
            sink += at.isPresent() ? 1 : 0;
        }
        long warmed = usedAfterGc(memory) - before;

        String[] queries = {"paris", "saint etienne", "sao paulo", "new york", "lon", "ber", "s", "mumbai", "los angeles",
            "tokyo", "lyon", "bordeaux", "san", "kra", "mar"};
        long[] search = new long[queries.length * 200];
        for (int w = 0; w < 2000; w++) {
            sink += geo.gazetteer().search(queries[w % queries.length], 10).size();
        }
        for (int i = 0; i < search.length; i++) {
            long s = System.nanoTime();
            sink += geo.gazetteer().search(queries[i % queries.length], 10).size();
            search[i] = System.nanoTime() - s;
        }
        long[] ip = new long[POINTS];
        byte[] address = new byte[4];
        for (int i = 0; i < POINTS; i++) {
            random.nextBytes(address);
            InetAddress a = InetAddress.getByAddress(address);
            long s = System.nanoTime();
            sink += geo.ipCountry().country(a).isPresent() ? 1 : 0;
            ip[i] = System.nanoTime() - s;
        }

        String table = String.format(Locale.ROOT, """
                | measure | value |
                |---|---|
                | load time | %.2f s |
                | heap after load | %d MB |
                | heap after 300k lookups (prepared indexes built) | %d MB |
                | land points (of %d random tries) | %d |
                | point → region p50 | %.1f µs |
                | point → region p99 | %.1f µs |
                | point → region mean | %.1f µs |
                | place search p50 / p99 (15 queries, limit 10) | %.1f / %.1f µs |
                | IP → country p50 / p99 (random IPv4) | %.1f / %.1f µs |
                """,
                loadSeconds, loaded >> 20, warmed >> 20, tried, POINTS,
                pct(lookup, 50), pct(lookup, 99), mean(lookup),
                pct(search, 50), pct(search, 99), pct(ip, 50), pct(ip, 99));
        System.out.print(table);
        String json = String.format(Locale.ROOT, """
                {
                  "java": "%s",
                  "cores": %d,
                  "loadSeconds": %.2f,
                  "heapAfterLoadMb": %d,
                  "heapAfterLookupsMb": %d,
                  "points": %d,
                  "lookupP50Micros": %.1f,
                  "lookupP99Micros": %.1f,
                  "lookupMeanMicros": %.1f,
                  "searchP50Micros": %.1f,
                  "searchP99Micros": %.1f,
                  "ipP50Micros": %.1f,
                  "ipP99Micros": %.1f,
                  "targets": {"lookupMicros": 50, "heapMb": 300}
                }
                """,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), loadSeconds,
                loaded >> 20, warmed >> 20, POINTS, pct(lookup, 50), pct(lookup, 99), mean(lookup),
                pct(search, 50), pct(search, 99), pct(ip, 50), pct(ip, 99));
        Path out = Path.of("bench/results/geo.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, json);
        System.out.println("wrote " + out + " (checksum " + (sink % 10) + ")");
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static double pct(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1000.0;
    }

    private static double mean(long[] nanos) {
        return Arrays.stream(nanos).average().orElse(0) / 1000.0;
    }
}
