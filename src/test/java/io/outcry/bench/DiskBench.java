package io.outcry.bench;

import io.outcry.Config;
import io.outcry.Db;
import io.outcry.catalog.CatalogStore;
import io.outcry.web.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Disk use per million reports on PostgreSQL: bulk-loads reports (1 million by default, over 90 days, 100 services,
 * 3,000 regions) with their per-minute and hourly counts into an embedded PostgreSQL 17, then reads
 * {@code pg_total_relation_size} (table, indexes and TOAST) of each table after VACUUM ANALYZE. The H2 figure comes
 * from bench/memory.sh.
 *
 * <p>Run: {@code bench/disk.sh [reports]}. Writes bench/results/disk-postgres.md.
 */
public final class DiskBench {
    public static void main(String[] args) throws Exception {
        long reports = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
        try (EmbeddedPg pg = EmbeddedPg.start()) {
            Config config = Config.from(Map.of()).withDb(pg.url(), pg.user(), "");
            long t0 = System.nanoTime();
            try (Db db = Db.open(config.dbUrl(), config.dbUser(), config.dbPassword(), 2)) {
                new CatalogStore(db.dsl()).seed(Json.mapper());
                Seed seed = new Seed(db.dsl(), Seed.services(db.dsl(), 100), Seed.regions(3_000), 11);
                Instant now = Instant.now();
                seed.reports(reports, now.minus(Duration.ofDays(90)), now, true);
                db.dsl().execute("vacuum analyze");
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            StringBuilder b = new StringBuilder("# Disk use on PostgreSQL\n\n");
            b.append(String.format(Locale.ROOT, "Run %s: %,d reports over 90 days across 100 services and 3,000 "
                    + "regions, loaded in %.0f s, then VACUUM ANALYZE.%n%n", Instant.now(), reports, seconds));
            b.append("| table | rows | total size MB (with indexes) | MB per million reports |\n|---|---:|---:|---:|\n");
            long total = 0;
            for (String table : List.of("report", "minute_count", "hour_count")) {
                long rows = pg.queryLong("select count(*) from " + table);
                long bytes = pg.queryLong("select pg_total_relation_size('" + table + "')");
                total += bytes;
                b.append(String.format(Locale.ROOT, "| %s | %,d | %,.0f | %,.0f |%n", table, rows, bytes / 1e6,
                        bytes / 1e6 / (reports / 1e6)));
            }
            b.append(String.format(Locale.ROOT, "| all three | | %,.0f | %,.0f |%n", total / 1e6,
                    total / 1e6 / (reports / 1e6)));
            System.out.print(b);
            Path out = Path.of("bench/results/disk-postgres.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, b.toString());
        }
    }
}
