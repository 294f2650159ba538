package io.outcry.report;

import static io.outcry.db.Tables.MINUTE_COUNT;
import static io.outcry.db.Tables.REPORT;
import static io.outcry.db.Tables.WORKS_COUNT;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jooq.DSLContext;
import org.jooq.DatePart;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The SQL that reads the report series: per-minute counts of distinct reporters and raw rows. How reports are written
 * is the {@link Intake}'s.
 */
public final class ReportStore {
    /** The area of world-wide counts; countries and regions use their ISO codes. */
    public static final String WORLD = "*";

    private final DSLContext dsl;
    private final Runnable heldCounts;

    /**
     * @param heldCounts writes the counts the intake holds in memory ({@link Intake#writeCountsForReaders}); called
     *     before every read of the count tables, so that readers see every committed report
     */
    public ReportStore(DSLContext dsl, Runnable heldCounts) {
        this.dsl = dsl;
        this.heldCounts = heldCounts;
    }

    /** The count areas a report adds to: the world, and its country and region when known. */
    public static List<String> areasOf(Location location) {
        List<String> areas = new ArrayList<>(3);
        areas.add(WORLD);
        if (location.country() != null) {
            areas.add(location.country());
        }
        if (location.region() != null) {
            areas.add(location.region());
        }
        return areas;
    }

    /** Distinct reporters of one service and area per minute in [from, to), only the minutes that have any. */
    public Map<Instant, Integer> minuteCounts(int serviceId, String area, Instant from, Instant to) {
        heldCounts.run();
        Map<Instant, Integer> out = new TreeMap<>();
        dsl.select(MINUTE_COUNT.MINUTE_START, MINUTE_COUNT.REPORTERS)
                .from(MINUTE_COUNT)
                .where(MINUTE_COUNT.SERVICE_ID.eq(serviceId))
                .and(MINUTE_COUNT.AREA.eq(area))
                .and(MINUTE_COUNT.MINUTE_START.ge(utc(from)))
                .and(MINUTE_COUNT.MINUTE_START.lt(utc(to)))
                .forEach(r -> out.put(r.value1().toInstant(), r.value2()));
        return out;
    }

    /** Reports per minute and problem kind of one service in [from, to); a null problem is reported as "other". */
    public Map<Instant, Map<String, Integer>> problemsPerMinute(int serviceId, Instant from, Instant to) {
        // Minutes since the epoch, not trunc(): jOOQ renders that on H2 through a string without the offset, which
        // shifts every minute by the JVM's time zone.
        // Whole seconds first, then an integer division: a NUMERIC division would round up into the next minute.
        Field<Long> minute = DSL.floor(DSL.extract(REPORT.RECEIVED_AT, DatePart.EPOCH))
                .cast(SQLDataType.BIGINT)
                .div(DSL.inline(60L))
                .as("m");
        Field<String> problem = DSL.coalesce(REPORT.PROBLEM, DSL.inline("other")).as("p");
        Map<Instant, Map<String, Integer>> out = new TreeMap<>();
        dsl.select(minute, problem, DSL.count())
                .from(REPORT)
                .where(REPORT.SERVICE_ID.eq(serviceId))
                .and(REPORT.KIND.eq(NewReport.Kind.PROBLEM.label()))
                .and(REPORT.RECEIVED_AT.ge(utc(from)))
                .and(REPORT.RECEIVED_AT.lt(utc(to)))
                .and(REPORT.COUNTED.isTrue())
                .groupBy(DSL.field(DSL.name("m")), DSL.field(DSL.name("p")))
                .forEach(r -> out.computeIfAbsent(Instant.ofEpochSecond(r.value1() * 60), k -> new TreeMap<>())
                        .merge(r.value2(), r.value3(), Integer::sum));
        return out;
    }

    /** People who said a service works for them, per minute in [from, to), in one area; only minutes that have any. */
    public Map<Instant, Integer> worksCounts(int serviceId, String area, Instant from, Instant to) {
        heldCounts.run();
        Map<Instant, Integer> out = new TreeMap<>();
        dsl.select(WORKS_COUNT.MINUTE_START, WORKS_COUNT.REPORTERS)
                .from(WORKS_COUNT)
                .where(WORKS_COUNT.SERVICE_ID.eq(serviceId))
                .and(WORKS_COUNT.AREA.eq(area))
                .and(WORKS_COUNT.MINUTE_START.ge(utc(from)))
                .and(WORKS_COUNT.MINUTE_START.lt(utc(to)))
                .forEach(r -> out.put(r.value1().toInstant(), r.value2()));
        return out;
    }

    /** People who said it works, world-wide, per service in [from, to); services without any are absent. */
    public Map<Integer, Integer> worksBetween(Instant from, Instant to) {
        heldCounts.run();
        Map<Integer, Integer> out = new HashMap<>();
        dsl.select(WORKS_COUNT.SERVICE_ID, DSL.sum(WORKS_COUNT.REPORTERS).cast(Integer.class))
                .from(WORKS_COUNT)
                .where(WORKS_COUNT.AREA.eq(WORLD))
                .and(WORKS_COUNT.MINUTE_START.ge(utc(from)))
                .and(WORKS_COUNT.MINUTE_START.lt(utc(to)))
                .groupBy(WORKS_COUNT.SERVICE_ID)
                .forEach(r -> out.put(r.value1(), r.value2()));
        return out;
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
