package io.outcry.outage;

import static io.outcry.db.Tables.HOUR_COUNT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outcry.Config;
import io.outcry.MutableClock;
import io.outcry.OnEachEngine;
import io.outcry.TestNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The detector job reading counts and committing outages on each engine. */
class DetectionJobTest extends OnEachEngine {
    /** A Thursday, 14:00 UTC. */
    private static final Instant NOW = TestNode.START;
    private static final double RATE = 2.0;

    private static void history(TestNode node, int serviceId, Duration length) {
        Counts.steady(node.db().dsl(), serviceId, "*", NOW.minus(length), NOW, RATE, 7);
    }

    /** Runs the node minute by minute with {@code perMinute} reporters a minute written for the service. */
    private static void minutes(TestNode node, int serviceId, int count, double perMinute, Random random) {
        for (int i = 0; i < count; i++) {
            Instant minute = node.clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
            int n = Counts.poisson(random, perMinute);
            if (n > 0) {
                node.db().dsl().batch(Counts.add(node.db().dsl(), serviceId, "*", minute, n)).execute();
            }
            node.clock.advance(Duration.ofMinutes(1));
            node.app.detection().runOnce();
        }
    }

    @Test
    void declares_outage_within_six_minutes_of_a_5x_surge_and_resolves_it() {
        try (TestNode node = TestNode.on(TestNode.freshConfig(engine), new MutableClock(NOW.plusSeconds(5)))) {
            int chatgpt = Counts.serviceId(node.db().dsl(), "chatgpt");
            history(node, chatgpt, Duration.ofDays(14));
            Random random = new Random(11);
            minutes(node, chatgpt, 30, RATE, random);
            assertEquals(0, node.client.get("/api/v1/outages").json().path("outages").size(), "nothing yet");

            Instant surge = node.clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
            int delay = -1;
            for (int i = 0; i < 30; i++) {
                minutes(node, chatgpt, 1, RATE * 5, random);
                JsonNode active = node.client.get("/api/v1/outages?active=true").json().path("outages");
                if (delay < 0 && active.size() == 1 && active.get(0).path("state").asText().equals("outage")) {
                    delay = i + 1;
                }
            }
            assertTrue(delay > 0 && delay <= 6, "confirmed after " + delay + " minutes");
            JsonNode outage = node.client.get("/api/v1/outages?active=true").json().path("outages").get(0);
            assertEquals("chatgpt", outage.path("service").asText());
            assertEquals("*", outage.path("scope").asText());
            Instant started = Instant.parse(outage.path("startedAt").asText());
            assertTrue(Math.abs(Duration.between(surge, started).toMinutes()) <= 3, "onset " + started + " vs " + surge);
            assertTrue(outage.path("explanation").path("en").asText().contains("people reported problems with ChatGPT"));
            assertTrue(outage.path("explanation").path("fr").asText().contains("ont signalé un problème avec ChatGPT"));
            JsonNode status = node.client.get("/api/v1/status").json().path("services").get(0);
            assertEquals("chatgpt", status.path("slug").asText(), "the service that is down comes first");
            assertEquals("outage", status.path("state").asText());

            Instant calm = node.clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
            minutes(node, chatgpt, 60, RATE, random);
            JsonNode resolved = node.client.get("/api/v1/outages/" + outage.path("id").asText()).json();
            assertEquals("resolved", resolved.path("state").asText());
            Instant ended = Instant.parse(resolved.path("endedAt").asText());
            assertTrue(Math.abs(Duration.between(calm, ended).toMinutes()) <= 10, "end " + ended + " vs " + calm);
            assertEquals(1, node.client.get("/api/v1/outages").json().path("outages").size(), "one outage, not two");
            assertEquals("ok", node.client.get("/api/v1/status").json().path("services").get(0).path("state").asText());
        }
    }

    @Test
    void a_quiet_day_declares_nothing() {
        try (TestNode node = TestNode.on(TestNode.freshConfig(engine), new MutableClock(NOW.plusSeconds(5)))) {
            int whatsapp = Counts.serviceId(node.db().dsl(), "whatsapp");
            history(node, whatsapp, Duration.ofDays(14));
            minutes(node, whatsapp, 6 * 60, RATE, new Random(3));
            assertEquals(0, node.client.get("/api/v1/outages?dismissed=true").json().path("outages").size());
        }
    }

