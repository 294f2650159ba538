package io.outcry.outage;

import static io.outcry.db.Tables.HOUR_COUNT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outcry.Engine;
import io.outcry.OnEachEngine;
import io.outcry.TestNode;
import io.outcry.counts.CountStore;
import io.outcry.counts.SeriesKey;
import io.outcry.detect.DetectorSettings;
import io.outcry.detect.SeasonalBaseline;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/** Usual levels fitted from two weeks of hourly totals read from each engine. */
class BaselinesTest extends OnEachEngine {
    private static final Instant NOW = TestNode.START;
    /** Reports an hour in the country, spread over its regions by these shares (the rest name no region). */
    private static final double COUNTRY_PER_HOUR = 360;
    private static final Map<String, Double> SHARES = new LinkedHashMap<>();

    static {
        SHARES.put("FR-IDF", 0.4);
        SHARES.put("FR-ARA", 0.2);
        SHARES.put("FR-OCC", 0.1);
        SHARES.put("FR-BRE", 0.03);
        SHARES.put("FR-COR", 0.003); // about one report an hour
        SHARES.put("FR-GUA", 0.0015);
    }

    /** Poisson hourly totals of every series for two weeks, each hour's regions summing to less than the country. */
    private static void history(DSLContext dsl, int service) {
        Random random = new Random(17);
        List<Query> rows = new ArrayList<>();
        for (Instant h = NOW.minus(Duration.ofDays(14)); h.isBefore(NOW); h = h.plus(Duration.ofHours(1))) {
            int country = 0;
            for (Map.Entry<String, Double> e : SHARES.entrySet()) {
                int n = Counts.poisson(random, COUNTRY_PER_HOUR * e.getValue());
                country += n;
                rows.add(hour(dsl, service, e.getKey(), h, n));
            }
            country += Counts.poisson(random, COUNTRY_PER_HOUR * 0.2655);
            rows.add(hour(dsl, service, "FR", h, country));
            rows.add(hour(dsl, service, "*", h, country * 2));
        }
        dsl.batch(rows).execute();
    }

    private static Query hour(DSLContext dsl, int service, String area, Instant h, int n) {
        return dsl.insertInto(HOUR_COUNT).set(HOUR_COUNT.SERVICE_ID, service).set(HOUR_COUNT.AREA, area)
                .set(HOUR_COUNT.HOUR_START, h.atOffset(ZoneOffset.UTC)).set(HOUR_COUNT.REPORTERS, n);
    }

    /** Reports an hour world-wide, and the three hours of an outage at ten times that, the day before. */
    private static final double WORLD_PER_HOUR = 60;
    private static final Instant OUTAGE = NOW.minus(Duration.ofHours(20));

    /**
     * The same Poisson hourly totals world-wide for two weeks for two services, but for the second's 10× outage of
     * three hours the day before.
     */
    private static void historiesWithAndWithoutAnOutage(DSLContext dsl, int without, int with) {
        Random random = new Random(23);
        Random outage = new Random(29);
        List<Query> rows = new ArrayList<>();
        for (Instant h = NOW.minus(Duration.ofDays(14)); h.isBefore(NOW); h = h.plus(Duration.ofHours(1))) {
            int n = Counts.poisson(random, WORLD_PER_HOUR);
            boolean down = !h.isBefore(OUTAGE) && h.isBefore(OUTAGE.plus(Duration.ofHours(3)));
            rows.add(hour(dsl, without, "*", h, n));
            rows.add(hour(dsl, with, "*", h, down ? Counts.poisson(outage, 10 * WORLD_PER_HOUR) : n));
        }
        dsl.batch(rows).execute();
    }

    /** One node per engine holding two weeks of counts of three services, from which the tests fit; they only read. */
    private static TestNode node;
    private static int free;
    private static int netflix;
    private static int orange;
    private static Baselines baselines;

    @BeforeParameterizedClassInvocation
    static void start(Engine engine) {
        node = TestNode.fresh(engine);
        DSLContext dsl = node.db().dsl();
        free = Counts.serviceId(dsl, "free");
        history(dsl, free);
        netflix = Counts.serviceId(dsl, "netflix");
        orange = Counts.serviceId(dsl, "orange");
        historiesWithAndWithoutAnOutage(dsl, netflix, orange);
        baselines = new Baselines(new CountStore(dsl), DetectorSettings.defaults());
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        node.close();
    }

    @Test
    void the_regions_usual_levels_add_up_to_their_share_of_the_country_and_sparse_ones_are_not_too_low() {
        // Weekly totals: one slot's mean rests on two weeks and carries their noise; a week of slots does not.
        double country = weekly(baselines.of(new SeriesKey(free, "FR"), NOW));
        double regions = 0;
        for (Map.Entry<String, Double> e : SHARES.entrySet()) {
            double expected = weekly(baselines.of(new SeriesKey(free, e.getKey()), NOW));
            double truth = SeasonalBaseline.SLOTS * COUNTRY_PER_HOUR * e.getValue();
            assertEquals(truth, expected, 0.15 * truth, e.getKey() + " usual per week");
            regions += expected;
        }
        double shares = SHARES.values().stream().mapToDouble(Double::doubleValue).sum();
        assertEquals(shares * country, regions, 0.05 * shares * country, "the regions add up");
    }

