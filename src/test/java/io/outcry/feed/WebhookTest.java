package io.outcry.feed;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.outcry.Client;
import io.outcry.MutableClock;
import io.outcry.OnEachEngine;
import io.outcry.TestNode;
import io.outcry.outage.Outage;
import io.outcry.outage.OutageChange;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WebhookTest extends OnEachEngine {
    private static final String TOKEN = "admin-token-for-tests-0123456789";
    private static final String SECRET = "receiver-secret-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    record Received(String signature, String delivery, String event, byte[] body) {}

    @Test
    void a_receiver_gets_a_signed_delivery_and_a_retry_after_answering_500() throws Exception {
        List<Received> received = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestHeaders().getFirst("Outcry-Signature"),
                    exchange.getRequestHeaders().getFirst("Outcry-Delivery"),
                    exchange.getRequestHeaders().getFirst("Outcry-Event"), body));
            exchange.sendResponseHeaders(calls.incrementAndGet() == 1 ? 500 : 200, -1);
            exchange.close();
        });
        receiver.start();
        try (TestNode node = TestNode.on(TestNode.freshConfig(engine).withAdminToken(TOKEN),
                new MutableClock(Outages.NOW.plusSeconds(5)))) {
            Client.Answer created = node.client.postJson("/api/v1/admin/webhooks", """
                    {"url": "http://127.0.0.1:%d/hook", "secret": "%s", "services": ["chatgpt"]}
                    """.formatted(receiver.getAddress().getPort(), SECRET), "Authorization", "Bearer " + TOKEN);
            assertEquals(201, created.status(), created.body());
            assertFalse(created.body().contains(SECRET), "the secret is never given back");
            String id = created.json().path("id").asText();
            node.app.feeds().courier().baseDelay(Duration.ofMillis(50));

            Outage other = Outages.episode(node, "github", "*", Outage.State.OUTAGE, Outages.NOW, null);
            Outage gpt = Outages.episode(node, "chatgpt", "*", Outage.State.OUTAGE, Outages.NOW, null);
            node.app.feeds().courier().accept(new OutageChange(OutageChange.Kind.CONFIRMED, other));
            node.app.feeds().courier().accept(new OutageChange(OutageChange.Kind.CONFIRMED, gpt));
            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 2);
            // A third delivery (github's, or a retry of a success) would come within the retry's delay.
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> received.size() == 2);
            assertEquals(2, received.size(), "one failed attempt, one retry; github is filtered out");
            long now = node.clock.instant().getEpochSecond();
            for (Received r : received) {
                assertNotNull(r.signature());
                String t = r.signature().replaceAll("^t=(\\d+),v1=[0-9a-f]{64}$", "$1");
                assertEquals("t=" + t + ",v1=" + hmac(SECRET, t + "." + new String(r.body(), StandardCharsets.UTF_8)),
                        r.signature(), "HMAC-SHA256(secret, t + \".\" + body)");
                assertTrue(Signature.verify(r.signature(), SECRET, r.body(), now));
                assertFalse(Signature.verify(r.signature(), SECRET, r.body(), now + 301), "stale after five minutes");
                assertFalse(Signature.verify(r.signature(), "another-secret-000000", r.body(), now));
                JsonNode body = JSON.readTree(r.body());
                assertEquals("outage.confirmed", body.path("event").asText());
                assertEquals(gpt.id().toString(), body.path("outage").path("id").asText());
                assertEquals("outage.confirmed", r.event());
            }
            assertEquals(received.get(0).delivery(), received.get(1).delivery(), "a retry is the same delivery");

            JsonNode log = node.client.get("/api/v1/admin/webhooks/" + id + "/deliveries", "Authorization",
                    "Bearer " + TOKEN).json().path("deliveries");
            assertEquals(2, log.size(), log.toString());
            assertEquals(2, log.get(0).path("attempt").asInt());
            assertEquals(200, log.get(0).path("statusCode").asInt());
            assertTrue(log.get(0).hasNonNull("deliveredAt"));
            assertEquals(1, log.get(1).path("attempt").asInt());
            assertFalse(log.get(1).hasNonNull("statusCode"), "a failure does not say what answered: " + log.get(1));
            assertEquals(WebhookCourier.NOT_DELIVERED, log.get(1).path("error").asText(),
                    "an HTTP 500 reads as a refused connection would");

            Client.Answer list = node.client.get("/api/v1/admin/webhooks", "Authorization", "Bearer " + TOKEN);
            assertEquals(1, list.json().path("webhooks").size());
            assertFalse(list.body().contains(SECRET));
            assertFalse(list.body().contains("secret"));
            assertEquals(204, node.client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    "http://localhost:" + node.app.port() + "/api/v1/admin/webhooks/" + id)).DELETE()
                    .header("Authorization", "Bearer " + TOKEN).build()).status());
            assertEquals(0, node.client.get("/api/v1/admin/webhooks", "Authorization", "Bearer " + TOKEN).json()
                    .path("webhooks").size());
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void refuses_targets_on_loopback_private_and_link_local_addresses_unless_allowed() {
        try (TestNode node = TestNode.on(TestNode.freshConfig(engine).withAdminToken(TOKEN)
                .withWebhooksToPrivate(false), new MutableClock(Outages.NOW))) {
            for (String url : List.of("http://127.0.0.1:5432/", "http://localhost:7070/api", "http://10.0.0.8/hook",
                    "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data", "http://[::1]:22/",
                    "http://[fd00::1]/", "http://100.64.0.1/")) {
                Client.Answer a = node.client.postJson("/api/v1/admin/webhooks",
                        "{\"url\": \"" + url + "\", \"secret\": \"" + SECRET + "\"}", "Authorization", "Bearer " + TOKEN);
                assertEquals(400, a.status(), url + " → " + a.body());
                assertEquals("url", a.json().path("field").asText());
            }
            Client.Answer publicTarget = node.client.postJson("/api/v1/admin/webhooks",
                    "{\"url\": \"https://203.0.113.9/hook\", \"secret\": \"" + SECRET + "\"}", "Authorization",
                    "Bearer " + TOKEN);
            assertEquals(201, publicTarget.status(), publicTarget.body());
        }
    }

    @Test
    void the_admin_api_wants_the_bearer_token_and_is_absent_without_one() {
        try (TestNode node = TestNode.on(TestNode.freshConfig(engine).withAdminToken(TOKEN),
                new MutableClock(Outages.NOW))) {
            Client.Answer none = node.client.get("/api/v1/admin/webhooks");
            assertEquals(401, none.status());
            assertTrue(none.header("WWW-Authenticate").startsWith("Bearer"));
            assertEquals(401, node.client.get("/api/v1/admin/webhooks", "Authorization", "Basic YWRtaW46YWRtaW4=")
                    .status(), "malformed");
            assertEquals(403, node.client.get("/api/v1/admin/webhooks", "Authorization", "Bearer wrong").status());
            assertEquals(403, node.client.postJson("/api/v1/admin/webhooks", "{}", "Authorization", "Bearer wrong")
                    .status());
            Client.Answer bad = node.client.postJson("/api/v1/admin/webhooks",
                    "{\"url\": \"ftp://example.org\", \"secret\": \"" + SECRET + "\"}", "Authorization",
                    "Bearer " + TOKEN);
            assertEquals(400, bad.status());
            assertEquals("url", bad.json().path("field").asText());
            assertEquals(null, none.header("Access-Control-Allow-Origin"), "no CORS on the admin API");
        }
        try (TestNode node = TestNode.fresh(engine)) {
            assertEquals(404, node.client.get("/api/v1/admin/webhooks").status());
            assertEquals(404, node.client.get("/api/v1/admin/webhooks", "Authorization", "Bearer " + TOKEN).status());
            assertEquals(404, node.client.postJson("/api/v1/admin/webhooks", "{}").status());
        }
    }

    private static String hmac(String secret, String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }
}
