package io.outcry.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outcry.MutableClock;
import io.outcry.TestNode;
import io.outcry.outage.Outage;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Fewer than five people: no count, share or ratio of theirs leaves the node, in any answer or feed. */
class SmallCountsTest {
    @Test
    void an_outage_of_a_few_people_shows_no_count_anywhere() {
        try (TestNode node = TestNode.on(TestNode.freshConfig(), new MutableClock(Outages.NOW))) {
            Outage few = new Outage(UUID.randomUUID(), Outages.serviceId(node, "hetzner"), "hetzner", "JP",
                    Outage.State.RESOLVED, Outages.NOW.minus(Duration.ofMinutes(20)),
                    Outages.NOW.minus(Duration.ofMinutes(19)), Outages.NOW.minus(Duration.ofMinutes(17)), Outages.NOW.minus(Duration.ofMinutes(10)),
                    Outages.NOW.minus(Duration.ofMinutes(10)), Outages.NOW.minus(Duration.ofMinutes(15)), 1, 0.2, 4,
                    List.of(new Outage.ProblemShare("login", 0.75), new Outage.ProblemShare("website", 0.25)),
                    List.of());
            Outages.write(node, Outages.NOW.minus(Duration.ofMinutes(10)), few);

            JsonNode listed = node.client.get("/api/v1/outages?dismissed=true&limit=1000").json().path("outages").path(0);
            JsonNode one = node.client.get("/api/v1/outages/" + few.id()).json();
            for (JsonNode o : List.of(listed, one)) {
                assertEquals(few.id().toString(), o.path("id").asText(), o.toString());
                assertTrue(absent(o.path("peak").path("observed")), o.toString());
                assertEquals("<5", o.path("peak").path("observedLabel").asText());
                assertTrue(absent(o.path("reporters")), o.toString());
                assertEquals(0, o.path("problems").size(), "shares of four reports say what each said: " + o);
                String en = o.path("explanation").path("en").asText();
                assertTrue(en.startsWith("Fewer than 5 people reported problems with"), en);
                assertTrue(o.path("explanation").path("fr").asText().startsWith("Moins de 5 personnes"));
            }
            JsonNode item = node.client.get("/feed.json").json().path("items");
            assertEquals(1, item.size(), item.toString());
            for (JsonNode i : item) {
                assertTrue(absent(i.path("_outcry").path("observed")), i.toString());
                assertFalse(i.path("content_text").asText().contains("1 person"), i.toString());
            }
        }
    }

    @Test
    void an_area_with_a_few_reports_is_not_on_the_map_and_one_in_an_outage_has_no_ratio() {
        try (TestNode node = TestNode.on(TestNode.freshConfig(), new MutableClock(Outages.NOW))) {
            var dsl = node.db().dsl();
            int netflix = Outages.serviceId(node, "netflix");
            dsl.batch(io.outcry.outage.Counts.add(dsl, netflix, "BE", Outages.NOW.minus(Duration.ofMinutes(2)), 3))
                    .execute();
            dsl.batch(io.outcry.outage.Counts.add(dsl, netflix, "NL", Outages.NOW.minus(Duration.ofMinutes(2)), 2))
                    .execute();
            Outage open = Outages.episode(node, "netflix", "NL", Outage.State.POSSIBLE,
                    Outages.NOW.minus(Duration.ofMinutes(5)), null);
            Outages.write(node, Outages.NOW.minus(Duration.ofMinutes(1)), open);
            JsonNode features = node.client.get("/api/v1/map?service=netflix&geometry=false").json().path("features");
            assertEquals(1, features.size(), "Belgium's 3 reporters do not show it on the map: " + features);
            JsonNode nl = features.path(0).path("properties");
            assertEquals("NL", nl.path("code").asText());
            assertTrue(absent(nl.path("observed")) && absent(nl.path("excess")), "no ratio of 2 people: " + nl);
        }
    }

    @Test
    void no_feed_page_incident_or_status_answer_shows_a_few_peoples_count_either() {
        try (TestNode node = TestNode.on(TestNode.freshConfig(), new MutableClock(Outages.NOW))) {
            Outage few = new Outage(UUID.randomUUID(), Outages.serviceId(node, "hetzner"), "hetzner", "JP",
                    Outage.State.RESOLVED, Outages.NOW.minus(Duration.ofMinutes(20)),
                    Outages.NOW.minus(Duration.ofMinutes(19)), Outages.NOW.minus(Duration.ofMinutes(17)),
                    Outages.NOW.minus(Duration.ofMinutes(10)), Outages.NOW.minus(Duration.ofMinutes(10)),
                    Outages.NOW.minus(Duration.ofMinutes(15)), 3, 0.2, 4,
                    List.of(new Outage.ProblemShare("login", 1.0)), List.of());
            Outages.write(node, Outages.NOW.minus(Duration.ofMinutes(10)), few);
            List<String> paths = List.of("/feed.json", "/feed.atom?lang=en", "/feed.atom?lang=fr",
                    "/s/hetzner/feed.json", "/s/hetzner/feed.atom", "/api/v1/incidents", "/api/v2/incidents.json",
                    "/api/v2/summary.json", "/api/v1/status", "/api/v1/outages?dismissed=true&service=hetzner",
                    "/api/v1/outages/" + few.id(), "/o/" + few.id() + "?lang=en", "/o/" + few.id() + "?lang=fr",
                    "/s/hetzner?lang=en", "/s/hetzner?lang=fr");
            java.util.regex.Pattern people = java.util.regex.Pattern.compile(
                    "\\b[1-4]\\s*(person|people|personne|personnes|reporter|signalement)");
            boolean listed = false;
            for (String path : paths) {
                var a = node.client.get(path, "Accept", path.startsWith("/o/") || path.startsWith("/s/hetzner?")
                        ? "text/html" : "*/*");
                assertEquals(200, a.status(), path);
                listed |= a.body().contains(few.id().toString());
                assertFalse(people.matcher(a.body()).find(), path + " counts a few people: " + a.body());
                if (a.header("Content-Type").contains("json")) {
                    assertNoSmallCount(a.json(), path);
                }
            }
            assertTrue(listed, "the outage is in the answers looked at");
        }
    }

    /** No field that counts people holds 1 to 4, anywhere in an answer. */
    private static void assertNoSmallCount(JsonNode n, String path) {
        n.fields().forEachRemaining(f -> {
            if (List.of("observed", "reporters", "peakObserved").contains(f.getKey()) && f.getValue().isNumber()) {
                int v = f.getValue().asInt();
                assertFalse(v > 0 && v < 5, path + ": " + f.getKey() + " = " + v + " in " + n);
            }
        });
        n.elements().forEachRemaining(c -> assertNoSmallCount(c, path)); // an object's values, an array's items
    }

    /** The API leaves out null fields; GeoJSON keeps them. */
    private static boolean absent(JsonNode n) {
        return n.isMissingNode() || n.isNull();
    }
}