    @Test
    void a_sparse_region_takes_its_weekly_shape_from_the_country_not_from_its_own_noise() {
        SeasonalBaseline sparse = baselines.of(new SeriesKey(free, "FR-GUA"), NOW);
        double truth = COUNTRY_PER_HOUR * SHARES.get("FR-GUA");
        for (int slot = 0; slot < SeasonalBaseline.SLOTS; slot++) {
            // Two weeks give each hour of the week two counts of about half a report: its own mean would be noise.
            assertEquals(truth, sparse.hourlyMean(slot), 0.25 * truth, "hour of the week " + slot);
        }
    }

    /**
     * The refit after an outage does not make it usual: fitted from the same hours but for a 10× outage of three, the
     * usual level at those hours of the week moves by less than 10 %, and the counts' spread hardly at all.
     */
    @Test
    void an_outage_in_the_history_does_not_become_the_usual_level() {
        SeasonalBaseline without = baselines.of(new SeriesKey(netflix, "*"), NOW);
        SeasonalBaseline with = baselines.of(new SeriesKey(orange, "*"), NOW);
        for (int h = 0; h < 3; h++) {
            int slot = SeasonalBaseline.slotOf(OUTAGE.plus(Duration.ofHours(h)));
            assertEquals(without.hourlyMean(slot), with.hourlyMean(slot), 0.1 * WORLD_PER_HOUR,
                    "hour " + h + " of the outage");
        }
        assertEquals(without.overdispersion(), with.overdispersion(), 0.1, "the counts' own spread");
    }

    private static double weekly(SeasonalBaseline b) {
        double sum = 0;
        for (int slot = 0; slot < SeasonalBaseline.SLOTS; slot++) {
            sum += b.hourlyMean(slot);
        }
        return sum;
    }

    /**
     * A week the node was down is left out of the usual levels, not counted as a week without reports: four weeks of
     * 60 reports an hour world-wide with a week missing (runs recorded before and after it) fit 60 an hour. Without the
     * runs recorded (a database from before them), the same hours count as silent and the level falls by about a third.
     */
    @Test
    void hours_no_node_heard_are_left_out_of_the_usual_level() {
        try (TestNode fresh = TestNode.fresh(engine)) {
            DSLContext dsl = fresh.db().dsl();
            int spotify = Counts.serviceId(dsl, "spotify");
            Instant downFrom = NOW.minus(Duration.ofDays(9));
            Instant downTo = NOW.minus(Duration.ofDays(2));
            Random random = new Random(31);
            List<Query> rows = new ArrayList<>();
            for (Instant h = NOW.minus(Duration.ofDays(28)); h.isBefore(NOW); h = h.plus(Duration.ofHours(1))) {
                if (h.isBefore(downFrom) || !h.isBefore(downTo)) {
                    rows.add(hour(dsl, spotify, "*", h, Counts.poisson(random, WORLD_PER_HOUR)));
                }
            }
            dsl.batch(rows).execute();
            SeriesKey world = new SeriesKey(spotify, "*");
            CountStore counts = new CountStore(dsl);
            double silent = weekly(new Baselines(counts, DetectorSettings.defaults()).of(world, NOW));
            counts.listened("before", NOW.minus(Duration.ofDays(28)), downFrom);
            counts.listened("after", downTo, NOW);
            double heard = weekly(new Baselines(counts, DetectorSettings.defaults()).of(world, NOW));
            double week = WORLD_PER_HOUR * SeasonalBaseline.SLOTS;
            assertEquals(week, heard, 0.05 * week, "the week down left out");
            assertTrue(silent < 0.9 * week, "counted as silence: " + silent / week);
        }
    }

    /**
     * A country whose usual hour holds fewer reports than one network can add in an hour (12) is sparse, and stays so
     * until a tenth above that line: near the line, a refit that moves it by a report does not change its class.
     */
    @Test
    void sparse_countries_are_those_under_one_network_an_hour_and_keep_their_class_near_the_line() {
        Baselines baselines = new Baselines(null, DetectorSettings.defaults());
        SeriesKey belgium = new SeriesKey(1, "BE");
        Map<SeriesKey, SeasonalBaseline> fitted = Map.of(belgium, SeasonalBaseline.flat(11.5 / 60, 1),
                new SeriesKey(1, "*"), SeasonalBaseline.flat(0.01, 1), new SeriesKey(1, "BE-BRU"),
                SeasonalBaseline.flat(0.01, 1));
        assertEquals(Set.of("1|BE"), baselines.sparseCountries(fitted, Set.of()));

        Map<SeriesKey, SeasonalBaseline> refit = Map.of(belgium, SeasonalBaseline.flat(12.5 / 60, 1));
        assertEquals(Set.of(), baselines.sparseCountries(refit, Set.of()), "judged afresh: dense");
        assertEquals(Set.of("1|BE"), baselines.sparseCountries(refit, Set.of("1|BE")), "sparse before: stays");
        assertEquals(Set.of(), baselines.sparseCountries(Map.of(belgium, SeasonalBaseline.flat(13.5 / 60, 1)),
                Set.of("1|BE")), "a tenth above the line: dense");
    }
}
