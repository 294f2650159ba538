package io.outcry.demo;

import static io.outcry.db.Tables.HOUR_COUNT;
import static io.outcry.db.Tables.MINUTE_COUNT;
import static io.outcry.db.Tables.REPORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outcry.MutableClock;
import io.outcry.OnEachEngine;
import io.outcry.StartRefused;
import io.outcry.TestNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The demo on each engine: its history, its live traffic and the outage it plays. */
@Tag("slow")
class DemoTest extends OnEachEngine {
    @Test
    void a_demo_declares_an_outage_within_minutes_and_says_it_is_demo_data() {
        // At night, when ten times a region's usual reports would be a handful of people an hour.
        MutableClock clock = new MutableClock(Instant.parse("2026-11-28T03:00:05Z"));
        try (TestNode node = TestNode.on(TestNode.freshConfig(engine).withDemo(true), clock)) {
            DemoJob demo = node.app.demo().orElseThrow();
            demo.history().join();
            assertTrue(node.client.get("/api/v1/status").json().path("demo").asBoolean());
            JsonNode history = node.client.get("/api/v1/services/whatsapp/reports?since=24h&step=1h").json();
            int total = 0;
            for (JsonNode p : history.path("points")) {
                total += p.path("reporters").asInt();
            }
            assertTrue(total > 100, "a day of history is there: " + total);

            String declared = null;
            String regional = null;
            for (int second = 0; second < 22 * 60 && (declared == null || regional == null); second += 5) {
                clock.advance(Duration.ofSeconds(5));
                java.util.concurrent.CompletableFuture<?> sent = demo.step();
                if (second % 60 == 55) {
                    // Minutes go by faster than the writer commits: the detector reads a minute once all of it is in.
                    sent.join();
                    node.app.detection().runOnce();
                    DemoJob.Injected region = demo.playedInRegions().stream().findFirst().orElse(null);
                    JsonNode active = node.client.get("/api/v1/outages?active=true").json().path("outages");
                    for (JsonNode o : active) {
                        if (o.path("state").asText().equals("outage") && second < 12 * 60) {
                            declared = o.path("service").asText() + " " + o.path("scope").asText();
                        }
                        if (region != null && o.path("service").asText().equals(region.slug())
                                && o.path("scope").asText().equals(region.area())) {
                            regional = o.path("state").asText();
                        }
                    }
                }
            }
            assertTrue(declared != null, "an outage is declared within 12 minutes of starting");
            // The regional outage starts 4 minutes after the others; a node that just started judges a region once the
            // scan's shortest window (15 minutes) holds minutes it has seen: shown there within 17 minutes of its start.
            assertTrue(regional != null, "the regional outage played is shown in its region: " + regional);
            assertTrue(node.client.get("/api/v1/outages").json().path("demo").asBoolean());
            assertEquals(0, node.db().dsl().fetchCount(REPORT, REPORT.DEMO.isFalse()), "every demo report is marked");
            assertTrue(node.db().dsl().fetchCount(REPORT) > 0);
        }
    }

