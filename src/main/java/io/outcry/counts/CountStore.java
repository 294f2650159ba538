package io.outcry.counts;

import static io.outcry.counts.CountTime.hourOf;
import static io.outcry.counts.CountTime.utc;
import static io.outcry.db.Tables.HOUR_COUNT;
import static io.outcry.db.Tables.LISTENING;
import static io.outcry.db.Tables.MINUTE_COUNT;
import static io.outcry.db.Tables.WORKS_COUNT;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.Record3;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.TableField;

/**
 * The SQL of the count series: per-minute reporters and "works for me" of every series, and their hourly totals.
 * Every read of the per-minute tables first has the intake write the counts it holds (embedded H2 holds them in
 * memory between batches), so that readers see every committed report.
 */
public final class CountStore {
    private final DSLContext dsl;
    /** Writes the counts the intake still holds in memory; run before every read of the per-minute counts. */
    private final Runnable heldCounts;

    /**
     * @param heldCounts writes the counts of committed reports that the intake holds in memory (embedded H2), so
     *     that every read of the counts sees every stored report
     */
    public CountStore(DSLContext dsl, Runnable heldCounts) {
        this.dsl = dsl;
        this.heldCounts = heldCounts;
    }

    public CountStore(DSLContext dsl) {
        this(dsl, () -> {});
    }

    /** Hourly totals of one series from its first hour with data, as the baseline fit wants them. */
    public record HourlyHistory(Instant firstHour, int[] counts) {}

    /** A stretch of time reports were heard in: a run of a node, or the span of history written for the demo. */
    public record Heard(Instant from, Instant to) {}

    /** Records that {@code run} has heard reports from {@code from} to {@code to} (a later call moves its end). */
    public void listened(String run, Instant from, Instant to) {
        dsl.insertInto(LISTENING).set(LISTENING.RUN_ID, run).set(LISTENING.FROM_AT, utc(from))
                .set(LISTENING.TO_AT, utc(to))
                .onConflict(LISTENING.RUN_ID).doUpdate().set(LISTENING.TO_AT, utc(to))
                .execute();
    }

    /** Every stretch reports were heard in, the earliest first. */
    public List<Heard> heard() {
        return dsl.select(LISTENING.FROM_AT, LISTENING.TO_AT).from(LISTENING).orderBy(LISTENING.FROM_AT)
                .fetch(r -> new Heard(r.value1().toInstant(), r.value2().toInstant()));
    }

    /**
     * Hourly totals in [from, to) of many series, zero-filled from each one's first hour with data; series without
     * any are absent. A service with few of its series asked reads each one's index range; one with many reads its
     * whole range once and keeps what was asked (an IN list over areas is checked row by row, not looked up).
     */
    public Map<SeriesKey, HourlyHistory> hourlyHistories(Collection<SeriesKey> keys, Instant from, Instant to) {
        Map<Integer, Set<String>> areas = new TreeMap<>();
        keys.forEach(k -> areas.computeIfAbsent(k.serviceId(), s -> new HashSet<>()).add(k.area()));
        Map<SeriesKey, TreeMap<Instant, Integer>> raw = new HashMap<>();
        areas.forEach((service, wanted) -> {
            Condition range = HOUR_COUNT.SERVICE_ID.eq(service)
                    .and(HOUR_COUNT.HOUR_START.ge(utc(from)).and(HOUR_COUNT.HOUR_START.lt(utc(to))));
            List<Condition> queries = wanted.size() <= 32
                    ? wanted.stream().map(a -> range.and(HOUR_COUNT.AREA.eq(a))).toList()
                    : List.of(range);
            for (Condition where : queries) {
                dsl.select(HOUR_COUNT.AREA, HOUR_COUNT.HOUR_START, HOUR_COUNT.REPORTERS)
                        .from(HOUR_COUNT)
                        .where(where)
                        .forEach(r -> {
                            if (wanted.contains(r.value1())) {
                                raw.computeIfAbsent(new SeriesKey(service, r.value1()), k -> new TreeMap<>())
                                        .put(r.value2().toInstant(), r.value3());
                            }
                        });
            }
        });
        Map<SeriesKey, HourlyHistory> out = new HashMap<>();
        raw.forEach((key, hours) -> out.put(key, zeroFilled(hours, to)));
        return out;
    }

