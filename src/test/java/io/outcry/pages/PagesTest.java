package io.outcry.pages;

import static io.outcry.db.Tables.SERVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outcry.Client.Answer;
import io.outcry.TestNode;
import io.outcry.outage.Outage;
import io.outcry.outage.OutageStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pages as a browser without scripts, a link preview or a search engine receives them. */
class PagesTest {
    private static final String HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    private static TestNode node;
    private static Outage outage;

    @BeforeAll
    static void start() {
        node = TestNode.fresh();
        int chatgpt = node.db().dsl().select(SERVICE.ID).from(SERVICE).where(SERVICE.SLUG.eq("chatgpt"))
                .fetchOne(SERVICE.ID);
        Instant started = node.clock.instant().minus(Duration.ofMinutes(20));
        outage = new Outage(UUID.randomUUID(), chatgpt, "chatgpt", "*", Outage.State.OUTAGE, started,
                started.plus(Duration.ofMinutes(1)), started.plus(Duration.ofMinutes(3)), null,
                started.plus(Duration.ofMinutes(10)), started.plus(Duration.ofMinutes(5)), 120, 8.5, 300,
                List.of(new Outage.ProblemShare("login", 0.6)), List.of());
        // Discord: possible problems in Île-de-France only, 12 reports there in the last minutes.
        int discord = node.db().dsl().select(SERVICE.ID).from(SERVICE).where(SERVICE.SLUG.eq("discord"))
                .fetchOne(SERVICE.ID);
        Instant minute = node.clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        List<org.jooq.Query> counts = new java.util.ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            counts.addAll(io.outcry.outage.Counts.add(node.db().dsl(), discord, "FR-IDF", minute.minus(Duration.ofMinutes(i)), 3));
        }
        node.db().dsl().batch(counts).execute();
        Outage regional = new Outage(UUID.randomUUID(), discord, "discord", "FR-IDF", Outage.State.POSSIBLE,
                started, started, null, null, started, started, 12, 1, 12, List.of(), List.of());
        new OutageStore(node.db().dsl(), false).commitTick(node.clock.instant(), List.of(outage, regional), List.of());
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static Answer page(String path, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Accept";
        all[1] = HTML;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return node.client.get(path, all);
    }

    @Test
    void a_service_page_arrives_with_its_state_count_explanation_and_outages() {
        Answer a = page("/s/chatgpt");
        assertEquals(200, a.status());
        assertTrue(a.header("Content-Type").startsWith("text/html"), a.header("Content-Type"));
        assertTrue(a.body().contains("<title>ChatGPT: outage since 13:40 UTC · Outcry</title>"), title(a));
        assertTrue(a.body().matches("(?s).*id=\"state-line\"[^>]*>.*Outage.*people reported in the last 15"
                + " minutes.*"), "the state and count are in the first HTML");
        assertTrue(a.body().contains("Outage: ChatGPT has far more reports than usual."), "headline");
        assertTrue(a.body().contains("href=\"/o/" + outage.id() + "\""), "links the outage");
        assertTrue(a.body().contains("<meta property=\"og:title\" content=\"ChatGPT: outage since 13:40 UTC\">"));
        assertTrue(a.body().contains("hreflang=\"fr\" href=\"http://localhost:" + node.app.port()
                + "/s/chatgpt?lang=fr\""));
        assertTrue(a.body().contains("I have a problem with ChatGPT"));
    }

    @Test
    void the_language_comes_from_lang_then_accept_language() {
        assertTrue(title(page("/s/chatgpt?lang=fr")).startsWith("ChatGPT : en panne depuis 13:40 UTC"));
        assertTrue(title(page("/s/github", "Accept-Language", "fr-FR,fr;q=0.9,en;q=0.5"))
                .startsWith("GitHub : aucun problème en ce moment"));
        assertTrue(title(page("/s/github?lang=en", "Accept-Language", "fr")).startsWith("GitHub: no problems"));
        assertTrue(page("/", "Accept-Language", "fr").body().startsWith("<!doctype html>\n<html lang=\"fr\">"));
        assertEquals("Est-ce en panne ? Les pannes signalées en direct · Outcry", title(page("/?lang=fr")));
    }

    @Test
    void unknown_services_outages_and_addresses_answer_404_as_a_page_or_as_problem_json() {
        for (String path : List.of("/s/not-a-service", "/o/garbage", "/o/" + UUID.randomUUID(), "/c/nothing",
                "/this-page-does-not-exist")) {
            Answer browser = page(path);
            assertEquals(404, browser.status(), path);
            assertTrue(browser.header("Content-Type").startsWith("text/html"), path);
            assertTrue(browser.body().contains("<meta name=\"viewport\""), path + " is a phone-sized page");
            Answer program = node.client.get(path, "Accept", "application/json");
            assertEquals(404, program.status(), path);
            assertTrue(program.header("Content-Type").startsWith("application/problem+json"), path);
        }
        assertTrue(page("/s/not-a-service?lang=fr").body().contains("Nous ne connaissons pas ce service."));
    }

    @Test
    void home_outage_about_browse_and_sitemap_arrive_with_their_content() {
        String home = page("/").body();
        assertTrue(home.contains("data-slug=\"chatgpt\""), "problems right now lists ChatGPT");
        String o = page("/o/" + outage.id()).body();
        assertTrue(o.contains("id=\"explanation\""));
        assertTrue(o.contains("people reported problems with ChatGPT"), "the explanation");
        assertTrue(page("/about?lang=fr").body().contains("<h1>Comment fonctionne Outcry</h1>"));
        String all = page("/services").body();
        assertTrue(all.contains("href=\"/s/societe-generale\""), "every service is listed");
        assertTrue(all.contains("href=\"/c/"), "categories are linked");
        String sitemap = node.client.get("/sitemap.xml").body();
        assertTrue(sitemap.contains("/s/chatgpt</loc>"));
        assertTrue(sitemap.contains("hreflang=\"fr\""));
        assertFalse(home.contains("${"), "no template text left");
    }

