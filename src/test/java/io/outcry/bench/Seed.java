package io.outcry.bench;

import io.outcry.geo.Region;
import io.outcry.geo.Regions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;

/**
 * Bulk-loads report rows into an empty database with their per-minute and hourly counts straight into the database, as if they had been
 * ingested: services and regions drawn from Zipf laws (a few popular ones, a long tail), times spread evenly, every
 * report from a distinct reporter. Memory holds one service's counts at a time.
 */
final class Seed {
    private static final int BATCH = 5_000;
    /** Rows per transaction: inserts land at the end of each key, so a commit rewrites few pages. */
    private static final int COMMIT = 5_000;

    private final DSLContext dsl;
    private final List<Integer> services;
    private final List<Region> regions;
    private final Random random;
    private final double[] serviceCdf;
    private final double[] regionCdf;

    Seed(DSLContext dsl, List<Integer> services, List<Region> regions, long seed) {
        this.dsl = dsl;
        this.services = services;
        this.regions = regions;
        this.random = new Random(seed);
        this.serviceCdf = zipf(services.size(), 1.0);
        this.regionCdf = zipf(regions.size(), 0.9);
    }

    /** {@code n} admin-1 regions spread over the catalogue (every k-th in code order), for reproducible runs. */
    static List<Region> regions(int n) {
        List<Region> all = Regions.load().all().stream()
                .filter(r -> r.level() != Region.Level.COUNTRY)
                .sorted(Comparator.comparing(Region::code))
                .toList();
        List<Region> out = new ArrayList<>(n);
        for (int i = 0; i < n && i < all.size(); i++) {
            out.add(all.get((int) ((long) i * all.size() / n)));
        }
        return out;
    }

    /** The ids of the first {@code n} services of the catalogue. */
    static List<Integer> services(DSLContext dsl, int n) {
        return dsl.select(io.outcry.db.Tables.SERVICE.ID).from(io.outcry.db.Tables.SERVICE)
                .orderBy(io.outcry.db.Tables.SERVICE.ID).limit(n).fetch(io.outcry.db.Tables.SERVICE.ID);
    }

    private static double[] zipf(int n, double s) {
        double[] cdf = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1 / Math.pow(i + 1, s);
            cdf[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            cdf[i] /= sum;
        }
        return cdf;
    }

    private int draw(double[] cdf) {
        int i = java.util.Arrays.binarySearch(cdf, random.nextDouble());
        return Math.min(cdf.length - 1, i < 0 ? -i - 1 : i);
    }

    private record Key(int service, String area, Instant start) {}