    @Test
    void serves_at_once_and_judges_only_once_the_history_is_written() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-26T19:00:05Z"));
        try (TestNode node = TestNode.on(TestNode.freshConfig(engine).withDemo(true), clock)) {
            DemoJob demo = node.app.demo().orElseThrow();
            assertFalse(demo.history().isDone(), "the node serves before two weeks of history are written");
            assertEquals(200, node.client.get("/health").status());
            assertEquals("writing", node.client.get("/api/v1/status").json().path("demoHistory").path("state").asText(),
                    "the status says the history is being written");
            // So do the pages, with how much of it is written, in both languages.
            for (String path : List.of("/?lang=en", "/s/chatgpt?lang=en", "/?lang=fr", "/s/chatgpt?lang=fr")) {
                String line = historyLine(node, path);
                String percent = path.endsWith("fr") ? "(\\d+) % pour l'instant" : "(\\d+)% so far";
                assertTrue(java.util.regex.Pattern.compile(percent).matcher(line).find(), path + ": " + line);
                assertTrue(line.contains(path.endsWith("fr") ? "encore en cours d'écriture" : "still being written"),
                        path + ": " + line);
            }
            // A page asks for a baseline while the history is being written: it is fitted from a part of it.
            usualDay(node);
            assertFalse(demo.history().isDone(), "the baseline was fitted from a part of the history");
            demo.history().join();
            assertEquals(demo.historyProgress().total(), demo.historyProgress().written());
            assertTrue(demo.historyProgress().total() > 100_000, "counts written: " + demo.historyProgress());
            double usual = usualDay(node);
            assertTrue(usual > 100, "the baseline is fitted again from the whole history: " + usual);
            clock.advance(Duration.ofSeconds(2)); // the status is built at most once a second
            assertTrue(node.client.get("/api/v1/status").json().path("demoHistory").isMissingNode());
            assertEquals("", historyLine(node, "/?lang=en"), "the pages no longer speak of it");
        }
    }

    /** The text of the line of a page that says how much of the demo's history is written, "" when it is hidden. */
    private static String historyLine(TestNode node, String path) {
        io.outcry.Client.Answer page = node.client.get(path, "Accept", "text/html");
        assertEquals(200, page.status(), path);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<p id=\"demo-history\"([^>]*)>([^<]*)</p>")
                .matcher(page.body());
        assertTrue(m.find(), path + " has no line for the demo's history");
        return m.group(1).contains("hidden") ? "" : m.group(2).replace("&#39;", "'").replace("&#x27;", "'").replace("&quot;", "\"").replace("&amp;", "&");
    }

    /**
     * The quick start's data folder holds the demo: a node started on it later without --demo would show simulated
     * outages as real, and the demo started on a real database would add its own to real reports. Both refuse.
     */
    @Test
    void a_database_is_the_demos_or_real_and_a_node_of_the_other_kind_refuses_to_start_on_it() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-26T19:00:05Z"));
        io.outcry.Config demo = TestNode.freshConfig(engine).withDemo(true);
        try (TestNode node = TestNode.on(demo, clock)) {
            assertTrue(node.app.demo().isPresent());
        }
        StartRefused real = assertThrows(StartRefused.class, () -> TestNode.on(demo.withDemo(false), clock));
        assertTrue(real.getMessage().contains(" holds the demo's simulated reports and outages, which a node without "
                + "--demo would show as real"), real.getMessage());

        io.outcry.Config config = TestNode.freshConfig(engine);
        try (TestNode node = TestNode.on(config, clock)) {
            assertEquals(201, node.client.postJson("/api/v1/reports", "{\"service\":\"chatgpt\"}").status());
            node.app.intake().writeCountsForReaders();
        }
        StartRefused mixed = assertThrows(StartRefused.class, () -> TestNode.on(config.withDemo(true), clock));
        assertTrue(mixed.getMessage().contains(" holds real reports: the demo would mix"), mixed.getMessage());
        try (TestNode node = TestNode.on(config, clock)) {
            assertTrue(node.app.demo().isEmpty(), "the real node starts as before");
        }
    }

    /**
     * A demo started again three days after it stopped writes those days first: without them its usual levels counted
     * the pause as silence, and the live reports as a crowd.
     */
    @Test
    void a_demo_started_again_after_a_pause_writes_the_pause_first() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-26T19:00:05Z"));
        io.outcry.Config config = TestNode.freshConfig(engine).withDemo(true);
        try (TestNode node = TestNode.on(config, clock)) {
            node.app.demo().orElseThrow().history().join();
        }
        clock.advance(Duration.ofDays(3));
        try (TestNode node = TestNode.on(config, clock)) {
            DemoJob demo = node.app.demo().orElseThrow();
            demo.history().join();
            assertTrue(demo.historyProgress().total() > 0, "the pause is written");
            var dsl = node.db().dsl();
            int whatsapp = io.outcry.outage.Counts.serviceId(dsl, "whatsapp");
            Instant end = Instant.parse("2026-11-29T19:00:00Z");
            for (Instant hour = Instant.parse("2026-11-26T20:00:00Z"); hour.isBefore(end);
                    hour = hour.plus(Duration.ofHours(1))) {
                assertEquals(1, dsl.fetchCount(HOUR_COUNT, HOUR_COUNT.SERVICE_ID.eq(whatsapp).and(HOUR_COUNT.AREA.eq("*"))
                        .and(HOUR_COUNT.HOUR_START.eq(hour.atOffset(java.time.ZoneOffset.UTC)))),
                        "WhatsApp's world-wide total of " + hour);
            }
            assertTrue(dsl.fetchCount(MINUTE_COUNT, MINUTE_COUNT.SERVICE_ID.eq(whatsapp).and(MINUTE_COUNT.MINUTE_START
                    .ge(Instant.parse("2026-11-29T18:00:00Z").atOffset(java.time.ZoneOffset.UTC)))) > 30,
                    "minute counts over the last day of the pause");
            Instant start = Instant.parse("2026-11-26T20:00:00Z");
            assertTrue(new io.outcry.counts.CountStore(dsl).heard().stream()
                    .anyMatch(h -> !h.from().isAfter(start) && !h.to().isBefore(end)),
                    "the pause's hours count as heard: they are the demo's world, not a node that was down");
        }
    }

    @Test
    void a_history_cut_short_by_a_stop_is_written_again_at_the_next_start() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-26T19:00:05Z"));
        io.outcry.Config config = TestNode.freshConfig(engine).withDemo(true);
        try (TestNode stopped = TestNode.on(config, clock)) {
            DemoJob demo = stopped.app.demo().orElseThrow();
            org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(10))
                    .until(() -> demo.historyProgress().written() > 0);
            // stopped after its first chunk of counts, as a kill between two of its transactions would leave it
        }
        try (TestNode node = TestNode.on(config, clock)) {
            DemoJob demo = node.app.demo().orElseThrow();
            demo.history().join();
            var dsl = node.db().dsl();
            long rows = dsl.fetchCount(HOUR_COUNT) + dsl.fetchCount(MINUTE_COUNT);
            assertTrue(demo.historyProgress().total() > 100_000, "written again: " + demo.historyProgress());
            assertEquals(demo.historyProgress().total(), rows, "the whole history, once");
            clock.advance(Duration.ofMinutes(1));
        }
        try (TestNode again = TestNode.on(config, clock)) {
            DemoJob demo = again.app.demo().orElseThrow();
            demo.history().join();
            assertEquals(0, demo.historyProgress().total(), "a history all written is kept");
        }
    }

    /** The usual reporters of WhatsApp world-wide over the last day, from its baseline. */
    private static double usualDay(TestNode node) {
        double sum = 0;
        for (JsonNode p : node.client.get("/api/v1/services/whatsapp/baseline?since=24h&step=1h").json()
                .path("points")) {
            sum += p.path("expected").asDouble();
        }
        return sum;
    }
}
