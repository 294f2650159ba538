package io.outcry.bench;

import io.outcry.Config;
import io.outcry.Db;
import io.outcry.TestDirs;
import io.outcry.catalog.CatalogStore;
import io.outcry.web.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Memory and start-up of a node on a database that already holds many reports (10 million by default, spread over
 * the 90 days of retention across 100 services and 3,000 regions): the database is bulk-loaded, then a node is
 * started in its own JVM as an operator would ({@code java -jar target/outcry.jar serve}). Measured: time from launch
 * to {@code /ready} answering 200, to the first located report acknowledged, heap used after a full GC (jcmd), and
 * resident memory (VmRSS), after a few reads warmed the caches. Also the H2 file's size per million reports.
 *
 * <p>Run: {@code bench/memory.sh [reports]}. Writes bench/results/memory.md.
 */
public final class MemoryBench {
    public static void main(String[] args) throws Exception {
        long reports = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        Path dir = Files.createTempDirectory("outcry-memory");
        try {
            Config config = Config.from(Map.of("OUTCRY_DATA_DIR", dir.toString()))
                .withAbuse(Config.Abuse.OFF); // all load comes from one address: limits would refuse it
            long t0 = System.nanoTime();
            // For the load only (the node below opens the file with its own settings): a large page cache, and H2's
            // background writer (no WRITE_DELAY=0) with old chunks reusable at once, which frees the space of
            // rewritten pages as the load goes (300,000 reports: a 360 MB file at its largest, 1,405 MB with the
            // node's settings).
            String loadUrl = config.dbUrl().replace(";WRITE_DELAY=0", "") + ";CACHE_SIZE=1048576;RETENTION_TIME=0";
            try (Db db = Db.open(loadUrl, config.dbUser(), config.dbPassword(), 2)) {
                new CatalogStore(db.dsl()).seed(Json.mapper());
                List<Integer> services = Seed.services(db.dsl(), 100);
                Instant now = Instant.now();
                Seed seed = new Seed(db.dsl(), services, Seed.regions(3_000), 11);
                Seed.withoutReportIndexes(db.dsl(),
                        () -> seed.reports(reports, now.minus(Duration.ofDays(90)), now, true));
            }
            double seedSeconds = (System.nanoTime() - t0) / 1e9;
            long loadedBytes = Files.size(dir.resolve("outcry.mv.db"));
            try (Db db = Db.open(config.dbUrl(), config.dbUser(), config.dbPassword(), 2)) {
                db.dsl().execute("shutdown compact");
            } catch (RuntimeException closedByShutdown) {
                // the pool notices the database it was using went away
            }
            long fileBytes = Files.size(dir.resolve("outcry.mv.db"));

            List<String> runs = new ArrayList<>();
            for (int run = 0; run < 2; run++) {
                runs.add(startAndMeasure(dir, run == 0 ? "first start on the loaded file" : "restart"));
            }
            StringBuilder b = new StringBuilder("# Memory and start-up benchmark\n\n");
            b.append(String.format(Locale.ROOT, "Run %s on %d cores. %,d reports over 90 days across 100 services and "
                            + "3,000 regions, bulk-loaded in %.0f s; H2 file %,.0f MB as loaded, %,.0f MB after SHUTDOWN COMPACT (%,.0f MB "
                            + "per million reports, with their per-minute and hourly counts). Node: `java -Xmx512m -jar target/outcry.jar "
                            + "serve` in its own JVM, detector on.%n%n",
                    Instant.now(), Runtime.getRuntime().availableProcessors(), reports, seedSeconds, loadedBytes / 1e6,
                    fileBytes / 1e6, fileBytes / 1e6 / (reports / 1e6)));
            b.append("| start | ready (/ready 200) s | first located report 201 s | heap after full GC MB | "
                    + "RSS MB |\n|---|---:|---:|---:|---:|\n");
            runs.forEach(r -> b.append(r).append('\n'));
            System.out.print(b);
            Path out = Path.of("bench/results/memory.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, b.toString());
        } finally {
            TestDirs.delete(dir);
        }
    }

    private static String startAndMeasure(Path dir, String name) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-jar", "target/outcry.jar", "serve")
                .redirectErrorStream(true).redirectOutput(dir.resolve("node.log").toFile());
        pb.environment().put("OUTCRY_DATA_DIR", dir.toString());
        pb.environment().put("OUTCRY_PORT", String.valueOf(port));
        long start = System.nanoTime();
        Process node = pb.start();
        try {
            byte[] ready = Load.get("/ready");
            while (Load.once(port, ready) < 0) {
                if (!node.isAlive()) {
                    throw new IllegalStateException("the node exited: see " + dir.resolve("node.log"));
                }
                Thread.sleep(20);
            }
            double readySeconds = (System.nanoTime() - start) / 1e9;
            byte[] report = Load.postJson("/api/v1/reports", "memory-bench",
                    "{\"service\":\"chatgpt\",\"location\":\"FR-IDF\"}");
            if (Load.once(port, report) < 0) {
                throw new IllegalStateException("the first report was refused");
            }
            double firstReport = (System.nanoTime() - start) / 1e9;
            // What visitors ask first: status, maps (baselines of every area with reports), the feed.
            for (String path : List.of("/api/v1/status", "/api/v1/map/now?geometry=false&level=country",
                    "/api/v1/map/now?geometry=false&level=region", "/feed.json")) {
                Load.once(port, Load.get(path));
            }
            long pid = node.pid();
            run(java.replace("/java", "/jcmd"), String.valueOf(pid), "GC.run");
            String heap = run(java.replace("/java", "/jcmd"), String.valueOf(pid), "GC.heap_info");
            long usedKb = parseUsedKb(heap);
            long rssKb = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(l -> l.startsWith("VmRSS:")).map(l -> Long.parseLong(l.replaceAll("\\D", "")))
                    .findFirst().orElse(-1L);
            return String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.0f | %.0f |", name, readySeconds, firstReport,
                    usedKb / 1024.0, rssKb / 1024.0);
        } finally {
            node.destroy();
            if (!node.waitFor(15, TimeUnit.SECONDS)) {
                node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** "garbage-first heap   total reserved 524288K, committed 131072K, used 45678K" → 45678. */
    static long parseUsedKb(String heapInfo) {
        var m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(heapInfo);
        if (!m.find()) {
            throw new IllegalStateException("no heap figure in: " + heapInfo);
        }
        return Long.parseLong(m.group(1));
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }
}
