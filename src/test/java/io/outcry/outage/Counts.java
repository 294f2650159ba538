package io.outcry.outage;

import static io.outcry.db.Tables.HOUR_COUNT;
import static io.outcry.db.Tables.MINUTE_COUNT;
import static io.outcry.db.Tables.SERVICE;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.rng.sampling.distribution.PoissonSampler;
import org.apache.commons.rng.simple.JDKRandomWrapper;
import org.jooq.DSLContext;
import org.jooq.Query;

/** Writes per-minute and hourly counts straight into the database, for history the tests do not send one by one. */
public final class Counts {
    private Counts() {}

    public static int serviceId(DSLContext dsl, String slug) {
        return dsl.select(SERVICE.ID).from(SERVICE).where(SERVICE.SLUG.eq(slug)).fetchOne(SERVICE.ID);
    }

    /** Poisson counts at {@code perMinute} for every minute in [from, to), with a fixed seed. */
    public static void steady(DSLContext dsl, int serviceId, String area, Instant from, Instant to, double perMinute,
            long seed) {
        Random random = new Random(seed);
        List<Query> queries = new ArrayList<>();
        for (Instant m = from; m.isBefore(to); m = m.plusSeconds(60)) {
            int n = poisson(random, perMinute);
            if (n > 0) {
                queries.addAll(add(dsl, serviceId, area, m, n));
            }
            if (queries.size() > 2_000) {
                dsl.batch(queries).execute();
                queries.clear();
            }
        }
        if (!queries.isEmpty()) {
            dsl.batch(queries).execute();
        }
    }

    public static List<Query> add(DSLContext dsl, int serviceId, String area, Instant minute, int n) {
        var m = minute.atOffset(ZoneOffset.UTC);
        var h = minute.truncatedTo(ChronoUnit.HOURS).atOffset(ZoneOffset.UTC);
        return List.of(
                dsl.insertInto(MINUTE_COUNT).set(MINUTE_COUNT.SERVICE_ID, serviceId).set(MINUTE_COUNT.AREA, area)
                        .set(MINUTE_COUNT.MINUTE_START, m).set(MINUTE_COUNT.REPORTERS, n)
                        .onConflict(MINUTE_COUNT.SERVICE_ID, MINUTE_COUNT.AREA, MINUTE_COUNT.MINUTE_START).doUpdate()
                        .set(MINUTE_COUNT.REPORTERS, MINUTE_COUNT.REPORTERS.plus(n)),
                dsl.insertInto(HOUR_COUNT).set(HOUR_COUNT.SERVICE_ID, serviceId).set(HOUR_COUNT.AREA, area)
                        .set(HOUR_COUNT.HOUR_START, h).set(HOUR_COUNT.REPORTERS, n)
                        .onConflict(HOUR_COUNT.SERVICE_ID, HOUR_COUNT.AREA, HOUR_COUNT.HOUR_START).doUpdate()
                        .set(HOUR_COUNT.REPORTERS, HOUR_COUNT.REPORTERS.plus(n)));
    }

    /** A Poisson draw of {@code mean} (0 for a mean of 0) from {@code random}'s stream. */
    public static int poisson(Random random, double mean) {
        return mean <= 0 ? 0 : PoissonSampler.of(new JDKRandomWrapper(random), mean).sample();
    }
}
