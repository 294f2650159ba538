package io.outcry.report;

import static io.outcry.db.Tables.MINUTE_COUNT;
import static io.outcry.db.Tables.REPORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outcry.Client.Answer;
import io.outcry.Config;
import io.outcry.MutableClock;
import io.outcry.OnEachEngine;
import io.outcry.TestNode;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReportApiTest extends OnEachEngine {
    private TestNode node;

    @BeforeEach
    void start() {
        node = TestNode.fresh(engine);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private Answer report(String body, String userAgent) {
        return node.client.postJson("/api/v1/reports", body, "User-Agent", userAgent);
    }

    private long storedRows() {
        return node.db().dsl().fetchCount(REPORT);
    }

    @Test
    void counts_a_report_and_shows_it_in_the_series() {
        Answer a = report("{\"service\":\"chatgpt\",\"problem\":\"login\"}", "alice");
        assertEquals(201, a.status(), a.body());
        assertEquals("chatgpt", a.json().path("service").asText());
        assertEquals("login", a.json().path("problem").asText());
        assertTrue(a.json().path("counted").asBoolean());
        assertTrue(a.json().path("reportersLast15Minutes").isMissingNode(), "one reporter is not a count to give");
        assertEquals("<5", a.json().path("reportersLast15MinutesLabel").asText());

        JsonNode alone = node.client.get("/api/v1/services/chatgpt/reports?since=1h&step=5m").json();
        for (JsonNode p : alone.path("points")) {
            assertTrue(p.path("reporters").isMissingNode(), "a step of one reporter gives no count: " + p);
            assertEquals("<5", p.path("reportersLabel").asText());
        }
        assertTrue(alone.path("problems").path("login").isMissingNode(), "nor what one person named");

        for (String person : List.of("bob", "carol", "dan", "erin")) {
            assertEquals(201, report("{\"service\":\"chatgpt\",\"problem\":\"login\"}", person).status());
        }
        JsonNode series = node.client.get("/api/v1/services/chatgpt/reports?since=1h&step=5m").json();
        int total = 0;
        for (JsonNode p : series.path("points")) {
            total += p.path("reporters").asInt();
        }
        assertEquals(5, total);
        assertEquals(5, series.path("problems").path("login").asInt());
        assertEquals(13, series.path("points").size(), "one hour of 5-minute steps plus the current one");
    }

    @Test
    void counts_at_most_three_reports_of_one_subnet_per_service_in_15_minutes() {
        Config.Abuse capOnly = new Config.Abuse(Rate.OFF, Rate.OFF, 3, Duration.ofMinutes(15), false, "",
                1_000);
        try (TestNode capped = TestNode.on(TestNode.freshConfig(engine).withAbuse(capOnly),
                new MutableClock(TestNode.START))) {
            // Every request of the test comes from 127.0.0.1: different people, one subnet.
            for (int i = 0; i < 4; i++) {
                Answer a = capped.client.postJson("/api/v1/reports", "{\"service\":\"chatgpt\"}", "User-Agent",
                        "person " + i);
                assertEquals(201, a.status(), a.body());
                assertEquals(i < 3, a.json().path("counted").asBoolean(), "report " + i);
                capped.clock.advance(Duration.ofMinutes(1));
            }
            assertTrue(capped.client.postJson("/api/v1/reports", "{\"service\":\"youtube\"}", "User-Agent",
                    "person 0").json().path("counted").asBoolean(), "the cap is per service");
            capped.clock.advance(Duration.ofMinutes(11));
            assertTrue(capped.client.postJson("/api/v1/reports", "{\"service\":\"chatgpt\"}", "User-Agent",
                    "person 5").json().path("counted").asBoolean(), "the first counted report left the window");
            assertFalse(capped.client.postJson("/api/v1/reports", "{\"service\":\"chatgpt\"}", "User-Agent",
                    "person 6").json().path("counted").asBoolean(), "three counted in the last 15 minutes");
            Recount.assertCountsMatchRows(capped);
        }
    }

    @Test
    void ignores_one_reporter_pressing_twice() {
        Answer first = report("{\"service\":\"chatgpt\"}", "bob");
        node.clock.advance(Duration.ofMinutes(3));
        Answer second = report("{\"service\":\"chatgpt\",\"problem\":\"app\"}", "bob");
        assertEquals(201, first.status());
        assertEquals(200, second.status(), second.body());
        assertFalse(second.json().path("counted").asBoolean());
        assertEquals(first.json().path("id").asText(), second.json().path("id").asText());
        assertEquals(1, storedRows());
        node.app.intake().writeCounts();
        assertEquals(1, node.db().dsl().select(DSL.sum(MINUTE_COUNT.REPORTERS)).from(MINUTE_COUNT)
                .where(MINUTE_COUNT.AREA.eq("*")).fetchOne(0, int.class));
    }

    @Test
    void counts_the_same_reporter_again_after_the_dedupe_window() {
        assertEquals(201, report("{\"service\":\"chatgpt\"}", "carol").status());
        node.clock.advance(Duration.ofMinutes(16));
        assertEquals(201, report("{\"service\":\"chatgpt\"}", "carol").status());
        assertEquals(201, report("{\"service\":\"github\"}", "carol").status(), "another service counts at once");
        assertEquals(3, storedRows());
    }

    @Test
    void stores_a_retried_id_once() {
        String id = UUID.randomUUID().toString();
        String body = "{\"service\":\"github\",\"id\":\"" + id + "\"}";
        Answer first = report(body, "dave");
        Answer retry = report(body, "erin");
        assertEquals(201, first.status());
        assertEquals(200, retry.status());
        assertEquals(id, retry.json().path("id").asText());
        assertEquals(1, storedRows());
    }

    @Test
    void takes_a_form_post_from_the_web_page() {
        Answer a = node.client.post("/api/v1/reports", "application/x-www-form-urlencoded",
                "service=whatsapp&problem=messages&location=FR-IDF", "User-Agent", "frank");
        assertEquals(201, a.status(), a.body());
        assertEquals("web", a.json().path("channel").asText());
        assertEquals("FR", a.json().path("location").path("country").asText());
        node.app.intake().writeCounts();
        assertEquals(1, node.db().dsl().fetchCount(MINUTE_COUNT, MINUTE_COUNT.AREA.eq("FR-IDF")));
    }

    @Test
    void rejects_report_for_unknown_service() {
        assertProblem(report("{\"service\":\"no-such-thing\"}", "x"), 400, "service");
        assertProblem(report("{\"problem\":\"app\"}", "x"), 400, "service");
    }

    @Test
    void rejects_unknown_problem_kind() {
        assertProblem(report("{\"service\":\"chatgpt\",\"problem\":\"teleportation\"}", "x"), 400, "problem");
    }

    @Test
    void rejects_fields_of_the_wrong_type_or_unknown() {
        assertProblem(report("{\"service\":42}", "x"), 400, "service");
        assertProblem(report("{\"service\":\"chatgpt\",\"id\":\"not-a-uuid\"}", "x"), 400, "id");
        assertProblem(report("{\"service\":\"chatgpt\",\"colour\":\"red\"}", "x"), 400, "colour");
        assertProblem(report("{\"service\":\"chatgpt\",\"lat\":120,\"lon\":2}", "x"), 400, "lat");
        assertEquals("service must be a string.", report("{\"service\":true}", "x").json().path("detail").asText());
        assertEquals("lat must be a number.",
                report("{\"service\":\"chatgpt\",\"lat\":\"48.8\",\"lon\":2}", "x").json().path("detail").asText());
        assertEquals("Unknown field 'colour'; a report has [service, problem, location, lat, lon, id, altcha].",
                report("{\"service\":\"chatgpt\",\"colour\":\"red\"}", "x").json().path("detail").asText());
        assertEquals(0, storedRows());
    }

    @Test
    void its_reporter_adds_the_problem_and_place_to_a_one_tap_report_once() {
        Answer tap = report("{\"service\":\"chatgpt\"}", "gina");
        assertEquals(201, tap.status(), tap.body());
        String path = "/api/v1/reports/" + tap.json().path("id").asText();
        Answer refined = node.client.json("PATCH", path,
                "{\"service\":\"chatgpt\",\"problem\":\"login\",\"location\":\"FR-IDF\"}", "User-Agent", "gina");
        assertEquals(200, refined.status(), refined.body());
        assertTrue(refined.json().path("problemAdded").asBoolean());
        assertTrue(refined.json().path("placeAdded").asBoolean());
        assertEquals("FR-IDF", refined.json().path("location").path("region").asText());
        assertProblem(node.client.json("PATCH", path, "{\"service\":\"chatgpt\",\"x\":1}", "User-Agent", "gina"), 400,
                "x");
    }

    @Test
    void rejects_malformed_json() {
        assertProblem(report("{\"service\":", "x"), 400, null);
        assertProblem(report("[1,2,3]", "x"), 400, null);
        assertProblem(report("", "x"), 400, null);
    }

    @Test
    void rejects_a_wrong_content_type() {
        assertProblem(node.client.post("/api/v1/reports", "text/plain", "service=chatgpt"), 415, null);
    }

    @Test
    void rejects_a_body_too_large() {
        String huge = "{\"service\":\"chatgpt\",\"problem\":\"" + "a".repeat(10_000) + "\"}";
        assertProblem(report(huge, "x"), 413, null);
    }

    @Test
    void answers_unknown_routes_and_services_with_problem_json() {
        assertProblem(node.client.get("/api/v1/nothing-here"), 404, null);
        assertProblem(node.client.get("/api/v1/services/nothing-here"), 404, null);
        assertProblem(node.client.get("/api/v1/services/chatgpt/reports?step=banana"), 400, "step");
        assertProblem(node.client.get("/api/v1/services/chatgpt/reports?since=2020-01-01T00:00:00Z&step=1m"), 400,
                "since");
    }

    @Test
    void searches_services_by_alias_without_accents() {
        JsonNode found = node.client.get("/api/v1/services?q=societe%20generale").json().path("services");
        assertTrue(found.size() >= 1, found.toString());
        assertEquals("Société Générale", found.get(0).path("name").asText());
        JsonNode chat = node.client.get("/api/v1/services?q=openai").json().path("services");
        assertEquals("chatgpt", chat.get(0).path("slug").asText());
        JsonNode banks = node.client.get("/api/v1/services?category=payments-banks").json().path("services");
        banks.forEach(s -> assertEquals("payments-banks", s.path("category").asText()));
        assertProblem(node.client.get("/api/v1/services?category=nope"), 400, "category");
        JsonNode one = node.client.get("/api/v1/services/chatgpt").json();
        assertTrue(one.path("problems").size() >= 3);
        assertNotNull(one.path("problems").get(0).path("nameFr").asText(null));
    }

    @Test
    void says_it_is_healthy_and_ready() {
        assertEquals(200, node.client.get("/health").status());
        // 503 while the geography loads, in the node's first seconds: its contract, not a failure.
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2))
                .until(() -> node.client.get("/ready").status() == 200);
        assertEquals("ready", node.client.get("/ready").json().path("status").asText());
    }

    private static void assertProblem(Answer a, int status, String field) {
        assertEquals(status, a.status(), a.body());
        assertTrue(a.header("Content-Type").startsWith("application/problem+json"), a.header("Content-Type"));
        JsonNode p = a.json();
        assertEquals(status, p.path("status").asInt());
        assertFalse(p.path("title").asText().isEmpty());
        assertFalse(p.path("detail").asText().isEmpty());
        if (field != null) {
            assertEquals(field, p.path("field").asText(), a.body());
        }
    }
}
