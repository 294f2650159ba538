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

    /** The API leaves out null fields; GeoJSON keeps them. */
    private static boolean absent(JsonNode n) {
        return n.isMissingNode() || n.isNull();
    }
}
