package io.outcry.outage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.outcry.Config;
import io.outcry.MutableClock;
import io.outcry.TestNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RegionalTest {
    private static final Instant NOW = Instant.parse("2026-11-26T14:00:00Z");

    @Test
    void locates_reports_by_pick_device_and_address_without_keeping_either() {
        var config = TestNode.freshConfig().withTrustedProxies(java.util.List.of("127.0.0.1"));
        try (TestNode node = TestNode.on(config, new MutableClock(NOW))) {
            JsonNode picked = node.client.postJson("/api/v1/reports", "{\"service\":\"free\",\"location\":\"FR-IDF\"}",
                    "User-Agent", "a").json().path("location");
            assertEquals("FR-IDF", picked.path("region").asText());
            assertEquals("picked", picked.path("source").asText());

            JsonNode device = node.client.postJson("/api/v1/reports",
                    "{\"service\":\"free\",\"lat\":48.8566,\"lon\":2.3522}", "User-Agent", "b").json().path("location");
            assertEquals("FR", device.path("country").asText());
            assertEquals("FR-IDF", device.path("region").asText());
            assertEquals("device", device.path("source").asText());

            JsonNode ip = node.client.postJson("/api/v1/reports", "{\"service\":\"free\"}", "User-Agent", "c",
                    "X-Forwarded-For", "8.8.8.8").json().path("location");
            assertEquals("US", ip.path("country").asText());
            assertEquals("ip", ip.path("source").asText());

            var unknown = node.client.postJson("/api/v1/reports", "{\"service\":\"free\",\"location\":\"ZZ-NOPE\"}");
            assertEquals(400, unknown.status());
            assertEquals("location", unknown.json().path("field").asText());
        }
    }

    @Test
    void finds_places_without_accents() {
        try (TestNode node = TestNode.fresh()) {
            JsonNode first = node.client.get("/api/v1/places?q=saint%20etienne").json().path("places").get(0);
            assertEquals("Saint-Étienne", first.path("name").asText());
            assertEquals("FR", first.path("country").asText());
            assertTrue(first.path("region").asText().startsWith("FR-"));
            assertEquals(400, node.client.get("/api/v1/places").status());
        }
    }

    @Test
    void declares_a_regional_outage_in_one_country_and_not_worldwide() {
        try (TestNode node = TestNode.on(TestNode.freshConfig(), new MutableClock(NOW.plusSeconds(5)))) {
            var dsl = node.db().dsl();
            int orange = Counts.serviceId(dsl, "orange");
            Counts.steady(dsl, orange, "*", NOW.minus(Duration.ofDays(7)), NOW, 60, 1);
            Counts.steady(dsl, orange, "FR", NOW.minus(Duration.ofDays(7)), NOW, 2, 2);
            Random random = new Random(9);
            for (int i = 0; i < 40; i++) {
                Instant minute = node.clock.instant().truncatedTo(ChronoUnit.MINUTES);
                boolean surge = i >= 10;
                int fr = Counts.poisson(random, surge ? 16 : 2);
                int world = Counts.poisson(random, 58) + fr;
                dsl.batch(Counts.add(dsl, orange, "FR", minute, fr)).execute();
                dsl.batch(Counts.add(dsl, orange, "*", minute, world)).execute();
                node.clock.advance(Duration.ofMinutes(1));
                node.app.detection().runOnce();
            }
            JsonNode active = node.client.get("/api/v1/outages?active=true&service=orange").json().path("outages");
            JsonNode france = null;
            for (JsonNode o : active) {
                assertTrue(!o.path("scope").asText().equals("*") || !o.path("state").asText().equals("outage"),
                        "not an outage world-wide: " + o);
                if (o.path("scope").asText().equals("FR")) {
                    france = o;
                }
            }
            assertTrue(france != null && france.path("state").asText().equals("outage"), active.toString());
            assertEquals("France", france.path("scopeName").path("en").asText());
            assertTrue(france.path("explanation").path("en").asText().contains("in France"));

            JsonNode map = node.client.get("/api/v1/map?service=orange&level=country").json();
            assertEquals("FeatureCollection", map.path("type").asText());
            JsonNode fr = null;
            for (JsonNode f : map.path("features")) {
                if (f.path("id").asText().equals("FR")) {
                    fr = f;
                }
            }
            assertTrue(fr != null, map.toString());
            assertEquals("outage", fr.path("properties").path("level").asText());
            assertEquals(france.path("id").asText(), fr.path("properties").path("outage").asText());
            assertEquals("MultiPolygon", fr.path("geometry").path("type").asText());
            assertTrue(fr.path("properties").path("observed").asInt() >= 5);
        }
    }

    /**
     * What a node shows in Texas, minute by minute, while {@code people} report there {@code apart} minutes apart, where
     * {@code usualPerHour} reports an hour are usual (NaN: a node with no history at all): from 203.0.{@code n}.7 each
     * (their own /24), or all from one /24.
     *
     * @return minutes from the first report to the first "possible" and the first outage in Texas (-1: never), and
     *     how many times anything else showed (another area, or anything before the burst)
     */
    private static int[] sparseBurst(boolean oneNetwork, int people, int apart, double usualPerHour) {
        return sparseBurst("US-TX", oneNetwork, people, apart, usualPerHour);
    }

    /** As {@link #sparseBurst(boolean, int, int, double)}, in {@code area}: a region of the US, or a country. */
    private static int[] sparseBurst(String area, boolean oneNetwork, int people, int apart, double usualPerHour) {
        Config config = TestNode.freshConfigWithProductionLimits();
        try (TestNode node = TestNode.on(config, new MutableClock(NOW.plusSeconds(62)))) {
            var dsl = node.db().dsl();
            int att = Counts.serviceId(dsl, "chatgpt");
            Instant end = NOW.plus(Duration.ofHours(3));
            if (!Double.isNaN(usualPerHour)) {
                Counts.steady(dsl, att, "*", NOW.minus(Duration.ofDays(14)), end, 2, 3);
                Counts.steady(dsl, att, "US", NOW.minus(Duration.ofDays(14)), end, 0.5, 4);
                Counts.steady(dsl, att, area, NOW.minus(Duration.ofDays(14)), end, usualPerHour / 60, 5);
            }
            node.app.detection().runOnce();
            int possible = -1;
            int outage = -1;
            int elsewhere = 0;
            // A node that has been running an hour (its windows know their minutes), then the burst.
            for (int minute = -60; minute < 90; minute++) {
                if (minute >= 0 && minute % apart == 0 && minute < people * apart) {
                    int person = minute / apart;
                    String address = oneNetwork ? "198.51.100." + (10 + person) : "203.0." + (10 + person) + ".7";
                    assertEquals(201, node.client.postJson("/api/v1/reports",
                            "{\"service\":\"chatgpt\",\"location\":\"" + area + "\"}", "User-Agent", "texan " + person,
                            "X-Forwarded-For", address).status());
                }
                node.clock.advance(Duration.ofMinutes(1));
                node.app.detection().runOnce();
                for (JsonNode o : node.client.get("/api/v1/outages?active=true&service=chatgpt").json()
                        .path("outages")) {
                    if (minute < 0 || !o.path("scope").asText().equals(area)) {
                        elsewhere++;
                    } else if (o.path("state").asText().equals("outage")) {
                        outage = outage < 0 ? minute + 1 : outage;
                        possible = possible < 0 ? minute + 1 : possible;
                    } else {
                        possible = possible < 0 ? minute + 1 : possible;
                    }
                }
            }
            return new int[] {possible, outage, elsewhere};
        }
    }

    @Test
    void a_sparse_regional_burst_is_declared_there_within_the_hour_and_not_from_one_network() {
        declaredThereInTime("eight people in Texas, 5 min apart", sparseBurst(false, 8, 5, 0.5));
        int[] network = sparseBurst(true, 8, 5, 0.5);
        System.out.println("the same from one /24: possible after " + network[0] + " min, outage after " + network[1]
                + " min, other areas " + network[2]);
        assertEquals(-1, network[0], "one network never shows possible problems on its own");
        assertEquals(-1, network[1], "one network never makes an outage");
        assertEquals(0, network[2]);
        int[] rarer = sparseBurst(true, 8, 5, 0.2);
        System.out.println("the same from one /24 where one report in five hours is usual: possible after " + rarer[0]
                + " min, outage after " + rarer[1] + " min, other areas " + rarer[2]);
        assertEquals(-1, rarer[0], "where reports are rarer, one network still shows nothing on its own");
        assertEquals(-1, rarer[1]);
    }

    /**
     * The sparse-region target at its edge: six people spread over the hour, where one report in five hours is usual.
     * Judged against a floor of one report a minute's hundredth (0.6 an hour), the sixth person left five after the
     * largest network is set aside, about as usual as once a week: never an outage.
     */
    @Test
    void six_people_within_an_hour_where_one_report_in_five_hours_is_usual_are_an_outage_there() {
        declaredThereInTime("six people in Texas, 10 min apart", sparseBurst(false, 6, 10, 0.2));
    }

    /**
     * A node with no history, running for an hour, does not know what is usual in Texas: a region's level needs a day
     * of listening, every hour of the day once, and until then the node does not judge regions. Judged against the
     * floor (half a report over four weeks, silence the node has not heard), eight people in 40 minutes were an outage
     * in Texas after 15 minutes.
     */
    @Test
    void a_node_that_has_not_listened_a_day_does_not_judge_regions() {
        int[] fresh = sparseBurst(false, 8, 5, Double.NaN);
        System.out.println("eight people in Texas on a node with no history: possible after " + fresh[0]
                + " min, outage after " + fresh[1] + " min, other areas " + fresh[2]);
        assertEquals(-1, fresh[1], "no outage in Texas before the node knows what is usual there");
    }

    /**
     * A small country is as sparse as a region: half a report an hour usual in Belgium, where the country's series rule
     * must set aside the 12 reports an hour one network could add. Judged as a region (the regional scan, counting
     * networks), eight people there are shown there within the targets; judged by its series rule only, they were
     * possible problems and never an outage.
     */
    @Test
    void a_sparse_country_is_judged_as_a_region() {
        declaredThereInTime("eight people in Belgium, 5 min apart", sparseBurst("BE", false, 8, 5, 0.5));
        int[] network = sparseBurst("BE", true, 8, 5, 0.5);
        assertEquals(-1, network[1], "one network never makes an outage");
    }

    /** The target for a sparse region: possible within 30 minutes, an outage within 60, there and nowhere else. */
    private static void declaredThereInTime(String burst, int[] people) {
        System.out.println(burst + ": possible after " + people[0] + " min, outage after " + people[1]
                + " min, other areas " + people[2]);
        assertTrue(people[0] > 0 && people[0] <= 30, "possible within 30 minutes: " + people[0]);
        assertTrue(people[1] > 0 && people[1] <= 60, "an outage within 60 minutes: " + people[1]);
        assertEquals(0, people[2], "there, not worldwide nor in the country");
    }

    /** {@code n} people reported Netflix in {@code area} two minutes ago. */
    private static void netflixReporters(TestNode node, String area, int n) {
        var dsl = node.db().dsl();
        dsl.batch(Counts.add(dsl, Counts.serviceId(dsl, "netflix"), area, NOW.minus(Duration.ofMinutes(2)), n))
                .execute();
    }

    @Test
    void hides_counts_below_five_on_the_map() {
        try (TestNode node = TestNode.on(TestNode.freshConfig(), new MutableClock(NOW))) {
            netflixReporters(node, "BE", 3);
            netflixReporters(node, "DE", 9);
            JsonNode features = node.client.get("/api/v1/map?service=netflix&geometry=false").json().path("features");
            assertEquals(1, features.size(), "3 reporters do not put Belgium on the map");
            for (JsonNode f : features) {
                JsonNode p = f.path("properties");
                if (f.path("id").asText().equals("BE")) {
                    assertTrue(p.has("observed") && p.get("observed").isNull(), "3 reporters are not shown: " + p);
                    assertEquals("<5", p.path("observedLabel").asText());
                } else {
                    assertEquals(9, p.path("observed").asInt());
                    assertFalse(p.has("observedLabel") || p.has("outage") || p.has("services"),
                            "what does not apply is left out, not null: " + p);
                }
                assertTrue(f.get("geometry").isNull());
            }
            assertEquals(400, node.client.get("/api/v1/map?service=netflix&level=planet").status());
            assertEquals(400, node.client.get("/api/v1/map").status());
        }
    }

    @Test
    void names_false_leaves_out_names_and_label_points_and_nothing_else() {
        try (TestNode node = TestNode.on(TestNode.freshConfig(), new MutableClock(NOW))) {
            netflixReporters(node, "FR-IDF", 9);
            String map = "/api/v1/map?service=netflix&level=region&geometry=false";
            JsonNode lean = node.client.get(map + "&names=false").json().path("features").path(0);
            JsonNode full = node.client.get(map).json().path("features").path(0);
            assertEquals("Île-de-France", full.path("properties").path("name").path("en").asText(), full.toString());
            assertEquals(2, full.path("properties").path("label").size(), full.toString());

            assertEquals("FR-IDF", lean.path("id").asText(), lean.toString());
            ObjectNode withoutNames = full.deepCopy();
            ((ObjectNode) withoutNames.path("properties")).remove(List.of("name", "label"));
            assertEquals(withoutNames, lean, "only the name and label point are left out");
            assertEquals(full, node.client.get(map + "&names=true").json().path("features").path(0),
                    "each form is cached apart");
            assertEquals(400, node.client.get(map + "&names=maybe").status());
            assertEquals(400, node.client.get("/api/v1/map/now?names=maybe").status());
        }
    }
}
