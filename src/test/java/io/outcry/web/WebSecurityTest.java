package io.outcry.web;

import static io.outcry.db.Tables.REPORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outcry.Client;
import io.outcry.MutableClock;
import io.outcry.TestNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebSecurityTest {
    @Test
    void every_answer_carries_a_strict_policy_and_hsts_only_when_behind_tls() {
        try (TestNode node = TestNode.fresh()) {
            for (String path : List.of("/", "/s/chatgpt", "/api/v1/services", "/api/v1/nothing-here", "/feed.atom")) {
                Client.Answer a = node.client.get(path);
                String csp = a.header("Content-Security-Policy");
                assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), path + ": " + csp);
                assertTrue(csp.contains("frame-ancestors 'none'"));
                assertEquals("nosniff", a.header("X-Content-Type-Options"));
                assertEquals("strict-origin-when-cross-origin", a.header("Referrer-Policy"));
                assertNull(a.header("Strict-Transport-Security"), "no HSTS on plain HTTP");
            }
        }
        try (TestNode node = TestNode.on(TestNode.freshConfig().withHsts(true), new MutableClock(TestNode.START))) {
            assertTrue(node.client.get("/api/v1/status").header("Strict-Transport-Security").startsWith("max-age="));
        }
    }

    @Test
    void cors_opens_public_reads_only() {
        try (TestNode node = TestNode.fresh()) {
            String other = "https://elsewhere.example";
            assertEquals("*", node.client.get("/api/v1/services", "Origin", other).header("Access-Control-Allow-Origin"));
            assertEquals("*", node.client.get("/feed.json", "Origin", other).header("Access-Control-Allow-Origin"));
            assertNull(node.client.get("/api/v1/services").header("Access-Control-Allow-Credentials"));
            assertNull(node.client.postJson("/api/v1/reports", "{\"service\":\"chatgpt\"}")
                    .header("Access-Control-Allow-Origin"), "writes are not open to other sites");
            assertNull(node.client.get("/api/v1/admin/webhooks", "Origin", other).header("Access-Control-Allow-Origin"));
            Client.Answer preflight = node.client.send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + node.app.port() + "/api/v1/reports"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", other).header("Access-Control-Request-Method", "POST").build());
            assertNull(preflight.header("Access-Control-Allow-Origin"), "no preflight lets another site post");
        }
    }

    /**
     * A page on another site that revalidates a read with the ETag it kept sends If-None-Match, which browsers ask
     * leave for first: the preflight is allowed for public reads, not for the admin API nor for writes.
     */
    @Test
    void a_preflight_of_a_public_read_is_allowed_with_the_headers_asked() {
        try (TestNode node = TestNode.fresh()) {
            Client.Answer read = options(node, "/api/v1/status", "GET", "if-none-match");
            assertEquals(204, read.status());
            assertEquals("*", read.header("Access-Control-Allow-Origin"));
            assertEquals("GET, HEAD", read.header("Access-Control-Allow-Methods"));
            assertEquals("if-none-match", read.header("Access-Control-Allow-Headers"));
            assertEquals("GET, HEAD, OPTIONS", read.header("Allow"));
            Client.Answer admin = options(node, "/api/v1/admin/webhooks", "GET", "authorization");
            assertEquals(204, admin.status());
            assertNull(admin.header("Access-Control-Allow-Origin"), "the admin API is not for other sites");
            assertNull(options(node, "/api/v1/reports", "POST", "content-type").header("Access-Control-Allow-Origin"));
        }
    }

    /** A method an address does not take is 405 with the ones it does (RFC 9110), not "not found". */
    @Test
    void a_method_an_address_does_not_take_is_405_with_the_methods_it_takes() {
        try (TestNode node = TestNode.fresh()) {
            Client.Answer get = node.client.get("/api/v1/reports");
            assertEquals(405, get.status());
            assertEquals("POST, OPTIONS", get.header("Allow"));
            assertEquals("GET is not allowed on /api/v1/reports; it takes POST, OPTIONS.",
                    get.json().path("detail").asText());
            Client.Answer post = node.client.postJson("/api/v1/status", "{}");
            assertEquals(405, post.status());
            assertEquals("GET, HEAD, OPTIONS", post.header("Allow"));
            assertEquals("POST n’est pas autorisé sur /api/v1/status ; cette adresse accepte GET, HEAD, OPTIONS.",
                    node.client.postJson("/api/v1/status", "{}", "Accept-Language", "fr").json().path("detail")
                            .asText());
            assertEquals(404, node.client.get("/api/v1/nothing-here").status());
        }
    }

    private static Client.Answer options(TestNode node, String path, String method, String headers) {
        return node.client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + node.app.port() + path))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://elsewhere.example").header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", headers).build());
    }

    @Test
    void cross_site_posts_are_refused_and_store_nothing() {
        try (TestNode node = TestNode.fresh()) {
            String self = "http://localhost:" + node.app.port();
            String json = "{\"service\":\"chatgpt\"}";
            String form = "service=chatgpt";
            List<String[]> refused = List.of(
                    new String[] {"Origin", "https://evil.example"},
                    new String[] {"Origin", "null"},
                    new String[] {"Origin", "http://localhost:1"},
                    new String[] {"Sec-Fetch-Site", "cross-site"});
            for (String[] h : refused) {
                for (String[] body : List.of(new String[] {"application/json", json},
                        new String[] {"application/x-www-form-urlencoded", form})) {
                    Client.Answer a = node.client.post("/api/v1/reports", body[0], body[1], h);
                    assertEquals(403, a.status(), String.join(": ", h) + " " + body[0]);
                    assertEquals("application/problem+json", a.header("Content-Type").split(";")[0]);
                    assertEquals(403, a.json().path("status").asInt());
                }
            }
            assertEquals(0, node.db().dsl().fetchCount(REPORT), "no row from a refused request");
            assertEquals(201, node.client.post("/api/v1/reports", "application/x-www-form-urlencoded", form,
                    "Origin", self, "Sec-Fetch-Site", "same-origin").status(), "the site's own form");
            assertEquals(200, node.client.postJson("/api/v1/reports", json, "Origin", self).status(),
                    "the same person again: a duplicate");
            assertEquals(201, node.client.postJson("/api/v1/reports", "{\"service\":\"youtube\"}").status(),
                    "programs send no Origin");
        }
    }

    @Test
    void pages_never_echo_what_was_in_the_url() {
        try (TestNode node = TestNode.fresh()) {
            String attack = "%3Cscript%3Ealert(1)%3C%2Fscript%3E";
            for (String path : List.of("/s/" + attack, "/o/" + attack, "/map?x=" + attack, "/about?" + attack)) {
                // An unknown service or outage is a 404 page for browsers; it must not echo the address either.
                Client.Answer a = node.client.get(path, "Accept", "text/html");
                assertEquals(path.startsWith("/s/") || path.startsWith("/o/") ? 404 : 200, a.status(), path);
                assertTrue(a.header("Content-Type").startsWith("text/html"), path);
                assertFalse(a.body().contains("alert(1)"), path);
                assertFalse(a.body().toLowerCase().matches("(?s).*<script(?![^>]*\\bsrc=)[^>]*>.*"), "no inline script");
            }
            Client.Answer missing = node.client.get("/api/v1/services/" + attack);
            assertEquals("application/problem+json", missing.header("Content-Type").split(";")[0],
                    "an echo in an error is JSON, which nosniff keeps browsers from running");
        }
    }
}
