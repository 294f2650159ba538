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

/**
 * Bulk-loads report rows into an empty database with their per-minute and hourly counts straight into the database, as if they had been
 * ingested: services and regions drawn from Zipf laws (a few popular ones, a long tail), times spread evenly, every
 * report from a distinct reporter. Memory stays bounded: counts are flushed hour by hour.
 */
final class Seed {
    private static final int BATCH = 5_000;
    /** Rows per transaction: few commits, since every H2 commit rewrites the index pages it touched. */
    private static final int COMMIT = 200_000;
    /** Counts held in memory before they are written. */
    private static final int FLUSH_KEYS = 100_000;

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
     * Writes {@code count} reports evenly over [from, to), in time order, and their counts; returns rows written.
     * {@code withRows} false writes the counts only (for detector history, where raw rows do not matter).
     */
    long reports(long count, Instant from, Instant to, boolean withRows) {
        long[] written = {0};
        dsl.connection(c -> {
            c.setAutoCommit(false);
            try (PreparedStatement report = c.prepareStatement("insert into report (id, service_id, received_at, "
                    + "problem, country, region, place, location_source, reporter_key, subnet_key, channel, demo) "
                    + "values (?, ?, ?, ?, ?, ?, null, 'picked', ?, ?, 'api', false)")) {
                Map<Key, Integer> minutes = new HashMap<>();
                Map<Key, Integer> hours = new HashMap<>();
                Instant currentMinute = null;
                Instant currentHour = null;
                long span = to.toEpochMilli() - from.toEpochMilli();
                int pending = 0;
                for (long i = 0; i < count; i++) {
                    Instant at = Instant.ofEpochMilli(from.toEpochMilli() + span * i / count);
                    Instant minute = at.truncatedTo(ChronoUnit.MINUTES);
                    Instant hour = at.truncatedTo(ChronoUnit.HOURS);
                    // A minute's (an hour's) counts are complete once time has moved past it: they are inserted
                    // in large batches then, each key once.
                    if (!minute.equals(currentMinute)) {
                        if (minutes.size() > FLUSH_KEYS) {
                            flush(c, "minute_count", "minute_start", minutes);
                        }
                        currentMinute = minute;
                    }
                    if (!hour.equals(currentHour)) {
                        if (hours.size() > FLUSH_KEYS) {
                            flush(c, "hour_count", "hour_start", hours);
                        }
                        currentHour = hour;
                    }
                    int service = services.get(draw(serviceCdf));
                    Region region = regions.get(draw(regionCdf));
                    for (String area : new String[] {"*", region.countryCode(), region.code()}) {
                        minutes.merge(new Key(service, area, minute), 1, Integer::sum);
                        hours.merge(new Key(service, area, hour), 1, Integer::sum);
                    }
                    if (withRows) {
                        // Time-ordered ids (as UUIDv7) keep the primary key's inserts at its end during a bulk load.
                        report.setObject(1, new UUID((at.toEpochMilli() << 16) | (i & 0xffff), random.nextLong()));
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
                }
                if (pending % BATCH > 0) {
                    report.executeBatch();
                }
                flush(c, "minute_count", "minute_start", minutes);
                flush(c, "hour_count", "hour_start", hours);
                c.commit();
            }
        });
        return written[0];
    }

    /**
     * Runs a bulk load with the report table's secondary indexes dropped, then builds them again (the same
     * definitions as the migration): building an index once is far cheaper than keeping it sorted row by row.
     */
    static void withoutReportIndexes(DSLContext dsl, Runnable load) {
        List<String> indexes = List.of(
                "report_service_time on report (service_id, received_at)",
                "report_kind_reporter on report (reporter_key, service_id, kind, received_at)",
                "report_time on report (received_at)",
                "report_subnet_time on report (subnet_key, received_at)");
        indexes.forEach(i -> dsl.execute("drop index " + i.substring(0, i.indexOf(' '))));
        load.run();
        indexes.forEach(i -> dsl.execute("create index " + i));
    }

    /** Inserts the counts, complete for their minute or hour (reports come in time order), and clears them. */
    private static void flush(Connection c, String table, String column, Map<Key, Integer> counts)
            throws SQLException {
        if (counts.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("insert into " + table + " (service_id, area, " + column
                + ", reporters) values (?, ?, ?, ?)")) {
            int pending = 0;
            for (Map.Entry<Key, Integer> e : counts.entrySet()) {
                ps.setInt(1, e.getKey().service());
                ps.setString(2, e.getKey().area());
                ps.setObject(3, e.getKey().start().atOffset(ZoneOffset.UTC));
                ps.setInt(4, e.getValue());
                ps.addBatch();
                if (++pending == BATCH) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                ps.executeBatch();
            }
        }
        counts.clear();
    }

    private static String hex(long a, long b) {
        return String.format("%016x%016x", a, b);
    }
}