    @Test
    void a_first_start_opens_nothing_for_a_burst_that_only_the_history_shows() {
        try (TestNode node = TestNode.on(TestNode.freshConfig(engine), new MutableClock(NOW.plusSeconds(5)))) {
            var dsl = node.db().dsl();
            int amazon = Counts.serviceId(dsl, "amazon");
            history(node, amazon, Duration.ofDays(14));
            // A surge in the hours the start replays silently, lasting until just before the node existed.
            Counts.steady(dsl, amazon, "*", NOW.minus(Duration.ofMinutes(40)), NOW.minus(Duration.ofMinutes(1)),
                    RATE * 10, 9);
            minutes(node, amazon, 20, RATE, new Random(4));
            JsonNode all = node.client.get("/api/v1/outages?dismissed=true").json().path("outages");
            assertEquals(0, all.size(), "nothing from before the node existed: " + all);
        }
    }

    @Test
    void a_restart_neither_duplicates_nor_reopens_an_outage() {
        Config config = TestNode.freshConfig(engine);
        MutableClock clock = new MutableClock(NOW.plusSeconds(5));
        Random random = new Random(5);
        String id;
        int github;
        try (TestNode node = TestNode.on(config, clock)) {
            github = Counts.serviceId(node.db().dsl(), "github");
            history(node, github, Duration.ofDays(14));
            minutes(node, github, 10, RATE, random);
            minutes(node, github, 10, RATE * 8, random);
            JsonNode active = node.client.get("/api/v1/outages?active=true").json().path("outages");
            assertEquals(1, active.size());
            id = active.get(0).path("id").asText();
        }
        // Down for five minutes while the surge goes on; reports keep being counted by another node.
        for (int i = 0; i < 5; i++) {
            Instant minute = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
            try (var db = io.outcry.Db.open(config.dbUrl(), config.dbUser(), config.dbPassword(), 1)) {
                db.dsl().batch(Counts.add(db.dsl(), github, "*", minute, 16)).execute();
            }
            clock.advance(Duration.ofMinutes(1));
        }
        try (TestNode node = TestNode.on(config, clock)) {
            minutes(node, github, 5, RATE * 8, random);
            JsonNode active = node.client.get("/api/v1/outages?active=true").json().path("outages");
            assertEquals(1, active.size(), active.toString());
            assertEquals(id, active.get(0).path("id").asText(), "the same outage continues");
            minutes(node, github, 60, RATE, random);
        }
        try (TestNode node = TestNode.on(config, clock)) {
            minutes(node, github, 10, RATE, random);
            JsonNode all = node.client.get("/api/v1/outages?dismissed=true").json().path("outages");
            assertEquals(1, all.size(), all.toString());
            assertEquals("resolved", all.get(0).path("state").asText());
            assertNotNull(all.get(0).path("endedAt").asText(null));
        }
    }

    @Test
    void totals_an_hour_from_its_minutes_once_it_is_over() {
        try (TestNode node = TestNode.on(TestNode.freshConfig(engine), new MutableClock(NOW.plusSeconds(5)))) {
            int discord = Counts.serviceId(node.db().dsl(), "discord");
            for (String agent : List.of("u1", "u2", "u3")) {
                node.client.postJson("/api/v1/reports", "{\"service\":\"discord\"}", "User-Agent", agent);
            }
            node.clock.advance(Duration.ofMinutes(30));
            node.client.postJson("/api/v1/reports", "{\"service\":\"discord\",\"location\":\"FR-IDF\"}",
                    "User-Agent", "u4");
            node.clock.set(NOW.plus(Duration.ofMinutes(59)).plusSeconds(30));
            node.app.detection().runOnce();
            node.app.retention().rollUpEndedHours();
            assertEquals(Map.of(), hourTotals(node, discord), "the intake writes only minutes, and the hour is not over");

            node.clock.set(NOW.plus(Duration.ofHours(1)).plusSeconds(5));
            node.app.retention().rollUpEndedHours();
            assertEquals(Map.of("*", 4, "FR", 1, "FR-IDF", 1), hourTotals(node, discord),
                    "the hour's minutes summed once it is over");
        }
    }

    private static Map<String, Integer> hourTotals(TestNode node, int serviceId) {
        return node.db().dsl().select(HOUR_COUNT.AREA, HOUR_COUNT.REPORTERS).from(HOUR_COUNT)
                .where(HOUR_COUNT.SERVICE_ID.eq(serviceId).and(HOUR_COUNT.HOUR_START.eq(NOW.atOffset(ZoneOffset.UTC))))
                .fetchMap(HOUR_COUNT.AREA, HOUR_COUNT.REPORTERS);
    }
}
