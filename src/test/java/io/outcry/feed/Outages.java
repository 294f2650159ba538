package io.outcry.feed;

import static io.outcry.db.Tables.HOUR_COUNT;
import static io.outcry.db.Tables.MINUTE_COUNT;
import static io.outcry.db.Tables.SERVICE;

import io.outcry.TestNode;
import io.outcry.outage.Counts;
import io.outcry.outage.Outage;
import io.outcry.outage.OutageStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Query;

/** Outages for feed tests: written straight into the store, or produced for real by the detector on a surge. */
final class Outages {
    /** A Thursday, 14:00 UTC. */
    static final Instant NOW = Instant.parse("2026-11-26T14:00:00Z");
    static final double RATE = 2.0;

    private Outages() {}

    static int serviceId(TestNode node, String slug) {
        return node.db().dsl().select(SERVICE.ID).from(SERVICE).where(SERVICE.SLUG.eq(slug)).fetchOne(SERVICE.ID);
    }

    /** An episode as the detector would write it; {@code endedAt} null keeps it open. */
    static Outage episode(TestNode node, String slug, String scope, Outage.State state, Instant startedAt,
            Instant endedAt) {
        Instant confirmed = state == Outage.State.OUTAGE || state == Outage.State.RESOLVED
                ? startedAt.plus(Duration.ofMinutes(3)) : null;
        Instant updated = endedAt != null ? endedAt : startedAt.plus(Duration.ofMinutes(10));
        return new Outage(UUID.randomUUID(), serviceId(node, slug), slug, scope, state, startedAt,
                startedAt.plus(Duration.ofMinutes(1)), confirmed, endedAt, updated, startedAt.plus(Duration.ofMinutes(5)),
                120, 8.5, 300, List.of(new Outage.ProblemShare("login", 0.6)), List.of());
    }

    /** Writes the episodes in one detector tick, as the detector commits them. */
    static void write(TestNode node, Instant minute, Outage... outages) {
        new OutageStore(node.db().dsl(), false).commitTick(minute, List.of(outages), List.of());
    }

    /** Two weeks of steady reports for a service world-wide, before the node's clock. */
    static void history(TestNode node, int serviceId) {
        DSLContext dsl = node.db().dsl();
        Random random = new Random(7);
        Instant to = node.clock.instant().truncatedTo(ChronoUnit.MINUTES);
        List<Query> queries = new ArrayList<>();
        for (Instant m = to.minus(Duration.ofDays(14)); m.isBefore(to); m = m.plusSeconds(60)) {
            int n = Counts.poisson(random, RATE);
            if (n > 0) {
                queries.addAll(add(dsl, serviceId, m, n));
            }
            if (queries.size() > 2_000) {
                dsl.batch(queries).execute();
                queries.clear();
            }
        }
        dsl.batch(queries).execute();
    }

    /** Runs the detector minute by minute with about {@code perMinute} reporters a minute for the service. */
    static void minutes(TestNode node, int serviceId, int count, double perMinute, Random random) {
        for (int i = 0; i < count; i++) {
            Instant minute = node.clock.instant().truncatedTo(ChronoUnit.MINUTES);
            int n = Counts.poisson(random, perMinute);
            if (n > 0) {
                node.db().dsl().batch(add(node.db().dsl(), serviceId, minute, n)).execute();
            }
            node.clock.advance(Duration.ofMinutes(1));
            node.app.detection().runOnce();
        }
    }

    private static List<Query> add(DSLContext dsl, int serviceId, Instant minute, int n) {
        var m = minute.atOffset(ZoneOffset.UTC);
        var h = minute.truncatedTo(ChronoUnit.HOURS).atOffset(ZoneOffset.UTC);
        return List.of(
                dsl.insertInto(MINUTE_COUNT).set(MINUTE_COUNT.SERVICE_ID, serviceId).set(MINUTE_COUNT.AREA, "*")
                        .set(MINUTE_COUNT.MINUTE_START, m).set(MINUTE_COUNT.REPORTERS, n)
                        .onConflict(MINUTE_COUNT.SERVICE_ID, MINUTE_COUNT.AREA, MINUTE_COUNT.MINUTE_START).doUpdate()
                        .set(MINUTE_COUNT.REPORTERS, MINUTE_COUNT.REPORTERS.plus(n)),
                dsl.insertInto(HOUR_COUNT).set(HOUR_COUNT.SERVICE_ID, serviceId).set(HOUR_COUNT.AREA, "*")
                        .set(HOUR_COUNT.HOUR_START, h).set(HOUR_COUNT.REPORTERS, n)
                        .onConflict(HOUR_COUNT.SERVICE_ID, HOUR_COUNT.AREA, HOUR_COUNT.HOUR_START).doUpdate()
                        .set(HOUR_COUNT.REPORTERS, HOUR_COUNT.REPORTERS.plus(n)));
    }
}
