package io.outcry.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.router.ParsedEndpoint;
import io.outcry.Client;
import io.outcry.TestNode;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ApiDescriptionTest {
    /** Routes that answer HTML for people, not API: described by the page itself, not by OpenAPI. */
    /** Pages for people, not part of the API. */
    private static final Set<String> PAGES = Set.of("GET /api", "GET /about", "GET /map", "GET /o/{id}", "GET /s/{slug}",
            "GET /", "GET /services", "GET /c/{slug}");
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

    @Test
    void the_openapi_description_lists_exactly_the_routes_the_server_registered() {
        try (TestNode node = TestNode.fresh()) {
            Set<String> registered = new TreeSet<>();
            for (ParsedEndpoint e : node.app.http().unsafe.internalRouter.allHttpHandlers()) {
                String method = e.endpoint.method.name().toUpperCase(Locale.ROOT);
                String route = method + " " + e.endpoint.path;
                if (METHODS.contains(method) && !PAGES.contains(route)) {
                    registered.add(route);
                }
            }
            Client.Answer a = node.client.get("/openapi.json");
            assertEquals(200, a.status());
            JsonNode doc = a.json();
            assertTrue(doc.path("openapi").asText().startsWith("3.1"));
            Set<String> described = new TreeSet<>();
            doc.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
                if (METHODS.contains(op.getKey().toUpperCase(Locale.ROOT))) {
                    described.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            }));
            Set<String> undescribed = new TreeSet<>(registered);
            undescribed.removeAll(described);
            Set<String> absent = new TreeSet<>(described);
            absent.removeAll(registered);
            assertTrue(undescribed.isEmpty(), "routes missing from openapi.json: " + undescribed);
            assertTrue(absent.isEmpty(), "described but not served: " + absent);
            assertTrue(registered.contains("GET /api/v1/stream"), "the live stream is a route too");
        }
    }

    @Test
    void the_api_page_is_plain_html_without_inline_script() {
        try (TestNode node = TestNode.fresh()) {
            Client.Answer page = node.client.get("/api");
            assertEquals(200, page.status());
            assertTrue(page.header("Content-Type").startsWith("text/html"));
            assertTrue(page.body().contains("/api/v2/summary.json"));
            assertTrue(page.body().contains("Outcry-Signature"));
            assertFalse(page.body().toLowerCase(Locale.ROOT).contains("<script"), "no script at all");
            assertFalse(page.body().matches("(?s).*<[^>]*\\son[a-z]+\\s*=.*"), "no inline event handlers");
        }
    }
}
