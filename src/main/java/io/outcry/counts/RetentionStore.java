package io.outcry.counts;

import static io.outcry.counts.CountTime.utc;
import static io.outcry.db.Tables.HOUR_COUNT;
import static io.outcry.db.Tables.MINUTE_COUNT;
import static io.outcry.db.Tables.WORKS_COUNT;
import static io.outcry.db.Tables.REPORT;
import static io.outcry.db.Tables.SERVICE;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.BatchBindStep;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Record3;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.impl.DSL;

/** The SQL of retention: old rows deleted a few thousand at a time, per-minute counts rolled up to hours first. */
public final class RetentionStore {
    private final DSLContext dsl;

    public RetentionStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Deletes at most {@code limit} reports received before {@code cutoff}, oldest first within each service; returns
     * how many. Service by service, through the (service, time) index: embedded H2 keeps no index on time alone.
     */
    public int deleteReportsBefore(Instant cutoff, int limit) {
        int deleted = 0;
        for (int service : dsl.select(SERVICE.ID).from(SERVICE).orderBy(SERVICE.ID).fetch(SERVICE.ID)) {
            if (deleted >= limit) {
                break;
            }
            // The ids first, then their rows: on H2, `delete … where id in (select … limit n)` now and then deleted
            // fewer than n of several reports received at the same instant, which ended the job's batches early.
            List<UUID> oldest = dsl.select(REPORT.ID).from(REPORT)
                    .where(REPORT.SERVICE_ID.eq(service))
                    .and(REPORT.RECEIVED_AT.lt(utc(cutoff)))
                    .orderBy(REPORT.RECEIVED_AT)
                    .limit(limit - deleted)
                    .fetch(REPORT.ID);
            if (!oldest.isEmpty()) {
                deleted += dsl.deleteFrom(REPORT).where(REPORT.ID.in(oldest)).execute();
            }
        }
        return deleted;
    }

    /** The start of the oldest minute with per-minute counts before {@code cutoff}, if any. */
    public Optional<Instant> oldestMinuteBefore(Instant cutoff) {
        return Optional.ofNullable(dsl.select(DSL.min(MINUTE_COUNT.MINUTE_START)).from(MINUTE_COUNT)
                        .where(MINUTE_COUNT.MINUTE_START.lt(utc(cutoff)))
                        .fetchOne(0, OffsetDateTime.class))
                .map(OffsetDateTime::toInstant);
    }

    /** The start of the latest hour with any total written, if any. */
    public Optional<Instant> latestHourTotal() {
        return Optional.ofNullable(dsl.select(DSL.max(HOUR_COUNT.HOUR_START)).from(HOUR_COUNT)
                        .fetchOne(0, OffsetDateTime.class))
                .map(OffsetDateTime::toInstant);
    }

    /**
     * Makes the hourly totals of the hour starting at {@code hour} equal to the sum of its per-minute counts, for
     * every series whose total is missing or different; returns how many totals were written. The retention job
     * calls it when an hour ends (the intake writes only minutes), and again before it deletes the minutes.
     */
    public int rollUpHour(Instant hour) {
        Instant end = hour.plus(1, ChronoUnit.HOURS);
        return dsl.transactionResult(tx -> {
            DSLContext t = tx.dsl();
            Map<String, Integer> hourly = new HashMap<>();
            t.select(HOUR_COUNT.SERVICE_ID, HOUR_COUNT.AREA, HOUR_COUNT.REPORTERS).from(HOUR_COUNT)
                    .where(HOUR_COUNT.HOUR_START.eq(utc(hour)))
                    .forEach(r -> hourly.put(r.value1() + "|" + r.value2(), r.value3()));
            var sum = DSL.sum(MINUTE_COUNT.REPORTERS).cast(Integer.class);
            var minutes = t.select(MINUTE_COUNT.SERVICE_ID, MINUTE_COUNT.AREA, sum).from(MINUTE_COUNT)
                    .where(MINUTE_COUNT.MINUTE_START.ge(utc(hour)).and(MINUTE_COUNT.MINUTE_START.lt(utc(end))))
                    .groupBy(MINUTE_COUNT.SERVICE_ID, MINUTE_COUNT.AREA)
                    .fetch();
            // The update takes the inserted row's total (excluded), not a parameter: PostgreSQL's driver makes a batch
            // one multi-row statement only when no parameter follows the values. An hour's keys are distinct.
            BatchBindStep upsert = t.batch(t.insertInto(HOUR_COUNT)
                    .set(HOUR_COUNT.SERVICE_ID, DSL.param("s", HOUR_COUNT.SERVICE_ID))
                    .set(HOUR_COUNT.AREA, DSL.param("a", HOUR_COUNT.AREA))
                    .set(HOUR_COUNT.HOUR_START, DSL.param("t", HOUR_COUNT.HOUR_START))
                    .set(HOUR_COUNT.REPORTERS, DSL.param("n", HOUR_COUNT.REPORTERS))
                    .onConflict(HOUR_COUNT.SERVICE_ID, HOUR_COUNT.AREA, HOUR_COUNT.HOUR_START)
                    .doUpdate()
                    .set(HOUR_COUNT.REPORTERS, DSL.excluded(HOUR_COUNT.REPORTERS)));
            int written = 0;
            for (Record3<Integer, String, Integer> r : minutes) {
                Integer total = hourly.get(r.value1() + "|" + r.value2());
                if (total == null || !total.equals(r.value3())) {
                    upsert.bind(Map.of("s", r.value1(), "a", r.value2(), "t", utc(hour), "n", r.value3()));
                    written++;
                }
            }
            if (written > 0) {
                upsert.execute();
            }
            return written;
        });
    }

    /** Deletes the oldest per-minute counts of minutes before {@code cutoff}, about {@code limit}; returns how many. */
    public int deleteMinuteCountsBefore(Instant cutoff, int limit) {
        return deleteCountsBefore(MINUTE_COUNT, MINUTE_COUNT.MINUTE_START, cutoff, limit);
    }

    /** Deletes the oldest "works for me" counts of minutes before {@code cutoff}, about {@code limit}; how many. */
    public int deleteWorksCountsBefore(Instant cutoff, int limit) {
        return deleteCountsBefore(WORKS_COUNT, WORKS_COUNT.MINUTE_START, cutoff, limit);
    }

    /** Deletes the oldest hourly totals of hours before {@code cutoff}, about {@code limit}; returns how many. */
    public int deleteHourCountsBefore(Instant cutoff, int limit) {
        return deleteCountsBefore(HOUR_COUNT, HOUR_COUNT.HOUR_START, cutoff, limit);
    }

    /**
     * Deletes the oldest rows of a count table before {@code cutoff}: the oldest {@code limit} and the rest of the last
     * one's minute (or hour), so at least {@code limit} while more are left, and at most as many more as there are
     * series. A range on the start's index: deleting the rows whose key is in a subquery of the oldest made H2 evaluate
     * the subquery for each row of the table, minutes for a batch of 5,000 once it held a few hundred thousand rows.
     */
    private <R extends Record> int deleteCountsBefore(Table<R> table, TableField<R, OffsetDateTime> start,
            Instant cutoff, int limit) {
        Condition old = start.lt(utc(cutoff));
        Optional<OffsetDateTime> last = dsl.select(start).from(table).where(old).orderBy(start)
                .offset(limit - 1).limit(1).fetchOptional(start);
        return dsl.deleteFrom(table).where(old).and(last.map(start::le).orElse(DSL.trueCondition())).execute();
    }
}
