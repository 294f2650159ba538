package io.outcry.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outcry.Client;
import io.outcry.MutableClock;
import io.outcry.OnEachEngine;
import io.outcry.TestNode;
import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

class ServiceAdminTest extends OnEachEngine {
    private static final String TOKEN = "s3cret-admin-token-for-tests";

    private TestNode node() {
        return TestNode.on(TestNode.freshConfig(engine).withAdminToken(TOKEN), new MutableClock(TestNode.START));
    }

    private static Client.Answer send(TestNode node, String method, String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + node.app.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return node.client.send(b.build());
    }

    private static Client.Answer admin(TestNode node, String method, String path, String body) {
        return send(node, method, path, body, "Authorization", "Bearer " + TOKEN);
    }

    @Test
    void adds_renames_and_retires_a_service_and_the_public_catalog_follows() {
        try (TestNode node = node()) {
            Client.Answer added = admin(node, "POST", "/api/v1/admin/services",
                    "{\"slug\":\"acme-bank\",\"name\":\"Acme Bank\",\"category\":\"payments-banks\",\"aliases\":[\"acme\"],"
                            + "\"homepage\":\"https://acme.example\",\"popularity\":40}");
            assertEquals(201, added.status(), added.body());
            assertEquals("Acme Bank", node.client.get("/api/v1/services/acme-bank").json().path("name").asText());
            assertEquals(201, node.client.postJson("/api/v1/reports", "{\"service\":\"acme-bank\"}").status(),
                    "reports are taken at once");
            assertEquals(409, admin(node, "POST", "/api/v1/admin/services",
                    "{\"slug\":\"acme-bank\",\"name\":\"Again\",\"category\":\"payments-banks\"}").status());

            Client.Answer renamed = admin(node, "PATCH", "/api/v1/admin/services/acme-bank",
                    "{\"slug\":\"acme\",\"name\":\"Acme Banque\"}");
            assertEquals(200, renamed.status(), renamed.body());
            assertEquals("Acme Banque", node.client.get("/api/v1/services/acme").json().path("name").asText());
            assertEquals(404, node.client.get("/api/v1/services/acme-bank").status());

            assertEquals(204, admin(node, "DELETE", "/api/v1/admin/services/acme", null).status());
            assertEquals(404, node.client.get("/api/v1/services/acme").status());
            assertEquals(400, node.client.postJson("/api/v1/reports", "{\"service\":\"acme\"}").status());
            assertEquals(404, admin(node, "DELETE", "/api/v1/admin/services/acme", null).status());
            assertEquals(409, admin(node, "POST", "/api/v1/admin/services",
                    "{\"slug\":\"acme\",\"name\":\"Acme\",\"category\":\"payments-banks\"}").status(), "a retired slug stays taken");
        }
    }

    @Test
    void gives_each_service_its_name_inside_a_french_sentence() {
        try (TestNode node = node()) {
            var credit = node.client.get("/api/v1/services/credit-agricole").json().path("nameFr");
            assertEquals("le Crédit Agricole", credit.path("inSentence").asText());
            assertEquals("du Crédit Agricole", credit.path("of").asText());
            assertEquals("d’Amazon", node.client.get("/api/v1/services/amazon").json().path("nameFr").path("of").asText());
        }
    }

