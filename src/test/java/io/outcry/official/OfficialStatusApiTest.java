package io.outcry.official;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outcry.CapturedLog;
import io.outcry.Config;
import io.outcry.Engine;
import io.outcry.MutableClock;
import io.outcry.OnEachEngine;
import io.outcry.TestNode;
import io.outcry.feed.LiveEvents;
import io.outcry.outage.Counts;
import io.outcry.outage.Outage;
import io.outcry.outage.OutageStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Official status read from local servers that speak each real format, and shown through the API. */
class OfficialStatusApiTest extends OnEachEngine {
    static final Instant NOW = TestNode.START; // 14:00 UTC
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    static Config config(Engine engine, boolean allowPrivate) {
        return config(engine, allowPrivate, TIMEOUT);
    }

    static Config config(Engine engine, boolean allowPrivate, Duration timeout) {
        return TestNode.freshConfig(engine).withOfficial(OfficialSettings.OFF.withEnabled(true)
                .withAllowPrivate(allowPrivate).withTimeout(timeout).withMaxBytes(1 << 20));
    }

    /** Points the node's official sources at the given ones only, as if the catalog named them. */
    static void sources(TestNode node, OfficialSource... sources) {
        Map<String, Integer> ids = new HashMap<>();
        for (OfficialSource s : sources) {
            ids.put(s.service(), Counts.serviceId(node.db().dsl(), s.service()));
        }
        node.app.official().store().seed(List.of(sources), ids, node.clock.instant());
    }

    static JsonNode line(TestNode node, String slug) {
        io.outcry.Client.Answer a = node.client.get("/api/v1/services/" + slug + "/official");
        assertEquals(200, a.status(), a.body());
        return a.json();
    }

    static int poll(TestNode node) {
        return assertTimeoutPreemptively(Duration.ofSeconds(30), () -> node.app.official().job().pollDue(),
                "a poll ends within its timeouts");
    }