    @Test
    void the_badge_shows_state_and_count_in_both_languages_and_is_cacheable() {
        Answer en = node.client.get("/s/chatgpt/badge.svg");
        assertEquals(200, en.status());
        assertTrue(en.header("Content-Type").startsWith("image/svg+xml"));
        assertTrue(en.header("Cache-Control").contains("max-age=60"), en.header("Cache-Control"));
        // Fewer than 5 reporters: the badge says so, never the count (as the API).
        assertTrue(en.body().contains("<title>ChatGPT: Outage · Fewer than 5 reports</title>"), en.body());
        assertTrue(node.client.get("/s/chatgpt/badge.svg?lang=fr").body().contains(">Panne · Moins de 5 signalements<"));
        assertTrue(node.client.get("/s/github/badge.svg").body().contains(">No problem detected<"));
        assertTrue(node.client.get("/s/discord/badge.svg").body().contains(">Regional problems · Île-de-France · 12"
                + " reports<"), "problems in one region: that region and its own count, not the world's");
        assertTrue(node.client.get("/s/discord/badge.svg?lang=fr").body().contains(">Problèmes régionaux ·"
                + " Île-de-France · 12 signalements<"));
        assertEquals(404, node.client.get("/s/nothing/badge.svg").status());
    }

    @Test
    void only_the_embeddable_card_may_be_framed() {
        Answer card = page("/embed/s/chatgpt?lang=fr");
        assertEquals(200, card.status());
        assertTrue(card.body().contains("ChatGPT") && card.body().contains("Panne"), card.body());
        assertTrue(card.header("Content-Security-Policy").contains("frame-ancestors *"));
        assertEquals(null, card.header("X-Frame-Options"));
        for (String path : List.of("/s/chatgpt", "/", "/about")) {
            Answer other = page(path);
            assertTrue(other.header("Content-Security-Policy").contains("frame-ancestors 'none'"), path);
            assertEquals("DENY", other.header("X-Frame-Options"), path);
        }
    }

    @Test
    void api_errors_and_feeds_follow_the_same_language_choice() {
        Answer missing = node.client.get("/api/v1/nothing-here", "Accept-Language", "fr-CA,fr;q=0.9");
        assertEquals("Introuvable", missing.json().path("title").asText());
        assertEquals("Rien à l’adresse /api/v1/nothing-here.", missing.json().path("detail").asText());
        Answer malformed = node.client.post("/api/v1/reports?lang=fr", "application/json", "{",
                "Accept-Language", "en");
        assertEquals("Corps de requête mal formé", malformed.json().path("title").asText());
        assertEquals("Malformed body", node.client.post("/api/v1/reports", "application/json", "{")
                .json().path("title").asText());
        assertTrue(node.client.get("/feed.atom", "Accept-Language", "fr").body().contains("xml:lang=\"fr\""));
        assertTrue(node.client.get("/feed.atom?lang=en", "Accept-Language", "fr").body().contains("xml:lang=\"en\""));
    }

    @Test
    void one_countrys_region_shapes_are_the_same_shapes_as_in_the_world_file_and_far_smaller() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode world;
        try (var in = PagesTest.class.getResourceAsStream("/web/geo/regions.json")) {
            world = json.readTree(in);
        }
        Answer fr = node.client.get("/geo/regions/FR");
        assertEquals(200, fr.status());
        com.fasterxml.jackson.databind.JsonNode france = json.readTree(fr.body());
        var worldById = new java.util.HashMap<String, com.fasterxml.jackson.databind.JsonNode>();
        world.path("objects").path("regions").path("geometries").forEach(g -> worldById.put(g.path("id").asText(), g));
        int n = 0;
        for (var g : france.path("objects").path("regions").path("geometries")) {
            assertTrue(g.path("id").asText().startsWith("FR-"), g.path("id").asText());
            assertEquals(expand(worldById.get(g.path("id").asText()).path("arcs"), world.path("arcs")),
                    expand(g.path("arcs"), france.path("arcs")), g.path("id").asText());
            n++;
        }
        assertTrue(n >= 13, "France's regions: " + n);
        assertEquals(world.path("transform"), france.path("transform"));
        assertTrue(fr.body().length() * 10 < node.client.get("/geo/regions.json").body().length(), "a tenth at most");
        assertEquals(404, node.client.get("/geo/regions/XX").status());
    }

    /** A geometry's rings with each arc index replaced by the arc's points (reversed for ~i). */
    private static String expand(com.fasterxml.jackson.databind.JsonNode arcsOfGeometry,
            com.fasterxml.jackson.databind.JsonNode arcs) {
        if (arcsOfGeometry.isNumber()) {
            int i = arcsOfGeometry.asInt();
            return (i < 0 ? "~" : "") + arcs.get(i < 0 ? ~i : i).toString();
        }
        StringBuilder out = new StringBuilder("[");
        arcsOfGeometry.forEach(child -> out.append(expand(child, arcs)).append(','));
        return out.append(']').toString();
    }

    private static String title(Answer a) {
        String b = a.body();
        int from = b.indexOf("<title>");
        return from < 0 ? "" : b.substring(from + 7, b.indexOf("</title>"));
    }
}
