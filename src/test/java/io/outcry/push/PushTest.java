package io.outcry.push;

import static io.outcry.db.Tables.PUSH_SUBSCRIPTION;
import static io.outcry.db.Tables.SERVICE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.outcry.Client;
import io.outcry.OnEachEngine;
import io.outcry.TestNode;
import io.outcry.outage.Outage;
import io.outcry.outage.OutageChange;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Web Push against a push endpoint on this machine that does what a browser's push service and the browser do: it
 * checks the VAPID token (RFC 8292) and decrypts the message (RFC 8291) with the subscriber's own keys, written here
 * from the RFCs without the sender's code.
 */
class PushTest extends OnEachEngine {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder UNB64 = Base64.getUrlDecoder();

    record Received(String path, Map<String, List<String>> headers, byte[] body) {}

    /** The operator's contact, as OUTCRY_PUSH_SUBJECT sets it. */
    private static final String SUBJECT = "https://status.example.org/contact";

    private TestNode node;
    private HttpServer pushService;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        node = TestNode.on(TestNode.freshConfig(engine).withPushSubject(SUBJECT),
                new io.outcry.MutableClock(TestNode.START));
        pushService = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        pushService.createContext("/push/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestURI().getPath(), exchange.getRequestHeaders(), body));
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().endsWith("/gone") ? 410 : 201, -1);
            exchange.close();
        });
        pushService.start();
    }

    @AfterEach
    void stop() {
        pushService.stop(0);
        node.close();
    }

    /** A browser's side of a subscription: its P-256 key pair and auth secret. */
    record Browser(KeyPair keys, byte[] auth, String endpoint) {
        static Browser at(String endpoint) throws Exception {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            byte[] auth = new byte[16];
            new SecureRandom().nextBytes(auth);
            return new Browser(g.generateKeyPair(), auth, endpoint);
        }

        String subscription(String service, String area) {
            return "{\"service\":\"" + service + "\"," + (area == null ? "" : "\"area\":\"" + area + "\",")
                    + "\"subscription\":{\"endpoint\":\"" + endpoint + "\",\"keys\":{\"p256dh\":\""
                    + B64.encodeToString(raw((ECPublicKey) keys.getPublic())) + "\",\"auth\":\""
                    + B64.encodeToString(auth) + "\"}}}";
        }
    }

    private String endpoint(String name) {
        return "http://127.0.0.1:" + pushService.getAddress().getPort() + "/push/" + name;
    }

    @Test
    void a_node_does_not_push_to_its_own_network_unless_its_operator_allows_it() throws Exception {
        try (TestNode closed = TestNode.on(TestNode.freshConfig(engine).withPushToPrivate(false),
                new io.outcry.MutableClock(TestNode.START))) {
            for (String target : List.of(endpoint("loopback"), "http://10.0.0.7/push/x", "http://[::1]:9/push/x",
                    "https://169.254.169.254/latest/meta-data")) {
                Client.Answer refused = closed.client.postJson("/api/v1/push/subscriptions",
                        Browser.at(target).subscription("chatgpt", null));
                assertEquals(400, refused.status(), target + " " + refused.body());
                assertEquals("subscription", refused.json().path("field").asText(), refused.body());
                assertTrue(refused.json().path("detail").asText().contains("public addresses only"), refused.body());
            }
            assertEquals(0, closed.db().dsl().fetchCount(PUSH_SUBSCRIPTION), "nothing stored");
        }
        assertEquals(201, node.client.postJson("/api/v1/push/subscriptions",
                Browser.at(endpoint("allowed")).subscription("chatgpt", null)).status(), "allowed by its operator");
    }

    @Test
    void a_subscription_is_read_as_the_browser_sends_it_and_a_field_it_does_not_know_is_refused_by_name()
            throws Exception {
        Browser browser = Browser.at(endpoint("fields"));
        String sent = browser.subscription("chatgpt", "DE");
        // PushSubscription.toJSON() also gives expirationTime, null in every browser seen.
        String withExpiry = sent.replace("\"subscription\":{", "\"subscription\":{\"expirationTime\":null,");
        Client.Answer stored = node.client.postJson("/api/v1/push/subscriptions", withExpiry);
        assertEquals(201, stored.status(), stored.body());
        assertEquals("DE", stored.json().path("area").asText());
        for (String[] c : new String[][] {
                {sent.replace("{\"service\"", "{\"channel\":\"web\",\"service\""), "channel"},
                {sent.replace("\"area\":\"DE\"", "\"area\":49"), "area"},
                {sent.replace("\"service\":\"chatgpt\"", "\"service\":[\"chatgpt\"]"), "service"},
                {sent.replace("\"keys\":{", "\"keys\":{\"extra\":\"x\","), "extra"}}) {
            Client.Answer refused = node.client.postJson("/api/v1/push/subscriptions", c[0]);
            assertEquals(400, refused.status(), c[0]);
            assertEquals(c[1], refused.json().path("field").asText(), refused.body());
        }
        Client.Answer unknown = node.client.json("DELETE", "/api/v1/push/subscriptions",
                "{\"service\":\"chatgpt\",\"endpoint\":\"" + endpoint("fields") + "\",\"all\":true}");
        assertEquals(400, unknown.status(), unknown.body());
        assertEquals("all", unknown.json().path("field").asText());
        Client.Answer removed = node.client.json("DELETE", "/api/v1/push/subscriptions",
                "{\"service\":\"chatgpt\",\"endpoint\":\"" + endpoint("fields") + "\"}");
        assertEquals(1, removed.json().path("removed").asInt(), removed.body());
    }

    @Test
    void an_outage_start_reaches_subscribers_encrypted_and_signed_and_gone_endpoints_are_forgotten() throws Exception {
        Browser french = Browser.at(endpoint("fr"));
        Browser gone = Browser.at(endpoint("gone"));
        Browser other = Browser.at(endpoint("other-service"));
        Browser regional = Browser.at(endpoint("regional"));
        assertEquals(201, node.client.postJson("/api/v1/push/subscriptions", french.subscription("chatgpt", null),
                "Accept-Language", "fr").status());
        assertEquals(201, node.client.postJson("/api/v1/push/subscriptions", gone.subscription("chatgpt", null))
                .status());
        assertEquals(201, node.client.postJson("/api/v1/push/subscriptions", other.subscription("github", null))
                .status());
        assertEquals(201, node.client.postJson("/api/v1/push/subscriptions", regional.subscription("chatgpt", "DE"))
                .status());
        assertEquals(400, node.client.postJson("/api/v1/push/subscriptions", french.subscription("chatgpt",
                "XX-NOWHERE")).status(), "an unknown area is refused");
        String publicKey = node.client.get("/api/v1/push/key").json().path("publicKey").asText();

        node.app.push().accept(new OutageChange(OutageChange.Kind.CONFIRMED, outage("FR-IDF")));
        node.app.push().accept(new OutageChange(OutageChange.Kind.CONFIRMED, outage("*")));
        // The regional outage (France) reaches no one: every subscriber asked for the world or Germany.
        Received first = next();
        Received second = next();
        Received third = next();
        assertNull(received.poll(300, TimeUnit.MILLISECONDS), "nothing more: not the other service's subscriber");
        List<Received> all = List.of(first, second, third);
        assertEquals(List.of("/push/fr", "/push/gone", "/push/regional"),
                all.stream().map(Received::path).sorted().toList());
        Received toFrench = all.stream().filter(r -> r.path().endsWith("/fr")).findFirst().orElseThrow();

        verifyVapid(toFrench, publicKey, "http://127.0.0.1:" + pushService.getAddress().getPort());
        assertEquals("aes128gcm", toFrench.headers().get("Content-encoding").get(0));
        JsonNode message = JSON.readTree(decrypt(toFrench.body(), french));
        assertEquals("ChatGPT est en panne", message.path("title").asText());
        assertEquals("/s/chatgpt?lang=fr", message.path("url").asText());

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (node.app.push().forgotten() < 1 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(1, node.app.push().forgotten());
        assertEquals(0, node.db().dsl().fetchCount(PUSH_SUBSCRIPTION, PUSH_SUBSCRIPTION.ENDPOINT.eq(endpoint("gone"))),
                "a 410 removes the subscription");
        assertEquals(3, node.db().dsl().fetchCount(PUSH_SUBSCRIPTION));

        assertEquals(1, node.client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        "http://localhost:" + node.app.port() + "/api/v1/push/subscriptions"))
                .header("Content-Type", "application/json")
                .method("DELETE", java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"service\":\"chatgpt\",\"endpoint\":\"" + endpoint("fr") + "\"}"))
                .build()).json().path("removed").asInt(), "a browser can unsubscribe");
    }

    private Received next() throws InterruptedException {
        Received r = received.poll(10, TimeUnit.SECONDS);
        assertTrue(r != null, "a push arrived");
        return r;
    }

    private Outage outage(String scope) {
        int chatgpt = node.db().dsl().select(SERVICE.ID).from(SERVICE).where(SERVICE.SLUG.eq("chatgpt"))
                .fetchOne(SERVICE.ID);
        Instant started = node.clock.instant().minus(Duration.ofMinutes(20));
        return new Outage(UUID.randomUUID(), chatgpt, "chatgpt", scope, Outage.State.OUTAGE, started,
                started.plus(Duration.ofMinutes(1)), started.plus(Duration.ofMinutes(3)), null,
                started.plus(Duration.ofMinutes(10)), started.plus(Duration.ofMinutes(5)), 120, 8.5, 300,
                List.of(), List.of());
    }

    /** RFC 8292: "vapid t=<ES256 JWT>, k=<public key>", the token for this push service, not expired, with a contact. */
    private void verifyVapid(Received r, String publicKey, String audience) throws Exception {
        String authorization = r.headers().get("Authorization").get(0);
        assertTrue(authorization.startsWith("vapid t="), authorization);
        String token = authorization.substring(8, authorization.indexOf(','));
        String k = authorization.substring(authorization.indexOf("k=") + 2).trim();
        assertEquals(publicKey, k, "the key the page subscribed with");
        String[] parts = token.split("\\.");
        Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format");
        es256.initVerify(publicKey(UNB64.decode(k)));
        es256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(es256.verify(UNB64.decode(parts[2])), "the JWT is signed with the VAPID key");
        JsonNode header = JSON.readTree(UNB64.decode(parts[0]));
        assertEquals("ES256", header.path("alg").asText());
        JsonNode claims = JSON.readTree(UNB64.decode(parts[1]));
        assertEquals(audience, claims.path("aud").asText());
        long exp = claims.path("exp").asLong();
        long now = node.clock.instant().getEpochSecond();
        assertTrue(exp > now && exp <= now + 24 * 3600, "expires within a day: " + exp);
        assertEquals(SUBJECT, claims.path("sub").asText(), "the operator's configured contact");
    }

    /** RFC 8291 as the browser decrypts: ECDH with its private key, HKDF with its auth secret, AES-128-GCM. */
    private static byte[] decrypt(byte[] body, Browser b) throws Exception {
        ByteBuffer in = ByteBuffer.wrap(body);
        byte[] salt = new byte[16];
        in.get(salt);
        int recordSize = in.getInt();
        assertEquals(4096, recordSize);
        byte[] serverKey = new byte[in.get()];
        in.get(serverKey);
        byte[] sealed = new byte[in.remaining()];
        in.get(sealed);
        KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
        ecdh.init(b.keys().getPrivate());
        ecdh.doPhase(publicKey(serverKey), true);
        byte[] shared = ecdh.generateSecret();
        ByteArrayOutputStream keyInfo = new ByteArrayOutputStream();
        keyInfo.writeBytes("WebPush: info\0".getBytes(StandardCharsets.US_ASCII));
        keyInfo.writeBytes(raw((ECPublicKey) b.keys().getPublic()));
        keyInfo.writeBytes(serverKey);
        byte[] ikm = hkdf(b.auth(), shared, keyInfo.toByteArray(), 32);
        byte[] cek = hkdf(salt, ikm, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
        byte[] nonce = hkdf(salt, ikm, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);
        Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
        aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
        byte[] padded = aes.doFinal(sealed);
        int end = padded.length - 1;
        while (end >= 0 && padded[end] == 0) {
            end--;
        }
        assertEquals(2, padded[end], "the last record's delimiter");
        return Arrays.copyOf(padded, end);
    }

    private static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salt, "HmacSHA256"));
        byte[] prk = mac.doFinal(ikm);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        mac.update(info);
        mac.update((byte) 1);
        return Arrays.copyOf(mac.doFinal(), length);
    }

    private static byte[] raw(ECPublicKey key) {
        byte[] out = new byte[65];
        out[0] = 4;
        byte[] x = key.getW().getAffineX().toByteArray();
        byte[] y = key.getW().getAffineY().toByteArray();
        System.arraycopy(x, Math.max(0, x.length - 32), out, 1 + 32 - Math.min(32, x.length), Math.min(32, x.length));
        System.arraycopy(y, Math.max(0, y.length - 32), out, 33 + 32 - Math.min(32, y.length), Math.min(32, y.length));
        return out;
    }

    private static ECPublicKey publicKey(byte[] raw) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        var params = ((ECPublicKey) g.generateKeyPair().getPublic()).getParams();
        ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(raw, 1, 33)),
                new BigInteger(1, Arrays.copyOfRange(raw, 33, 65)));
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, params));
    }
}
