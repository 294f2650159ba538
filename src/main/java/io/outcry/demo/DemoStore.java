package io.outcry.demo;

import static io.outcry.db.Tables.DEMO_HISTORY;
import static io.outcry.db.Tables.HOUR_COUNT;
import static io.outcry.db.Tables.MINUTE_COUNT;

import io.outcry.counts.CountStore;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;
import org.jooq.BatchBindStep;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** Writes demo history straight into the count tables, in large batches, and records whether it was all written. */
public final class DemoStore {
    /** Rows per transaction: a single huge transaction makes H2's file balloon. */
    static final int CHUNK = 20_000;
    private final DSLContext dsl;

    public DemoStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * A database is the demo's or a real one, never both: a node without the demo must not start on the demo's
     * simulated reports and outages, which it would show as real, nor the demo on real reports, which its own would
     * join. Says why, or empty when the node may start.
     *
     * @param database where the data is, as a sentence starts ("the database in ./data")
     * @param ownPlace what to give a node instead ("a data folder (OUTCRY_DATA_DIR)")
     */
    public Optional<String> mixing(boolean demo, String database, String ownPlace) {
        boolean demoData = begun().isPresent();
        if (!demo && demoData) {
            return Optional.of(database + " holds the demo's simulated reports and outages, which a node without "
                    + "--demo would show as real: start it with --demo, or give a real installation " + ownPlace
                    + " of its own.");
        }
        if (demo && !demoData && !isEmpty()) {
            return Optional.of(database + " holds real reports: the demo would mix its simulated reports and "
                    + "outages into them. Give the demo " + ownPlace + " of its own.");
        }
        return Optional.empty();
    }

    /** True when no report was ever counted. */
    private boolean isEmpty() {
        return dsl.fetchCount(dsl.selectOne().from(MINUTE_COUNT).limit(1)) == 0
                && dsl.fetchCount(dsl.selectOne().from(HOUR_COUNT).limit(1)) == 0;
    }

    /** Where a history was begun: its end, and whether it was all written. Empty when none was ever begun. */
    Optional<Begun> begun() {
        return dsl.select(DEMO_HISTORY.WRITTEN_TO, DEMO_HISTORY.FINISHED_AT).from(DEMO_HISTORY)
                .where(DEMO_HISTORY.ID.eq(1))
                .fetchOptional(r -> new Begun(r.value1().toInstant(), r.value2() != null));
    }

    record Begun(Instant to, boolean finished) {}

    /** Records that a history ending at {@code to} is being written, replacing an unfinished one. */
    void begin(Instant to) {
        dsl.transaction(tx -> {
            tx.dsl().deleteFrom(DEMO_HISTORY).execute();
            tx.dsl().insertInto(DEMO_HISTORY, DEMO_HISTORY.ID, DEMO_HISTORY.WRITTEN_TO).values(1, utc(to)).execute();
        });
    }

    /**
     * Records the span of a history written as heard ({@link CountStore#listened}): its hours are the demo's world, not
     * a node that was down.
     */
    void heard(Instant from, Instant to) {
        new CountStore(dsl).listened("demo-history-" + from, from, to);
    }

    /** Records that the history is all written. */
    void finish(Instant at) {
        dsl.update(DEMO_HISTORY).set(DEMO_HISTORY.FINISHED_AT, utc(at)).where(DEMO_HISTORY.ID.eq(1)).execute();
    }

    /** Deletes the counts of minutes and hours that begin before {@code to}: what an unfinished history left. */
    void deleteCountsBefore(Instant to) {
        dsl.deleteFrom(MINUTE_COUNT).where(MINUTE_COUNT.MINUTE_START.lt(utc(to))).execute();
        dsl.deleteFrom(HOUR_COUNT).where(HOUR_COUNT.HOUR_START.lt(utc(to))).execute();
    }

    /** Deletes the counts of minutes and hours from {@code from} on: what a fill of a pause stopped half-way left. */
    void deleteCountsFrom(Instant from) {
        dsl.deleteFrom(MINUTE_COUNT).where(MINUTE_COUNT.MINUTE_START.ge(utc(from))).execute();
        dsl.deleteFrom(HOUR_COUNT).where(HOUR_COUNT.HOUR_START.ge(utc(from))).execute();
    }

    /** The last minute (or, without minute counts, hour) that holds a count, if any. */
    Optional<Instant> lastCounted() {
        OffsetDateTime minute = dsl.select(DSL.max(MINUTE_COUNT.MINUTE_START)).from(MINUTE_COUNT).fetchOne(0,
                OffsetDateTime.class);
        OffsetDateTime last = minute != null ? minute
                : dsl.select(DSL.max(HOUR_COUNT.HOUR_START)).from(HOUR_COUNT).fetchOne(0, OffsetDateTime.class);
        return Optional.ofNullable(last).map(OffsetDateTime::toInstant);
    }

    /** Hourly totals keyed by (service id, area, hour); {@code progress} hears the rows of each committed chunk. */
    void hours(Map<Key, Integer> counts, IntConsumer progress) {
        write(counts, true, progress);
    }

    /** Per-minute counts keyed by (service id, area, minute). */
    void minutes(Map<Key, Integer> counts, IntConsumer progress) {
        write(counts, false, progress);
    }

    record Key(int serviceId, String area, Instant at) {}

    private void write(Map<Key, Integer> counts, boolean hourly, IntConsumer progress) {
        List<Map.Entry<Key, Integer>> all = List.copyOf(counts.entrySet());
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<Map.Entry<Key, Integer>> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
            writeChunk(chunk, hourly);
            progress.accept(chunk.size());
        }
    }

    private void writeChunk(List<Map.Entry<Key, Integer>> counts, boolean hourly) {
        dsl.transaction(tx -> {
            DSLContext t = tx.dsl();
            BatchBindStep batch = batch(t, hourly);
            int pending = 0;
            for (Map.Entry<Key, Integer> e : counts) {
                batch.bind(e.getKey().serviceId(), e.getKey().area(), utc(e.getKey().at()), e.getValue());
                if (++pending == 5_000) {
                    batch.execute();
                    batch = batch(t, hourly);
                    pending = 0;
                }
            }
            if (pending > 0) {
                batch.execute();
            }
        });
    }

    private static BatchBindStep batch(DSLContext t, boolean hourly) {
        return hourly
                ? t.batch(t.insertInto(HOUR_COUNT, HOUR_COUNT.SERVICE_ID, HOUR_COUNT.AREA, HOUR_COUNT.HOUR_START,
                        HOUR_COUNT.REPORTERS).values((Integer) null, null, null, null))
                : t.batch(t.insertInto(MINUTE_COUNT, MINUTE_COUNT.SERVICE_ID, MINUTE_COUNT.AREA,
                        MINUTE_COUNT.MINUTE_START, MINUTE_COUNT.REPORTERS).values((Integer) null, null, null, null));
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}