    @Test
    void shows_what_a_statuspage_says_then_asks_again_with_its_etag_and_tells_the_live_stream() {
        try (LocalSource page = new LocalSource();
                TestNode node = TestNode.on(config(engine, true), new MutableClock(NOW))) {
            page.serve("/api/v2/summary.json", "application/json", FormatTest.payload("statuspage-summary.json"),
                    "\"s1\"");
            page.serve("/api/v2/incidents.json", "application/json", FormatTest.payload("statuspage-incidents.json"),
                    "\"i1\"");
            sources(node, new OfficialSource("github", page.url("/api/v2/summary.json"), Format.STATUSPAGE,
                    List.of()));
            LiveEvents.Subscription live = node.app.feeds().live().subscribe(0);

            assertEquals(2, poll(node), "summary.json and incidents.json");
            JsonNode line = line(node, "github");
            assertEquals("incident", line.path("state").asText(), line.toString());
            assertEquals("Official status: Investigating — 'Elevated error rates' since 13:50",
                    line.path("text").path("en").asText());
            assertEquals("https://www.githubstatus.com", line.path("link").asText(), "the page a person opens");
            assertEquals(NOW.toString(), line.path("checkedAt").asText());
            assertTrue(page.seen.stream().allMatch(s -> s.userAgent().startsWith("Outcry/")
                    && s.userAgent().contains("https://outcry.io")), page.seen.toString());

            LiveEvents.Numbered event = assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> live.next(Duration.ofSeconds(5)));
            assertNotNull(event, "an official change on the live stream");
            assertEquals("github", event.event().service());
            assertTrue(event.event().name().startsWith("official."), event.event().name());

            // Nothing due before the interval; after it, a conditional GET that the page answers 304.
            assertEquals(0, poll(node));
            node.clock.advance(Duration.ofMinutes(3));
            assertEquals(2, poll(node));
            List<LocalSource.Seen> summaries = page.seen.stream().filter(s -> s.path().equals("/api/v2/summary.json"))
                    .toList();
            assertEquals(2, summaries.size(), page.seen.toString());
            assertEquals("\"s1\"", summaries.get(1).ifNoneMatch(), "the ETag sent back");
            assertEquals("incident", line(node, "github").path("state").asText(), "a 304 keeps what was read");
            assertEquals(NOW.plus(Duration.ofMinutes(3)).toString(), line(node, "github").path("checkedAt").asText());

            // The incident leaves the summary: the page says it is over.
            page.serve("/api/v2/summary.json", "application/json", ("{\"page\":{\"id\":\"k\"},\"components\":[],"
                    + "\"incidents\":[],\"status\":{\"indicator\":\"none\",\"description\":\"All Systems Operational\"}}")
                    .getBytes(StandardCharsets.UTF_8), "\"s2\"");
            node.clock.advance(Duration.ofMinutes(3));
            poll(node);
            line = line(node, "github");
            assertEquals("operational", line.path("state").asText(), line.toString());
            assertEquals("Official status: All systems operational", line.path("text").path("en").asText());
        }
    }

    @Test
    void reads_google_slack_rss_and_atom_sources_for_the_services_and_components_they_name() {
        try (LocalSource page = new LocalSource();
                TestNode node = TestNode.on(config(engine, true), new MutableClock(NOW))) {
            page.serve("/incidents.json", "application/json", FormatTest.payload("google-incidents.json"), null);
            page.serve("/api/v2.0.0/current", "application/json", FormatTest.payload("slack-current.json"), null);
            page.serve("/rss/ec2-us-east-1.rss", "application/rss+xml", FormatTest.payload("rss.xml"), null);
            page.serve("/history.atom", "application/atom+xml", FormatTest.payload("atom.xml"), null);
            sources(node,
                    new OfficialSource("google-cloud", page.url("/incidents.json"), Format.GOOGLE_CLOUD, List.of()),
                    new OfficialSource("gmail", page.url("/incidents.json"), Format.GOOGLE_CLOUD, List.of("Gmail")),
                    new OfficialSource("slack", page.url("/api/v2.0.0/current"), Format.SLACK, List.of()),
                    new OfficialSource("aws", page.url("/rss/ec2-us-east-1.rss"), Format.RSS, List.of()),
                    new OfficialSource("notion", page.url("/history.atom"), Format.ATOM, List.of()));
            assertEquals(4, poll(node));
            assertEquals("Official status: Service disruption — 'Cloud Storage elevated error rates in us-east1' "
                    + "since 13:58", line(node, "google-cloud").path("text").path("en").asText());
            assertEquals("operational", line(node, "gmail").path("state").asText(),
                    "the Gmail incident of the shared page is over; the Cloud Storage one is not Gmail's");
            assertEquals("Official status: Active — 'Some users may be having trouble sending messages' since 13:47",
                    line(node, "slack").path("text").path("en").asText());
            assertEquals("Statut officiel : En cours — « Some users may be having trouble sending messages » "
                    + "depuis 13:47", line(node, "slack").path("text").path("fr").asText());
            assertTrue(line(node, "google-cloud").path("text").path("fr").asText()
                    .startsWith("Statut officiel : Perturbation du service — « Cloud Storage"));
            JsonNode aws = line(node, "aws");
            assertEquals("incident", aws.path("state").asText(), aws.toString());
            assertEquals("[\"US-VA\"]", aws.path("incidents").get(0).path("regions").toString());
            assertEquals("Official status: Reported — 'Degraded performance of the web application' since 13:44",
                    line(node, "notion").path("text").path("en").asText());
            assertEquals("none", line(node, "reddit").path("state").asText(), "no page named for it");
        }
    }

    /** One way a page can fail, served at {@code path} of its own local server. */
    private record Failure(String slug, String name, com.sun.net.httpserver.HttpHandler handler) {}

    @Test
    void every_failure_leaves_official_status_unavailable_since_the_first_one_and_nothing_stuck() {
        List<LocalSource> servers = new ArrayList<>();
        try (TestNode node = TestNode.on(config(engine, true), new MutableClock(NOW))) {
            List<Failure> failures = List.of(
                    new Failure("github", "timeout", ex -> {
                        try {
                            servers.getFirst().release.await(); // answers nothing until the test ends
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }),
                    new Failure("discord", "500", ex -> LocalSource.send(ex, 500, "oops".getBytes())),
                    new Failure("reddit", "429", ex -> {
                        ex.getResponseHeaders().set("Retry-After", "3600");
                        LocalSource.send(ex, 429, new byte[0]);
                    }),
                    new Failure("dropbox", "invalid JSON", ex -> LocalSource.send(ex, 200,
                            "{\"page\":{\"id\":".getBytes())),
                    new Failure("cloudflare", "50 MB", ex -> {
                        ex.sendResponseHeaders(200, 50L << 20);
                        byte[] chunk = new byte[64 * 1024];
                        java.util.Arrays.fill(chunk, (byte) ' ');
                        try (OutputStream out = ex.getResponseBody()) {
                            for (int i = 0; i < 800; i++) {
                                out.write(chunk);
                            }
                        }
                    }),
                    new Failure("atlassian", "redirect to another host", ex -> {
                        ex.getResponseHeaders().set("Location", "http://elsewhere.test/api/v2/summary.json");
                        LocalSource.send(ex, 302, new byte[0]);
                    }));
            List<OfficialSource> sources = new ArrayList<>();
            for (Failure f : failures) {
                LocalSource s = new LocalSource();
                servers.add(s);
                s.handle("/status.json", f.handler());
                sources.add(new OfficialSource(f.slug(), s.url("/status.json"), Format.SLACK, List.of()));
            }
            sources(node, sources.toArray(OfficialSource[]::new));
            assertEquals(failures.size(), poll(node));
            for (Failure f : failures) {
                JsonNode line = line(node, f.slug());
                assertEquals("unavailable", line.path("state").asText(), f.name() + ": " + line);
                assertEquals("Official status unavailable since 14:00", line.path("text").path("en").asText(),
                        f.name());
                assertEquals(NOW.toString(), line.path("unavailableSince").asText(), f.name());
            }
            assertTrue(line(node, "cloudflare").path("error").asText().contains("larger than"));
            assertTrue(line(node, "atlassian").path("error").asText().contains("another site"));
            assertTrue(line(node, "github").path("error").asText().contains("within 2 s"));
            assertTrue(servers.get(4).requests("/status.json") == 1);
            // Nothing else is broken: the rest of the node answers.
            assertEquals(200, node.client.get("/api/v1/services/github").status());
            assertEquals(200, node.client.get("/api/v1/status").status());

            // Later the pages recover, except the one that asked for an hour: it is not asked again before then.
            node.clock.advance(Duration.ofMinutes(20));
            for (int i = 0; i < failures.size(); i++) {
                servers.get(i).serve("/status.json", "application/json", ("{\"status\":\"ok\",\"active_incidents\":[],"
                        + "\"date_created\":\"2026-11-26T14:00:00Z\",\"date_updated\":\"2026-11-26T14:00:00Z\"}")
                        .getBytes(), null);
            }
            assertEquals(failures.size() - 1, poll(node), "all but the one whose Retry-After runs");
            assertEquals(1, servers.get(2).requests("/status.json"));
            JsonNode recovered = line(node, "github");
            assertEquals("operational", recovered.path("state").asText(), recovered.toString());
            assertEquals("unavailable", line(node, "reddit").path("state").asText());
            // Its Retry-After (an hour) plus the poller's jitter (at most a fifth of the wait) has passed at 15:13.
            node.clock.advance(Duration.ofMinutes(53));
            poll(node);
            assertEquals("operational", line(node, "reddit").path("state").asText());
        } finally {
            servers.forEach(LocalSource::close);
        }
    }

    /**
     * A source that stays unreachable (a node without internet) is said once, not at every try; and once, that it is
     * read again.
     */
    @Test
    void a_source_that_keeps_failing_is_logged_once_and_once_when_it_is_read_again() {
        try (LocalSource page = new LocalSource();
                TestNode node = TestNode.on(config(engine, true), new MutableClock(NOW));
                CapturedLog log = CapturedLog.of(OfficialStatusJob.class)) {
            page.handle("/status.json", ex -> LocalSource.send(ex, 500, "oops".getBytes()));
            sources(node, new OfficialSource("discord", page.url("/status.json"), Format.SLACK, List.of()));
            for (int i = 0; i < 4; i++) {
                assertEquals(1, poll(node), "try " + i);
                node.clock.advance(Duration.ofHours(1).plusMinutes(13)); // past the longest backoff and its jitter
            }
            page.serve("/status.json", "application/json", ("{\"status\":\"ok\",\"active_incidents\":[],"
                    + "\"date_created\":\"2026-11-26T14:00:00Z\",\"date_updated\":\"2026-11-26T14:00:00Z\"}")
                    .getBytes(), null);
            assertEquals(1, poll(node));
            List<String> info = log.events().stream().filter(e -> e.getLevel() == ch.qos.logback.classic.Level.INFO)
                    .map(e -> e.getFormattedMessage()).toList();
            assertEquals(2, info.size(), info.toString());
            assertTrue(info.get(0).contains(" failed (HTTP 500"), info.get(0));
            assertTrue(info.get(1).endsWith(" is read again after 4 failures in a row"), info.get(1));
        }
    }

    @Test
    void refuses_a_name_that_resolves_to_a_loopback_address_unless_allowed() {
        try (LocalSource page = new LocalSource();
                TestNode node = TestNode.on(config(engine, false), new MutableClock(NOW))) {
            page.serve("/api/v2.0.0/current", "application/json", FormatTest.payload("slack-current.json"), null);
            sources(node, new OfficialSource("slack", "http://localhost:" + page.port() + "/api/v2.0.0/current",
                    Format.SLACK, List.of()));
            poll(node);
            JsonNode line = line(node, "slack");
            assertEquals("Official status unavailable since 14:00", line.path("text").path("en").asText());
            assertTrue(line.path("error").asText().contains("non-public address 127.0.0.1"), line.toString());
            assertEquals(0, page.seen.size(), "never connected");
        }
    }

    @Test
    void the_lead_of_a_seeded_crowd_outage_over_a_seeded_official_incident_is_computed_and_shown() {
        try (LocalSource page = new LocalSource();
                TestNode node = TestNode.on(config(engine, true), new MutableClock(NOW.plus(Duration.ofHours(2))))) {
            int github = Counts.serviceId(node.db().dsl(), "github");
            // The crowd: reports rose at 14:00, confirmed 14:04, back to usual 15:10.
            Outage crowd = new Outage(UUID.randomUUID(), github, "github", "*", Outage.State.RESOLVED, NOW,
                    NOW.plusSeconds(120), NOW.plusSeconds(240), NOW.plus(Duration.ofMinutes(70)),
                    NOW.plus(Duration.ofMinutes(70)), NOW.plusSeconds(600), 120, 8.0, 300, List.of(), List.of());
            // An outage the company never acknowledged, the day before.
            Outage unacknowledged = new Outage(UUID.randomUUID(), github, "github", "*", Outage.State.RESOLVED,
                    NOW.minus(Duration.ofHours(20)), NOW.minus(Duration.ofHours(20)),
                    NOW.minus(Duration.ofHours(20)).plusSeconds(120), NOW.minus(Duration.ofHours(19)),
                    NOW.minus(Duration.ofHours(19)), NOW.minus(Duration.ofHours(20)), 50, 5.0, 80, List.of(),
                    List.of());
            assertTrue(new OutageStore(node.db().dsl(), false).commitTick(NOW.plus(Duration.ofHours(2)),
                    List.of(crowd, unacknowledged), List.of()));
            // The company: acknowledged at 14:14 ("started 14:02"), resolved 15:20; and one the crowd never saw.
            String body = """
                    {"page":{"id":"kctbh9vrtdwd","name":"GitHub"},"incidents":[
                     {"id":"lead1","name":"Degraded performance for API Requests","status":"resolved","impact":"major",
                      "created_at":"2026-11-26T14:14:00Z","started_at":"2026-11-26T14:02:00Z",
                      "updated_at":"2026-11-26T15:20:00Z","resolved_at":"2026-11-26T15:20:00Z",
                      "shortlink":"https://stspg.io/lead1","components":[],"incident_updates":[
                       {"status":"resolved","body":"This incident has been resolved.",
                        "created_at":"2026-11-26T15:20:00Z"},
                       {"status":"identified","body":"The issue has been identified.",
                        "created_at":"2026-11-26T14:40:00Z"},
                       {"status":"investigating","body":"We are investigating.","created_at":"2026-11-26T14:14:00Z"}]},
                     {"id":"quiet","name":"Delayed webhooks","status":"resolved","impact":"minor",
                      "created_at":"2026-11-26T03:00:00Z","updated_at":"2026-11-26T03:30:00Z",
                      "resolved_at":"2026-11-26T03:30:00Z","components":[],"incident_updates":[]}]}
                    """;
            page.serve("/api/v2/incidents.json", "application/json", body.getBytes(StandardCharsets.UTF_8), null);
            page.serve("/api/v2/summary.json", "application/json", ("{\"page\":{\"id\":\"k\"},\"components\":[],"
                    + "\"incidents\":[],\"status\":{\"indicator\":\"none\",\"description\":\"All Systems Operational\"}}")
                    .getBytes(StandardCharsets.UTF_8), null);
            // The page was first read the day before, so yesterday's crowd outage counts as never acknowledged.
            node.clock.set(NOW.minus(Duration.ofDays(1)));
            sources(node, new OfficialSource("github", page.url("/api/v2/summary.json"), Format.STATUSPAGE,
                    List.of()));
            poll(node);
            node.clock.set(NOW.plus(Duration.ofHours(2)));
            poll(node);

            JsonNode timeline = node.client.get("/api/v1/outages/" + crowd.id() + "/official?tz=Europe/Paris").json();
            assertEquals(14, timeline.path("leadMinutes").asInt(), timeline.toString());
            assertEquals("Reports rose 14 minutes before the official page acknowledged it.",
                    timeline.path("sentence").path("en").asText());
            List<String> kinds = new ArrayList<>();
            timeline.path("timeline").forEach(e -> kinds.add(e.path("side").asText() + ":" + e.path("kind").asText()));
            assertEquals(List.of("crowd:reports-rose", "crowd:detected", "crowd:confirmed", "official:acknowledged",
                    "official:identified", "crowd:ended", "official:resolved"), kinds);

            // The outage itself, its feeds and its webhooks carry it too.
            JsonNode outage = node.client.get("/api/v1/outages/" + crowd.id()).json();
            assertEquals(14, outage.path("official").path("leadMinutes").asInt(), outage.toString());
            String sentence = "Reports rose 14 minutes before the official page acknowledged it.";
            assertTrue(node.client.get("/s/github/feed.json").body().contains(sentence));
            assertTrue(node.client.get("/feed.atom").body().contains(sentence));
            JsonNode statuspage = node.client.get("/api/v2/incidents.json").json().path("incidents").get(0);
            assertEquals(14, statuspage.path("official").path("leadMinutes").asInt(), statuspage.toString());

            JsonNode unacked = node.client.get("/api/v1/outages/" + unacknowledged.id() + "/official").json();
            assertEquals("The official page has not acknowledged it.", unacked.path("sentence").path("en").asText());

            JsonNode r = node.client.get("/api/v1/services/github/reliability?days=7").json();
            assertEquals(14.0, r.path("medianLeadMinutes").path("value").asDouble(), r.toString());
            assertEquals(1, r.path("medianLeadMinutes").path("basedOn").asInt());
            assertEquals(7, r.path("medianLeadMinutes").path("period").path("days").asInt());
            assertEquals(1, r.path("officialNeverSeenByCrowd").path("value").asInt(), "the webhook delay");
            assertEquals(2, r.path("officialNeverSeenByCrowd").path("basedOn").asInt());
            assertEquals(1, r.path("crowdNeverAcknowledged").path("value").asInt());
            assertEquals(2, r.path("crowdNeverAcknowledged").path("basedOn").asInt());
            // 70 + 60 crowd minutes and 78 + 30 official minutes over 7 days, per 30 days.
            assertEquals(Math.round(130 * 30 / 7.0 * 10) / 10.0, r.path("crowdMinutesPer30Days").path("value")
                    .asDouble(), 0.01);
            assertEquals(Math.round(108 * 30 / 7.0 * 10) / 10.0, r.path("officialMinutesPer30Days").path("value")
                    .asDouble(), 0.01);
            JsonNode overall = node.client.get("/api/v1/reliability?days=7").json();
            assertEquals(14.0, overall.path("medianLeadMinutes").path("value").asDouble(), overall.toString());
            assertEquals(404, node.client.get("/api/v1/services/nope/reliability").status());
        }
    }
}