    /**
     * Writes {@code count} reports over [from, to) and their counts; returns rows written. {@code withRows} false
     * writes the counts only (for detector history, where raw rows do not matter).
     *
     * <p>Service after service (in id order), each with its Zipf share of the reports spread evenly over the span, and
     * each service's counts written once it is complete, sorted by key: every insert then lands at the end of its
     * table's primary key. H2 rewrites each page a commit touched, so inserts scattered over large trees (reports of
     * every service in time order, counts flushed in hash order) were slow and bloated the file: 300,000 reports took
     * 126 s and a 3.5 GB file, against 50 s and 1.4 GB in this order (with the node's H2 settings). Report ids here
     * are ordered by service then time for the same reason; nothing reads their order.
     */
    long reports(long count, Instant from, Instant to, boolean withRows) {
        long[] written = {0};
        dsl.connection(c -> {
            c.setAutoCommit(false);
            try (PreparedStatement report = c.prepareStatement("insert into report (id, service_id, received_at, "
                    + "problem, country, region, place, location_source, reporter_key, subnet_key, channel, demo) "
                    + "values (?, ?, ?, ?, ?, ?, null, 'picked', ?, ?, 'api', false)")) {
                long span = to.toEpochMilli() - from.toEpochMilli();
                List<Integer> ordered = services.stream().sorted().toList();
                long assigned = 0;
                int pending = 0;
                for (int k = 0; k < ordered.size(); k++) {
                    int service = ordered.get(k);
                    int rank = services.indexOf(service);
                    double share = serviceCdf[rank] - (rank == 0 ? 0 : serviceCdf[rank - 1]);
                    long n = k == ordered.size() - 1 ? count - assigned : Math.round(count * share);
                    n = Math.min(n, count - assigned);
                    assigned += n;
                    Map<Key, Integer> minutes = new HashMap<>();
                    Map<Key, Integer> hours = new HashMap<>();
                    for (long i = 0; i < n; i++) {
                        Instant at = Instant.ofEpochMilli(from.toEpochMilli() + span * i / n);
                        Instant minute = at.truncatedTo(ChronoUnit.MINUTES);
                        Instant hour = at.truncatedTo(ChronoUnit.HOURS);
                        Region region = regions.get(draw(regionCdf));
                        for (String area : new String[] {"*", region.countryCode(), region.code()}) {
                            minutes.merge(new Key(service, area, minute), 1, Integer::sum);
                            hours.merge(new Key(service, area, hour), 1, Integer::sum);
                        }
                        if (!withRows) {
                            continue;
                        }
                        report.setObject(1, new UUID(((long) service << 48) | at.toEpochMilli(), written[0]));
                        report.setInt(2, service);
                        report.setObject(3, at.atOffset(ZoneOffset.UTC));
                        report.setString(4, random.nextInt(3) == 0 ? null : "other");
                        report.setString(5, region.countryCode());
                        report.setString(6, region.code());
                        report.setString(7, hex(random.nextLong(), random.nextLong()));
                        report.setString(8, hex(random.nextLong(), random.nextLong()));
                        report.addBatch();
                        written[0]++;
                        if (++pending % BATCH == 0) {
                            report.executeBatch();
                        }
                        if (pending == COMMIT) {
                            c.commit();
                            pending = 0;
                        }
                    }
                    if (pending % BATCH > 0) {
                        report.executeBatch();
                    }
                    flush(c, "minute_count", "minute_start", minutes);
                    flush(c, "hour_count", "hour_start", hours);
                    c.commit();
                    pending = 0;
                }
            }
        });
        if (withRows && dsl.dialect() == SQLDialect.H2) {
            // The rows' counts are written above: a node starting on this database has none to add (db/h2/V9).
            dsl.execute("update counts_written set last_report_row = coalesce((select max(_ROWID_) from report), 0)");
        }
        return written[0];
    }

    /**
     * Runs a bulk load with the report table's secondary indexes dropped, then builds them again (the same
     * definitions as the migration): building an index once is far cheaper than keeping it sorted row by row.
     */
    static void withoutReportIndexes(DSLContext dsl, Runnable load) {
        List<String> indexes = new ArrayList<>(List.of("report_service_time on report (service_id, received_at)"));
        if (dsl.dialect() != SQLDialect.H2) { // H2 does without these three (db/h2)
            indexes.add("report_time on report (received_at)");
            indexes.add("report_kind_reporter on report (reporter_key, service_id, kind, received_at)");
            indexes.add("report_subnet_time on report (subnet_key, received_at)");
        }
        indexes.forEach(i -> dsl.execute("drop index " + i.substring(0, i.indexOf(' '))));
        load.run();
        indexes.forEach(i -> dsl.execute("create index " + i));
    }

    /** Inserts one service's counts in primary-key order (area, then time), each key once. */
    private static void flush(Connection c, String table, String column, Map<Key, Integer> counts)
            throws SQLException {
        if (counts.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("insert into " + table + " (service_id, area, " + column
                + ", reporters) values (?, ?, ?, ?)")) {
            int pending = 0;
            List<Map.Entry<Key, Integer>> sorted = counts.entrySet().stream()
                    .sorted(Comparator.comparing((Map.Entry<Key, Integer> e) -> e.getKey().area())
                            .thenComparing(e -> e.getKey().start()))
                    .toList();
            for (Map.Entry<Key, Integer> e : sorted) {
                ps.setInt(1, e.getKey().service());
                ps.setString(2, e.getKey().area());
                ps.setObject(3, e.getKey().start().atOffset(ZoneOffset.UTC));
                ps.setInt(4, e.getValue());
                ps.addBatch();
                if (++pending == BATCH) {
                    ps.executeBatch();
                    c.commit();
                    pending = 0;
                }
            }
            if (pending > 0) {
                ps.executeBatch();
            }
        }
    }

    private static String hex(long a, long b) {
        return String.format("%016x%016x", a, b);
    }
}
