package io.outcry.bench;

import io.outcry.App;
import io.outcry.Config;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Durable ingest on PostgreSQL with one node, then with two nodes sharing the database and the load split evenly
 * between them: every node in this JVM, PostgreSQL 17 embedded, the load generator too, all on the same cores. On one
 * machine this measures what coordination through the database costs, not what a second machine adds.
 *
 * <p>Run: {@code bench/nodes.sh [seconds] [connections]}. Prints a table, writes bench/results/nodes.md.
 */
public final class NodesBench {
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        List<HttpLoad.Result> results = new ArrayList<>();
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "200").start()) {
            for (int nodes = 1; nodes <= 2; nodes++) {
                String db = "bench_" + nodes;
                try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                    s.execute("create database " + db);
                }
                Path dir = Files.createTempDirectory("outcry-nodes-bench");
                Config config = Config.from(Map.of("OUTCRY_DATA_DIR", dir.toString(), "OUTCRY_PORT", "0"))
                        .withDb("jdbc:postgresql://localhost:" + pg.getPort() + "/" + db, "postgres", "")
                        .withKeySecret("the nodes of this benchmark share this secret")
                        .withAbuse(Config.Abuse.OFF); // all load comes from one address: limits would refuse it
                List<App> apps = new ArrayList<>();
                try {
                    List<String> urls = new ArrayList<>();
                    for (int i = 0; i < nodes; i++) {
                        App app = App.start(config, Clock.systemUTC());
                        apps.add(app);
                        urls.add("http://localhost:" + app.port() + "/api/v1/reports");
                    }
                    String name = nodes + (nodes == 1 ? " node" : " nodes, load split evenly");
                    HttpLoad.runAtRate(urls, 3, connections, 0, "warm-up");
                    HttpLoad.Result best = null;
                    for (int round = 0; round < 2; round++) {
                        HttpLoad.Result r = HttpLoad.runAtRate(urls, seconds, connections, 0, name);
                        best = best == null || r.rate() > best.rate() ? r : best;
                    }
                    results.add(best);
                    for (App app : apps) {
                        String metrics = java.net.http.HttpClient.newHttpClient().send(
                                java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                        "http://localhost:" + app.port() + "/metrics")).build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                        metrics.lines()
                                .filter(l -> l.startsWith("outcry_reports_") || l.startsWith("outcry_ingest_commit"))
                                .forEach(l -> System.out.println(name + " node " + app.port() + ": " + l));
                    }
                } finally {
                    apps.forEach(App::close);
                }
            }
        }
        StringBuilder b = new StringBuilder("# Ingest on PostgreSQL, one node and two\n\n");
        b.append("Run ").append(Instant.now()).append(" on ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores: embedded PostgreSQL 17.5 (synchronous_commit=on), the nodes and the load generator ")
                .append("in ")
                .append("one JVM, ").append(connections).append(" connections, loopback, best of two runs of ")
                .append(seconds).append(" s.\n\n");
        b.append("| scenario | requests/s | p50 ms | p99 ms | errors |\n|---|---:|---:|---:|---:|\n");
        for (HttpLoad.Result r : results) {
            b.append(String.format(Locale.ROOT, "| %s | %,.0f | %.2f | %.2f | %d |%n", r.name(), r.rate(),
                    r.p50Micros() / 1000.0, r.p99Micros() / 1000.0, r.errors()));
        }
        System.out.print(b);
        Path out = Path.of("bench/results/nodes.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, b.toString());
    }
}