    /**
     * The first hour with any count of any series at or after {@code from}; null when there is none. The first row in
     * the hour index's order: H2 computes {@code min(hour_start)} over every row of the range.
     */
    public Instant firstCountedHour(Instant from) {
        return dsl.select(HOUR_COUNT.HOUR_START).from(HOUR_COUNT).where(HOUR_COUNT.HOUR_START.ge(utc(from)))
                .orderBy(HOUR_COUNT.HOUR_START).limit(1).fetchOptional(r -> r.value1().toInstant()).orElse(null);
    }

    private static HourlyHistory zeroFilled(TreeMap<Instant, Integer> hours, Instant to) {
        Instant first = hours.firstKey();
        int[] counts = new int[(int) ((to.getEpochSecond() - first.getEpochSecond()) / 3600)];
        hours.forEach((hour, c) -> counts[(int) ((hour.getEpochSecond() - first.getEpochSecond()) / 3600)] = c);
        return new HourlyHistory(first, counts);
    }

    /** Distinct reporters of every series that has any in the minute starting at {@code minute}. */
    public Map<SeriesKey, Integer> countsAt(Instant minute) {
        heldCounts.run();
        Map<SeriesKey, Integer> out = new HashMap<>();
        dsl.select(MINUTE_COUNT.SERVICE_ID, MINUTE_COUNT.AREA, MINUTE_COUNT.REPORTERS)
                .from(MINUTE_COUNT)
                .where(MINUTE_COUNT.MINUTE_START.eq(utc(minute)))
                .forEach(r -> out.put(new SeriesKey(r.value1(), r.value2()), r.value3()));
        return out;
    }

    /** Distinct reporters per series in [from, to), of one service or of all when {@code serviceId} is null. */
    public Map<SeriesKey, Integer> windowCounts(Integer serviceId, Instant from, Instant to) {
        heldCounts.run();
        Condition where = MINUTE_COUNT.MINUTE_START.ge(utc(from)).and(MINUTE_COUNT.MINUTE_START.lt(utc(to)));
        if (serviceId != null) {
            where = where.and(MINUTE_COUNT.SERVICE_ID.eq(serviceId));
        }
        Map<SeriesKey, Integer> out = new HashMap<>();
        var total = DSL.sum(MINUTE_COUNT.REPORTERS).cast(Integer.class);
        dsl.select(MINUTE_COUNT.SERVICE_ID, MINUTE_COUNT.AREA, total)
                .from(MINUTE_COUNT)
                .where(where)
                .groupBy(MINUTE_COUNT.SERVICE_ID, MINUTE_COUNT.AREA)
                .forEach(r -> out.put(new SeriesKey(r.value1(), r.value2()), r.value3()));
        return out;
    }

    /** People who said it works for them, per series in [from, to), of all services. */
    public Map<SeriesKey, Integer> worksCounts(Instant from, Instant to) {
        heldCounts.run();
        Map<SeriesKey, Integer> out = new HashMap<>();
        var total = DSL.sum(WORKS_COUNT.REPORTERS).cast(Integer.class);
        dsl.select(WORKS_COUNT.SERVICE_ID, WORKS_COUNT.AREA, total)
                .from(WORKS_COUNT)
                .where(WORKS_COUNT.MINUTE_START.ge(utc(from)).and(WORKS_COUNT.MINUTE_START.lt(utc(to))))
                .groupBy(WORKS_COUNT.SERVICE_ID, WORKS_COUNT.AREA)
                .forEach(r -> out.put(new SeriesKey(r.value1(), r.value2()), r.value3()));
        return out;
    }

    /**
     * Reporters of each series since its start, to {@code to}: the sum of its per-minute counts. One statement for every
     * series of a tick, one primary-key range per series: a range over the service alone would read every area's
     * minutes since the earliest start, and the minute index alone every service's.
     */
    public Map<SeriesKey, Integer> reportersSince(Map<SeriesKey, Instant> starts, Instant to) {
        heldCounts.run();
        Map<SeriesKey, Integer> out = new HashMap<>();
        starts.entrySet().stream()
                .<Select<Record3<Integer, String, Integer>>>map(e -> dsl
                        .select(MINUTE_COUNT.SERVICE_ID, MINUTE_COUNT.AREA, MINUTE_COUNT.REPORTERS)
                        .from(MINUTE_COUNT)
                        .where(MINUTE_COUNT.SERVICE_ID.eq(e.getKey().serviceId()))
                        .and(MINUTE_COUNT.AREA.eq(e.getKey().area()))
                        .and(MINUTE_COUNT.MINUTE_START.ge(utc(e.getValue())))
                        .and(MINUTE_COUNT.MINUTE_START.lt(utc(to))))
                .reduce(Select::unionAll)
                .ifPresent(all -> dsl.fetch(all).forEach(r ->
                        out.merge(new SeriesKey(r.value1(), r.value2()), r.value3(), Integer::sum)));
        return out;
    }

