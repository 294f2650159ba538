package io.outcry.demo;

import static io.outcry.db.Tables.HOUR_COUNT;
import static io.outcry.db.Tables.MINUTE_COUNT;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.jooq.BatchBindStep;
import org.jooq.DSLContext;

/** Writes demo history straight into the count tables, in large batches. */
public final class DemoStore {
    private final DSLContext dsl;

    public DemoStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** True when no report was ever counted: only then is demo history written. */
    boolean isEmpty() {
        return dsl.fetchCount(dsl.selectOne().from(MINUTE_COUNT).limit(1)) == 0
                && dsl.fetchCount(dsl.selectOne().from(HOUR_COUNT).limit(1)) == 0;
    }

    /** Hourly totals keyed by (service id, area, hour). */
    void hours(Map<Key, Integer> counts) {
        write(counts, true);
    }

    /** Per-minute counts keyed by (service id, area, minute). */
    void minutes(Map<Key, Integer> counts) {
        write(counts, false);
    }

    record Key(int serviceId, String area, Instant at) {}

    /** Commits every few thousand rows: a single huge transaction makes H2's file balloon. */
    private void write(Map<Key, Integer> counts, boolean hourly) {
        java.util.List<Map.Entry<Key, Integer>> all = new java.util.ArrayList<>(counts.entrySet());
        for (int from = 0; from < all.size(); from += 20_000) {
            writeChunk(all.subList(from, Math.min(all.size(), from + 20_000)), hourly);
        }
    }

    private void writeChunk(java.util.List<Map.Entry<Key, Integer>> counts, boolean hourly) {
        dsl.transaction(tx -> {
            DSLContext t = tx.dsl();
            BatchBindStep batch = hourly
                    ? t.batch(t.insertInto(HOUR_COUNT, HOUR_COUNT.SERVICE_ID, HOUR_COUNT.AREA, HOUR_COUNT.HOUR_START,
                            HOUR_COUNT.REPORTERS).values((Integer) null, null, null, null))
                    : t.batch(t.insertInto(MINUTE_COUNT, MINUTE_COUNT.SERVICE_ID, MINUTE_COUNT.AREA,
                            MINUTE_COUNT.MINUTE_START, MINUTE_COUNT.REPORTERS).values((Integer) null, null, null, null));
            int pending = 0;
            for (Map.Entry<Key, Integer> e : counts) {
                batch.bind(e.getKey().serviceId(), e.getKey().area(), e.getKey().at().atOffset(ZoneOffset.UTC),
                        e.getValue());
                if (++pending == 5_000) {
                    batch.execute();
                    batch = hourly
                            ? t.batch(t.insertInto(HOUR_COUNT, HOUR_COUNT.SERVICE_ID, HOUR_COUNT.AREA,
                                    HOUR_COUNT.HOUR_START, HOUR_COUNT.REPORTERS).values((Integer) null, null, null, null))
                            : t.batch(t.insertInto(MINUTE_COUNT, MINUTE_COUNT.SERVICE_ID, MINUTE_COUNT.AREA,
                                    MINUTE_COUNT.MINUTE_START, MINUTE_COUNT.REPORTERS)
                                    .values((Integer) null, null, null, null));
                    pending = 0;
                }
            }
            if (pending > 0) {
                batch.execute();
            }
        });
    }
}
