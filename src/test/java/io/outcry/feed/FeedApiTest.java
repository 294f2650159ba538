package io.outcry.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outcry.Client;
import io.outcry.MutableClock;
import io.outcry.TestNode;
import io.outcry.outage.Outage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

class FeedApiTest {
    private static final String ATOM = "http://www.w3.org/2005/Atom";
    private static TestNode node;
    private static Client client;
    private static Outage att;
    private static Outage chatgpt;
    private static Outage regional;
    private static Outage possible;
    private static Outage dismissed;

    @BeforeAll
    static void start() {
        node = TestNode.on(TestNode.freshConfig(), new MutableClock(Outages.NOW.plusSeconds(5)));
        client = node.client;
        Instant t = Outages.NOW.minus(Duration.ofHours(6));
        att = Outages.episode(node, "att", "*", Outage.State.RESOLVED, t, t.plus(Duration.ofHours(1)));
        dismissed = Outages.episode(node, "github", "*", Outage.State.DISMISSED, t.plus(Duration.ofHours(2)),
                t.plus(Duration.ofHours(2)).plus(Duration.ofMinutes(8)));
        regional = Outages.episode(node, "whatsapp", "FR", Outage.State.OUTAGE, t.plus(Duration.ofHours(4)), null);
        chatgpt = Outages.episode(node, "chatgpt", "*", Outage.State.OUTAGE, t.plus(Duration.ofHours(5)), null);
        possible = Outages.episode(node, "github", "*", Outage.State.POSSIBLE, t.plus(Duration.ofMinutes(340)), null);
        Outages.write(node, Outages.NOW.minus(Duration.ofMinutes(1)), att, dismissed, regional, chatgpt, possible);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void json_feed_meets_every_must_of_version_1_1_and_lists_confirmed_outages_newest_first() {
        Client.Answer a = client.get("/feed.json");
        assertEquals(200, a.status());
        assertTrue(a.header("Content-Type").startsWith("application/feed+json"), a.header("Content-Type"));
        JsonNode feed = a.json();
        assertEquals("https://jsonfeed.org/version/1.1", feed.path("version").asText());
        assertTrue(feed.path("title").isTextual() && !feed.path("title").asText().isBlank());
        assertEquals("http://localhost:" + node.app.port() + "/feed.json", feed.path("feed_url").asText());
        assertTrue(feed.path("home_page_url").asText().startsWith("http://localhost:"));
        assertEquals("en", feed.path("language").asText());
        assertTrue(feed.path("description").isTextual());
        JsonNode items = feed.path("items");
        assertTrue(items.isArray());
        assertEquals(List.of(chatgpt.id().toString(), regional.id().toString(), att.id().toString()),
                ids(items), "confirmed ones only (outage, resolved), newest first");
        Set<String> unique = new HashSet<>();
        for (JsonNode item : items) {
            assertTrue(item.path("id").isTextual(), "id is a string");
            assertTrue(unique.add(item.path("id").asText()), "ids are unique");
            assertTrue(item.hasNonNull("content_text") || item.hasNonNull("content_html"));
            assertEquals("http://localhost:" + node.app.port() + "/o/" + item.path("id").asText(),
                    item.path("url").asText());
            OffsetDateTime.parse(item.path("date_published").asText());
            OffsetDateTime.parse(item.path("date_modified").asText());
            assertTrue(item.path("tags").isArray());
        }
        JsonNode first = items.get(0);
        assertEquals("ChatGPT is down", first.path("title").asText());
        assertTrue(first.path("content_text").asText().contains("people reported problems with ChatGPT"));
        assertEquals(chatgpt.confirmedAt().toString(), first.path("date_published").asText());
        String category = client.get("/api/v1/services/chatgpt").json().path("category").asText();
        assertEquals(List.of("chatgpt", category, "*", "outage"), texts(first.path("tags")));
        JsonNode machine = first.path("_outcry");
        assertEquals("chatgpt", machine.path("service").asText());
        assertEquals("*", machine.path("scope").asText());
        assertEquals("outage", machine.path("state").asText());
        JsonNode api = client.get("/api/v1/outages/" + chatgpt.id()).json();
        assertEquals(api.path("peak"), machine.path("peak"), "the feed's peak is the API's");
        assertEquals(120, machine.path("peak").path("observed").asInt());
        assertEquals(8.5, machine.path("peak").path("expected").asDouble());
        assertEquals(api.path("reporters"), machine.path("reporters"));
        assertEquals(chatgpt.startedAt().toString(), machine.path("startedAt").asText());
        JsonNode resolved = items.get(2).path("_outcry");
        assertEquals(att.endedAt().toString(), resolved.path("endedAt").asText());
    }

    @Test
    void json_feed_speaks_french_when_asked_and_narrows_to_one_service() {
        JsonNode fr = client.get("/feed.json?lang=fr").json();
        assertEquals("fr", fr.path("language").asText());
        assertEquals("ChatGPT est en panne", fr.path("items").get(0).path("title").asText());
        assertTrue(fr.path("items").get(0).path("content_text").asText().contains("ont signalé un problème avec ChatGPT"));
        assertTrue(fr.path("feed_url").asText().endsWith("/feed.json?lang=fr"));

        JsonNode one = client.get("/s/att/feed.json").json();
        assertEquals(List.of(att.id().toString()), ids(one.path("items")));
        assertTrue(one.path("title").asText().contains("AT&T"));
        assertEquals(0, client.get("/s/github/feed.json").json().path("items").size(), "possible and dismissed: none");
        assertEquals(404, client.get("/s/no-such-service/feed.json").status());
        assertEquals(400, client.get("/feed.json?lang=de").status());
    }

    @Test
    void atom_feed_follows_rfc_4287_and_escapes_text() throws Exception {
        JsonNode found = client.get("/api/v1/services?q=at%26t").json().path("services");
        assertEquals("att", found.get(0).path("slug").asText(), "AT&T is in the catalog");
        Client.Answer a = client.get("/feed.atom");
        assertEquals(200, a.status());
        assertTrue(a.header("Content-Type").startsWith("application/atom+xml"), a.header("Content-Type"));
        assertTrue(a.body().contains("AT&amp;T outage resolved"), "the ampersand is escaped in the XML");
        assertFalse(a.body().contains("AT&T"), "never raw");

        Document doc = parse(a.body());
        Element feed = doc.getDocumentElement();
        assertEquals(ATOM, feed.getNamespaceURI());
        assertEquals("feed", feed.getLocalName());
        for (String name : List.of("id", "title", "updated")) {
            assertEquals(1, children(feed, name).size(), "feed has exactly one " + name);
        }
        assertTrue(children(feed, "author").size() >= 1, "a feed without author in every entry has one");
        Element self = children(feed, "link").stream().filter(l -> "self".equals(l.getAttribute("rel"))).findFirst()
                .orElseThrow();
        assertEquals("http://localhost:" + node.app.port() + "/feed.atom", self.getAttribute("href"));
        OffsetDateTime.parse(children(feed, "updated").get(0).getTextContent());
        List<Element> entries = children(feed, "entry");
        assertEquals(3, entries.size());
        Set<String> ids = new HashSet<>();
        for (Element entry : entries) {
            for (String name : List.of("id", "title", "updated")) {
                assertEquals(1, children(entry, name).size(), "entry has exactly one " + name);
            }
            String id = children(entry, "id").get(0).getTextContent();
            assertTrue(id.startsWith("urn:uuid:"), id);
            assertTrue(ids.add(id));
            OffsetDateTime.parse(children(entry, "updated").get(0).getTextContent());
            OffsetDateTime.parse(children(entry, "published").get(0).getTextContent());
            assertEquals(1, children(entry, "summary").size());
            assertTrue(children(entry, "link").get(0).getAttribute("href").contains("/o/"));
        }
        Element last = entries.get(2);
        assertEquals("urn:uuid:" + att.id(), children(last, "id").get(0).getTextContent());
        assertEquals("AT&T outage resolved", children(last, "title").get(0).getTextContent());

        Document one = parse(client.get("/s/att/feed.atom?lang=fr").body());
        assertEquals("fr", one.getDocumentElement().getAttributeNS("http://www.w3.org/XML/1998/namespace", "lang"));
        assertEquals("Panne d’AT&T résolue",
                children(children(one.getDocumentElement(), "entry").get(0), "title").get(0).getTextContent());
        assertEquals("Outcry — pannes d’AT&T", children(one.getDocumentElement(), "title").get(0).getTextContent());
    }

    @Test
    void statuspage_v2_shapes_map_outages_to_components_and_incidents() {
        JsonNode summary = client.get("/api/v2/summary.json").json();
        JsonNode page = summary.path("page");
        for (String field : List.of("id", "name", "url", "time_zone", "updated_at")) {
            assertTrue(page.hasNonNull(field), "page." + field);
        }
        assertEquals("major", summary.path("status").path("indicator").asText());
        assertTrue(summary.path("status").path("description").isTextual());
        assertTrue(summary.path("scheduled_maintenances").isArray());

        int services = client.get("/api/v1/services").json().path("services").size();
        JsonNode components = client.get("/api/v2/components.json").json().path("components");
        assertEquals(services, components.size(), "every catalog service is a component");
        JsonNode gpt = component(components, "chatgpt");
        assertEquals("ChatGPT", gpt.path("name").asText());
        assertEquals("major_outage", gpt.path("status").asText());
        assertTrue(gpt.has("group_id") && gpt.path("group_id").isNull(), "group_id is an explicit null");
        assertFalse(gpt.path("group").asBoolean());
        assertFalse(gpt.path("only_show_if_degraded").asBoolean());
        assertTrue(gpt.path("position").isInt());
        for (String field : List.of("created_at", "updated_at", "showcase", "description")) {
            assertTrue(gpt.has(field), field);
        }
        assertEquals("partial_outage", component(components, "whatsapp").path("status").asText());
        assertEquals("degraded_performance", component(components, "github").path("status").asText());
        assertEquals("operational", component(components, "att").path("status").asText());

        JsonNode unresolved = client.get("/api/v2/incidents/unresolved.json").json().path("incidents");
        assertEquals(3, unresolved.size());
        JsonNode incident = incident(unresolved, chatgpt);
        assertEquals("identified", incident.path("status").asText());
        assertEquals("major", incident.path("impact").asText());
        assertTrue(incident.path("resolved_at").isNull());
        assertTrue(incident.has("monitoring_at"));
        assertEquals("outcry", incident.path("page_id").asText());
        assertTrue(incident.path("shortlink").asText().endsWith("/o/" + chatgpt.id()));
        assertEquals(chatgpt.startedAt().toString(), incident.path("started_at").asText());
        JsonNode update = incident.path("incident_updates").get(0);
        for (String field : List.of("id", "status", "body", "incident_id", "created_at", "updated_at", "display_at",
                "affected_components")) {
            assertTrue(update.has(field), "incident_update." + field);
        }
        assertEquals("chatgpt", incident.path("components").get(0).path("id").asText());
        JsonNode maybe = incident(unresolved, possible);
        assertEquals("investigating", maybe.path("status").asText());
        assertEquals("minor", maybe.path("impact").asText());

        JsonNode all = client.get("/api/v2/incidents.json").json().path("incidents");
        JsonNode done = incident(all, att);
        assertEquals("resolved", done.path("status").asText());
        assertEquals(att.endedAt().toString(), done.path("resolved_at").asText());
        assertEquals("major", client.get("/api/v2/status.json").json().path("status").path("indicator").asText());
    }

    @Test
    void a_repeated_get_with_the_etag_or_the_date_is_answered_304() {
        for (String path : List.of("/feed.json", "/feed.atom", "/s/att/feed.json", "/api/v1/status",
                "/api/v2/summary.json", "/api/v2/status.json", "/api/v2/components.json", "/api/v2/incidents.json",
                "/api/v2/incidents/unresolved.json")) {
            Client.Answer first = client.get(path);
            assertEquals(200, first.status(), path);
            String etag = first.header("ETag");
            assertNotNull(etag, path);
            assertEquals("public, max-age=15", first.header("Cache-Control"), path);
            Client.Answer again = client.get(path, "If-None-Match", etag);
            assertEquals(304, again.status(), path);
            assertEquals("", again.body(), path);
            assertEquals(200, client.get(path, "If-None-Match", "\"other\"").status(), path);
            String modified = first.header("Last-Modified");
            assertNotNull(modified, path);
            assertEquals(304, client.get(path, "If-Modified-Since", modified).status(), path);
            assertEquals(200, client.get(path, "If-Modified-Since", "Thu, 01 Jan 2026 00:00:00 GMT").status(), path);
        }
    }

    @Test
    void public_gets_are_open_to_any_origin_and_compressed_but_writes_are_not_open() throws Exception {
        Client.Answer feed = client.get("/feed.json", "Origin", "https://example.org");
        assertEquals("*", feed.header("Access-Control-Allow-Origin"));
        assertNull(feed.header("Access-Control-Allow-Credentials"));
        Client.Answer post = client.postJson("/api/v1/reports", "{\"service\":\"chatgpt\"}", "Origin",
                "https://example.org");
        assertNull(post.header("Access-Control-Allow-Origin"), "no CORS on POST");

        HttpResponse<byte[]> gz = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + node.app.port() + "/api/v2/components.json"))
                .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("gzip", gz.headers().firstValue("Content-Encoding").orElse(null));
        String body = new String(new GZIPInputStream(new ByteArrayInputStream(gz.body())).readAllBytes(),
                StandardCharsets.UTF_8);
        assertTrue(body.contains("\"components\""));
    }

    @Test
    void a_large_cached_body_arrives_whole_with_its_length_plain_and_gzipped() throws Exception {
        URI docs = URI.create("http://localhost:" + node.app.port() + "/openapi.json");
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<byte[]> plain = http.send(HttpRequest.newBuilder(docs).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> gz = http.send(HttpRequest.newBuilder(docs).header("Accept-Encoding", "gzip").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertTrue(plain.body().length > 40_000, "larger than any buffer on the way");
        assertEquals(String.valueOf(plain.body().length), plain.headers().firstValue("Content-Length").orElse(null));
        assertEquals(String.valueOf(gz.body().length), gz.headers().firstValue("Content-Length").orElse(null));
        assertEquals("gzip", gz.headers().firstValue("Content-Encoding").orElse(null));
        assertEquals(new String(plain.body(), StandardCharsets.UTF_8),
                new String(new GZIPInputStream(new ByteArrayInputStream(gz.body())).readAllBytes(),
                        StandardCharsets.UTF_8), "the same body both ways");

        String plainTag = plain.headers().firstValue("ETag").orElseThrow();
        String gzipTag = gz.headers().firstValue("ETag").orElseThrow();
        assertEquals(plainTag.substring(0, plainTag.length() - 1) + "-gzip\"", gzipTag, "another representation");
        assertEquals(304, http.send(HttpRequest.newBuilder(docs).header("Accept-Encoding", "gzip")
                .header("If-None-Match", gzipTag).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        assertEquals(200, http.send(HttpRequest.newBuilder(docs).header("If-None-Match", gzipTag).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode(), "the plain form is not the gzip one");
    }

    private static JsonNode component(JsonNode components, String id) {
        for (JsonNode c : components) {
            if (c.path("id").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("no component " + id);
    }

    private static JsonNode incident(JsonNode incidents, Outage o) {
        for (JsonNode i : incidents) {
            if (i.path("id").asText().equals(o.id().toString())) {
                return i;
            }
        }
        throw new AssertionError("no incident " + o.id() + " in " + incidents);
    }

    private static List<String> ids(JsonNode items) {
        return texts(items.findValues("id").stream().filter(JsonNode::isTextual).toList());
    }

    private static List<String> texts(Iterable<JsonNode> nodes) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        nodes.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> children(Element parent, String name) {
        java.util.ArrayList<Element> out = new java.util.ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && ATOM.equals(e.getNamespaceURI()) && name.equals(e.getLocalName())) {
                out.add(e);
            }
        }
        return out;
    }
}