    /** Writes the counts the intake holds in memory now: before the hourly roll-up sums the minutes. */
    public void writeHeld() {
        heldCounts.run();
    }

    /** Distinct reporters of one service and area per minute in [from, to), only the minutes that have any. */
    public Map<Instant, Integer> minuteCounts(int serviceId, String area, Instant from, Instant to) {
        return perMinute(MINUTE_COUNT, MINUTE_COUNT.SERVICE_ID, MINUTE_COUNT.AREA, MINUTE_COUNT.MINUTE_START,
                MINUTE_COUNT.REPORTERS, serviceId, area, from, to);
    }

    /** People who said a service works for them, per minute in [from, to), in one area; only minutes that have any. */
    public Map<Instant, Integer> worksCounts(int serviceId, String area, Instant from, Instant to) {
        return perMinute(WORKS_COUNT, WORKS_COUNT.SERVICE_ID, WORKS_COUNT.AREA, WORKS_COUNT.MINUTE_START,
                WORKS_COUNT.REPORTERS, serviceId, area, from, to);
    }

    /** One series of a per-minute count table (keyed by service, area and minute) in [from, to). */
    private <R extends Record> Map<Instant, Integer> perMinute(Table<R> table, TableField<R, Integer> service,
            TableField<R, String> areaField, TableField<R, OffsetDateTime> start, TableField<R, Integer> reporters,
            int serviceId, String area, Instant from, Instant to) {
        heldCounts.run();
        Map<Instant, Integer> out = new TreeMap<>();
        dsl.select(start, reporters)
                .from(table)
                .where(service.eq(serviceId))
                .and(areaField.eq(area))
                .and(start.ge(utc(from)))
                .and(start.lt(utc(to)))
                .forEach(r -> out.put(r.value1().toInstant(), r.value2()));
        return out;
    }

    /** People who said it works, world-wide, per service in [from, to); services without any are absent. */
    public Map<Integer, Integer> worksBetween(Instant from, Instant to) {
        heldCounts.run();
        Map<Integer, Integer> out = new HashMap<>();
        dsl.select(WORKS_COUNT.SERVICE_ID, DSL.sum(WORKS_COUNT.REPORTERS).cast(Integer.class))
                .from(WORKS_COUNT)
                .where(WORKS_COUNT.AREA.eq(SeriesKey.WORLD))
                .and(WORKS_COUNT.MINUTE_START.ge(utc(from)))
                .and(WORKS_COUNT.MINUTE_START.lt(utc(to)))
                .groupBy(WORKS_COUNT.SERVICE_ID)
                .forEach(r -> out.put(r.value1(), r.value2()));
        return out;
    }

    /**
     * Writes whole series at once, per-minute counts and their hourly totals, as the intake and the roll-up would
     * have written them: a replay's input, into a database of its own.
     */
    public void writeSeries(Map<SeriesKey, Map<Instant, Integer>> counts) {
        List<Query> queries = new ArrayList<>();
        counts.forEach((key, byMinute) -> {
            Map<Instant, Integer> hours = new HashMap<>();
            byMinute.forEach((minute, n) -> {
                hours.merge(hourOf(minute), n, Integer::sum);
                queries.add(dsl.insertInto(MINUTE_COUNT).set(MINUTE_COUNT.SERVICE_ID, key.serviceId())
                        .set(MINUTE_COUNT.AREA, key.area()).set(MINUTE_COUNT.MINUTE_START, utc(minute))
                        .set(MINUTE_COUNT.REPORTERS, n));
                flushIfFull(queries);
            });
            hours.forEach((hour, n) -> {
                queries.add(dsl.insertInto(HOUR_COUNT).set(HOUR_COUNT.SERVICE_ID, key.serviceId())
                        .set(HOUR_COUNT.AREA, key.area()).set(HOUR_COUNT.HOUR_START, utc(hour))
                        .set(HOUR_COUNT.REPORTERS, n));
                flushIfFull(queries);
            });
        });
        dsl.batch(queries).execute();
    }

    private void flushIfFull(List<Query> queries) {
        if (queries.size() >= 5_000) {
            dsl.batch(queries).execute();
            queries.clear();
        }
    }
}
