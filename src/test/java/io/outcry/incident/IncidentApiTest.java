package io.outcry.incident;

import static io.outcry.db.Tables.MINUTE_COUNT;
import static io.outcry.db.Tables.WORKS_COUNT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outcry.MutableClock;
import io.outcry.TestNode;
import io.outcry.outage.Counts;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.junit.jupiter.api.Test;

class IncidentApiTest {
    private static final Instant NOW = Instant.parse("2026-11-26T14:00:00Z");

    @Test
    void groups_aws_and_five_of_its_dependents_into_one_shared_provider_incident() {
        try (TestNode node = TestNode.on(TestNode.freshConfig(), new MutableClock(NOW.plusSeconds(5)))) {
            DSLContext dsl = node.db().dsl();
            List<String> slugs = new ArrayList<>(Outages.ON_AWS);
            slugs.add("aws");
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < slugs.size(); i++) {
                int id = Counts.serviceId(dsl, slugs.get(i));
                ids.add(id);
                Counts.steady(dsl, id, "*", NOW.minus(Duration.ofDays(2)), NOW, 2, 10 + i);
            }
            Random random = new Random(3);
            for (int minute = 0; minute < 40; minute++) {
                Instant m = node.clock.instant().truncatedTo(ChronoUnit.MINUTES);
                List<Query> queries = new ArrayList<>();
                for (int i = 0; i < ids.size(); i++) {
                    // aws first, its dependents a minute or two later
                    boolean surge = minute >= 10 + (i == ids.size() - 1 ? 0 : 1 + i % 2);
                    int n = Counts.poisson(random, surge ? 16 : 2);
                    if (n > 0) {
                        queries.addAll(Counts.add(dsl, ids.get(i), "*", m, n));
                    }
                }
                dsl.batch(queries).execute();
                node.clock.advance(Duration.ofMinutes(1));
                node.app.detection().runOnce();
            }
            JsonNode outages = node.client.get("/api/v1/outages?active=true").json().path("outages");
            assertEquals(6, outages.size(), outages.toString());

            JsonNode incidents = node.client.get("/api/v1/incidents?active=true").json().path("incidents");
            assertEquals(1, incidents.size(), incidents.toString());
            JsonNode incident = incidents.get(0);
            assertEquals("shared_provider", incident.path("scope").asText());
            assertEquals("aws", incident.path("cause").asText());
            assertTrue(incident.path("confidence").asDouble() >= 0.9, incident.toString());
            assertEquals(6, incident.path("members").size());
            assertTrue(incident.path("explanation").path("en").asText()
                    .contains("they all run on Amazon Web Services, which is reported down too"), incident.toString());

            String id = incident.path("id").asText();
            JsonNode one = node.client.get("/api/v1/incidents/" + id + "?tz=Europe/Paris").json();
            assertEquals(id, one.path("id").asText());
            assertTrue(one.path("members").get(0).has("explanation"), "members in the outage shape");
            JsonNode byMember = node.client.get("/api/v1/incidents/" + outages.get(0).path("id").asText()).json();
            assertEquals(id, byMember.path("id").asText(), "found by the id of a member too");
            assertEquals(404, node.client.get("/api/v1/incidents/" + java.util.UUID.randomUUID()).status());

            JsonNode outage = node.client.get("/api/v1/outages/" + outages.get(0).path("id").asText()).json();
            assertEquals(id, outage.path("incident").path("id").asText(), outage.toString());
            assertFalse(outage.has("spillover"));

            JsonNode item = node.client.get("/feed.json").json().path("items").get(0);
            assertEquals(id, item.path("_outcry").path("incident").path("id").asText(), "the feeds carry it too");
            assertTrue(item.path("content_text").asText().contains("Amazon Web Services"), item.toString());
        }
    }

    @Test
    void accepts_works_for_me_once_per_person_and_never_counts_it_as_a_problem() {
        try (TestNode node = TestNode.on(TestNode.freshConfig(), new MutableClock(NOW))) {
            var first = node.client.postJson("/api/v1/services/netflix/works", "{\"location\":\"FR-IDF\"}",
                    "User-Agent", "a");
            assertEquals(201, first.status(), first.body());
            assertTrue(first.json().path("counted").asBoolean());
            assertEquals("<5", first.json().path("worksLast15MinutesLabel").asText(), "one person is not a count to give");

            var again = node.client.postJson("/api/v1/services/netflix/works", "{}", "User-Agent", "a");
            assertEquals(200, again.status(), again.body());
            assertFalse(again.json().path("counted").asBoolean(), "one person, counted once");

            var form = node.client.post("/api/v1/services/netflix/works", "application/x-www-form-urlencoded", "",
                    "User-Agent", "b");
            assertEquals(201, form.status(), form.body());

            var problem = node.client.postJson("/api/v1/reports", "{\"service\":\"netflix\"}", "User-Agent", "a");
            assertEquals(201, problem.status(), "a problem report is deduped apart from works-for-me");
            assertEquals("<5", problem.json().path("reportersLast15MinutesLabel").asText(),
                    "works-for-me are not problems");

            assertEquals(400, node.client.postJson("/api/v1/services/netflix/works", "{\"problem\":\"login\"}").status());
            assertEquals(400, node.client.postJson("/api/v1/services/nope/works", "{}").status());

            node.app.intake().writeCounts();
            DSLContext dsl = node.db().dsl();
            int netflix = Counts.serviceId(dsl, "netflix");
            assertEquals(1, dsl.select(org.jooq.impl.DSL.sum(MINUTE_COUNT.REPORTERS).cast(Integer.class))
                    .from(MINUTE_COUNT).where(MINUTE_COUNT.SERVICE_ID.eq(netflix).and(MINUTE_COUNT.AREA.eq("*")))
                    .fetchOne(0, Integer.class), "only the problem report feeds the detector");
            assertEquals(2, dsl.select(org.jooq.impl.DSL.sum(WORKS_COUNT.REPORTERS).cast(Integer.class))
                    .from(WORKS_COUNT).where(WORKS_COUNT.SERVICE_ID.eq(netflix).and(WORKS_COUNT.AREA.eq("*")))
                    .fetchOne(0, Integer.class));

            JsonNode status = node.client.get("/api/v1/status").json().path("services");
            for (JsonNode s : status) {
                if (s.path("slug").asText().equals("netflix")) {
                    assertEquals("<5", s.path("worksLast15MinutesLabel").asText(), "two people are not a count to give");
                }
            }
            JsonNode points = node.client.get("/api/v1/services/netflix/reports?step=1h").json().path("points");
            for (JsonNode p : points) {
                assertTrue(p.path("works").isMissingNode() && p.path("reporters").isMissingNode(),
                        "counts under 5 never leave the node: " + p);
            }
        }
    }
}