    @Test
    void refuses_invalid_services_with_the_field_that_was_wrong() {
        try (TestNode node = node()) {
            String[][] cases = {
                {"{\"slug\":\"Bad Slug\",\"name\":\"x\",\"category\":\"payments-banks\"}", "slug"},
                {"{\"slug\":\"ok\",\"name\":\"x\",\"category\":\"nope\"}", "category"},
                {"{\"slug\":\"ok\",\"name\":\"x\",\"category\":\"payments-banks\",\"popularity\":1000}", "popularity"},
                {"{\"slug\":\"ok\",\"name\":\"x\",\"category\":\"payments-banks\",\"homepage\":\"javascript:alert(1)\"}", "homepage"},
                {"{\"slug\":\"ok\",\"name\":\"x\",\"category\":\"payments-banks\",\"admin\":true}", "admin"},
                {"{\"slug\":\"ok\",\"category\":\"payments-banks\"}", "name"},
                {"{\"slug\":\"ok\",\"name\":5,\"category\":\"payments-banks\"}", "name",
                    "name is required, as a string."},
                {"{\"slug\":\"ok\",\"name\":\"x\",\"category\":\"payments-banks\",\"popularity\":5.5}", "popularity",
                    "popularity is a whole number from 1 to 100."},
                {"{\"slug\":\"ok\",\"name\":\"x\",\"category\":\"payments-banks\",\"popularity\":99999999999}",
                    "popularity", "popularity is a whole number from 1 to 100."},
                {"{\"slug\":\"ok\",\"name\":\"x\",\"category\":\"payments-banks\",\"aliases\":\"acme\"}", "aliases",
                    "aliases is an array of strings."},
                {"{\"slug\":\"ok\",\"name\":\"x\",\"category\":\"payments-banks\",\"accessCountries\":[7]}",
                    "accessCountries", "accessCountries is an array of strings matching [A-Z]{2}, no commas."},
                {"{\"slug\":\"ok\",\"name\":\"x\",\"category\":\"payments-banks\",\"dependsOn\":[\"no-such-host\"]}",
                    "dependsOn"},
                {"{\"slug\":\"ok\",\"name\":\"x\",\"category\":\"payments-banks\",\"dependsOn\":[\"ok\"]}", "dependsOn"},
            };
            for (String[] c : cases) {
                Client.Answer a = admin(node, "POST", "/api/v1/admin/services", c[0]);
                assertEquals(400, a.status(), c[0] + " → " + a.body());
                assertEquals(c[1], a.json().path("field").asText(), a.body());
                if (c.length > 2) {
                    assertEquals(c[2], a.json().path("detail").asText(), a.body());
                }
            }
            Client.Answer cleared = admin(node, "PATCH", "/api/v1/admin/services/chatgpt", "{\"statusPage\":null}");
            assertEquals(200, cleared.status(), cleared.body());
            assertTrue(cleared.json().path("statusPage").isMissingNode(), "a null clears the URL: " + cleared.body());
            assertEquals("https://chatgpt.com", cleared.json().path("homepage").asText(), "what was not sent stays");
            assertEquals(404, node.client.get("/api/v1/services/ok").status());
            assertEquals(201, admin(node, "POST", "/api/v1/admin/services",
                    "{\"slug\":\"ok\",\"name\":\"x\",\"category\":\"payments-banks\",\"dependsOn\":[\"cloudflare\"]}")
                    .status(), "a service of the catalog may be named");
        }
    }

    @Test
    void answers_401_without_a_bearer_token_and_403_with_a_wrong_one() {
        try (TestNode node = node()) {
            String body = "{\"slug\":\"x\",\"name\":\"x\",\"category\":\"payments-banks\"}";
            for (String[] h : new String[][] {{}, {"Authorization", "Basic dXNlcjpwYXNz"}, {"Authorization", "Bearer "},
                {"Authorization", TOKEN}}) {
                Client.Answer a = send(node, "POST", "/api/v1/admin/services", body, h);
                assertEquals(401, a.status(), a.body());
                assertTrue(a.header("WWW-Authenticate").startsWith("Bearer"));
                assertEquals("application/problem+json", a.header("Content-Type").split(";")[0]);
            }
            Client.Answer wrong = send(node, "PATCH", "/api/v1/admin/services/chatgpt", "{\"name\":\"pwned\"}",
                    "Authorization", "Bearer " + TOKEN + "x");
            assertEquals(403, wrong.status());
            assertEquals(403, send(node, "DELETE", "/api/v1/admin/services/chatgpt", null, "Authorization",
                    "Bearer wrong").status());
            assertEquals(403, send(node, "GET", "/api/v1/admin/webhooks", null, "Authorization", "Bearer wrong")
                    .status(), "webhooks share the same check");
            assertEquals("ChatGPT", node.client.get("/api/v1/services/chatgpt").json().path("name").asText());
        }
    }

    @Test
    void without_a_configured_token_the_admin_api_is_absent() {
        try (TestNode node = TestNode.fresh(engine)) {
            Client.Answer a = send(node, "DELETE", "/api/v1/admin/services/chatgpt", null, "Authorization", "Bearer ");
            assertEquals(404, a.status());
            assertEquals(404, send(node, "POST", "/api/v1/admin/services", "{}", "Authorization", "Bearer x").status());
            assertEquals(200, node.client.get("/api/v1/services/chatgpt").status());
        }
    }
}
