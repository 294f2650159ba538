package io.outcry.outage;

import static io.outcry.db.Tables.MINUTE_COUNT;
import static io.outcry.db.Tables.REPORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outcry.Client;
import io.outcry.Config;
import io.outcry.MutableClock;
import io.outcry.OnEachEngine;
import io.outcry.TestNode;
import io.outcry.report.Challenges;
import io.outcry.report.ReporterKeys;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.altcha.altcha.Altcha;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Nobody can fake an outage: one client, or one network of many clients, never opens one; a real crowd does. */
@Tag("slow")
class AbuseTest extends OnEachEngine {
    private static final Instant NOW = TestNode.START;
    private static final double RATE = 2.0;

    /** The production defaults, with challenges small enough for a test to solve quickly. */
    private TestNode node() {
        TestNode node = bare();
        int chatgpt = Counts.serviceId(node.db().dsl(), "chatgpt");
        Counts.steady(node.db().dsl(), chatgpt, "*", NOW.minus(Duration.ofDays(14)), NOW, RATE, 7);
        return node;
    }

    private TestNode bare() {
        Config.Abuse defaults = Config.from(Map.of()).abuse().withChallengeMaxNumber(2_000);
        Config config = TestNode.freshConfig(engine).withAbuse(defaults).withTrustedProxies(List.of("127.0.0.1", "::1"));
        return TestNode.on(config, new MutableClock(NOW.plusSeconds(5)));
    }

    /** Sends one report as {@code ip}, solving the proof-of-work when asked, as the web form does. */
    private static Client.Answer report(TestNode node, String ip, String userAgent, AtomicInteger challenges) {
        String body = "{\"service\":\"chatgpt\"}";
        Client.Answer a = node.client.postJson("/api/v1/reports", body, "X-Forwarded-For", ip, "User-Agent", userAgent);
        if (a.status() != 428) {
            return a;
        }
        challenges.incrementAndGet();
        assertEquals("altcha", a.json().path("field").asText());
        JsonNode c = node.client.get("/api/v1/challenge").json();
        String payload = solve(c);
        return node.client.postJson("/api/v1/reports",
                "{\"service\":\"chatgpt\",\"altcha\":\"" + payload + "\"}", "X-Forwarded-For", ip, "User-Agent",
                userAgent);
    }

    static String solve(JsonNode c) {
        try {
            Altcha.Solution s = Altcha.solveChallenge(c.path("challenge").asText(), c.path("salt").asText(),
                    Altcha.Algorithm.SHA256, c.path("maxnumber").asLong(), 0);
            assertNotNull(s, "the challenge has a solution");
            String json = "{\"algorithm\":\"" + c.path("algorithm").asText() + "\",\"challenge\":\""
                    + c.path("challenge").asText() + "\",\"number\":" + s.number + ",\"salt\":\""
                    + c.path("salt").asText() + "\",\"signature\":\"" + c.path("signature").asText() + "\"}";
            return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Ends the current minute with the usual background of other people's reports, and runs the detector. */
    private static void endMinute(TestNode node, Random random) {
        int chatgpt = Counts.serviceId(node.db().dsl(), "chatgpt");
        Instant minute = node.clock.instant().truncatedTo(ChronoUnit.MINUTES);
        int n = Counts.poisson(random, RATE);
        if (n > 0) {
            node.db().dsl().batch(Counts.add(node.db().dsl(), chatgpt, "*", minute, n)).execute();
        }
        node.clock.advance(Duration.ofMinutes(1));
        node.app.detection().runOnce();
    }

    /**
     * {@code minutes} minutes of {@code perMinute} reports each, client {@code n} (from 0) sending from the address and
     * with the browser the functions give it; each minute then ends as {@link #endMinute} does, its background drawn
     * from {@code seed}. Returns every answer, in order.
     */
    private static List<Client.Answer> crowd(TestNode node, long seed, int minutes, int perMinute,
            IntFunction<String> address, IntFunction<String> browser, AtomicInteger challenges) {
        Random random = new Random(seed);
        List<Client.Answer> answers = new ArrayList<>();
        for (int minute = 0; minute < minutes; minute++) {
            for (int i = 0; i < perMinute; i++) {
                int n = minute * perMinute + i;
                answers.add(report(node, address.apply(n), browser.apply(n), challenges));
            }
            endMinute(node, random);
        }
        return answers;
    }

    /** How many reports were stored and counted; every answer must be a 201. */
    private static long counted(List<Client.Answer> answers) {
        answers.forEach(a -> assertEquals(201, a.status(), a.body()));
        return answers.stream().filter(a -> a.json().path("counted").asBoolean()).count();
    }

    private static int outages(TestNode node) {
        return node.client.get("/api/v1/outages?dismissed=true").json().path("outages").size();
    }

    @Test
    void one_client_sending_10000_reports_never_opens_an_outage() {
        try (TestNode node = node()) {
            AtomicInteger challenges = new AtomicInteger();
            List<Client.Answer> answers = crowd(node, 1, 20, 500, n -> "203.0.113.9", n -> "Mozilla/5.0 flood",
                    challenges);
            List<Client.Answer> refused = answers.stream().filter(a -> a.status() == 429).toList();
            Client.Answer first = refused.getFirst();
            assertTrue(first.header("Content-Type").startsWith("application/problem+json"));
            assertTrue(Integer.parseInt(first.header("Retry-After")) >= 1, "Retry-After says when");
            assertEquals(429, first.json().path("status").asInt());
            answers.stream().filter(a -> a.status() != 429 && a.status() != 201)
                    .forEach(a -> assertEquals(200, a.status(), a.body()));
            long stored = answers.stream().filter(a -> a.status() == 201).count();
            assertTrue(refused.size() > 9_900, "the bucket refused the flood: " + refused.size());
            assertEquals(2, stored, "one report per dedupe window is stored: " + stored);
            assertTrue(challenges.get() > 0, "a half-empty bucket asks for proof of work");
            assertEquals(0, outages(node), "one client never opens an outage");
        }
    }

    @Test
    void two_hundred_clients_of_one_slash_24_never_open_an_outage() {
        try (TestNode node = node()) {
            long created = counted(crowd(node, 2, 20, 10, n -> "198.51.100." + (n + 1),
                    n -> "Mozilla/5.0 host" + (n + 1), new AtomicInteger()));
            // 20 minutes at 3 counted per 15 minutes: at most 6 of the 200 reach the counts.
            assertTrue(created <= 6, "counted " + created);
            int stored = node.db().dsl().fetchCount(REPORT);
            assertEquals(200, stored, "every report is kept for audit");
            assertEquals(200 - created, node.db().dsl().fetchCount(REPORT, REPORT.COUNTED.isFalse()));
            assertEquals(0, outages(node), "one network never opens an outage");
        }
    }

    @Test
    void five_hundred_clients_over_many_subnets_open_an_outage() {
        try (TestNode node = node()) {
            AtomicInteger challenges = new AtomicInteger();
            List<Client.Answer> answers = crowd(node, 3, 5, 100, n -> "10." + (n / 200) + "." + (n % 200) + ".7",
                    n -> "Mozilla/5.0 person" + n, challenges);
            assertEquals(500, counted(answers), "every person of the crowd is counted");
            assertNotEquals(0, outages(node), "a real crowd opens an outage");
            assertTrue(challenges.get() > 0, "reports during a spike carry proof of work");
            int chatgpt = Counts.serviceId(node.db().dsl(), "chatgpt");
            node.app.intake().writeCounts();
            Integer last = node.db().dsl().select(MINUTE_COUNT.REPORTERS).from(MINUTE_COUNT)
                    .where(MINUTE_COUNT.SERVICE_ID.eq(chatgpt)).and(MINUTE_COUNT.AREA.eq("*"))
                    .and(MINUTE_COUNT.MINUTE_START.eq(NOW.plus(Duration.ofMinutes(4)).atOffset(ZoneOffset.UTC)))
                    .fetchOne(MINUTE_COUNT.REPORTERS);
            assertTrue(last != null && last >= 100, "every distinct reporter counted: " + last);
        }
    }

    @Test
    void a_solution_is_accepted_once_and_a_forged_one_never() {
        try (TestNode node = bare()) {
            String payload = solve(node.client.get("/api/v1/challenge").json());
            // Five reports half-empty the reporter's bucket; then the challenge is asked.
            for (int i = 0; i < 6; i++) {
                node.client.postJson("/api/v1/reports", "{\"service\":\"s" + i + "\"}", "X-Forwarded-For", "192.0.2.1");
                node.client.postJson("/api/v1/reports", "{\"service\":\"youtube\"}", "X-Forwarded-For", "192.0.2.1");
            }
            Client.Answer asked = node.client.postJson("/api/v1/reports", "{\"service\":\"github\"}",
                    "X-Forwarded-For", "192.0.2.1");
            assertEquals(428, asked.status(), asked.body());
            assertEquals("application/problem+json", asked.header("Content-Type").split(";")[0]);
            String forged = Base64.getEncoder().encodeToString(
                    "{\"algorithm\":\"SHA-256\",\"challenge\":\"00\",\"number\":1,\"salt\":\"x\",\"signature\":\"00\"}"
                            .getBytes(StandardCharsets.UTF_8));
            for (String bad : List.of(forged, "not base64 at all", "")) {
                assertEquals(428, node.client.postJson("/api/v1/reports",
                        "{\"service\":\"github\",\"altcha\":\"" + bad + "\"}", "X-Forwarded-For", "192.0.2.1").status());
            }
            Client.Answer solved = node.client.postJson("/api/v1/reports",
                    "{\"service\":\"github\",\"altcha\":\"" + payload + "\"}", "X-Forwarded-For", "192.0.2.1");
            assertEquals(201, solved.status(), solved.body());
            Client.Answer replayed = node.client.postJson("/api/v1/reports",
                    "{\"service\":\"gmail\",\"altcha\":\"" + payload + "\"}", "X-Forwarded-For", "192.0.2.1");
            assertEquals(428, replayed.status(), "a solution works once: " + replayed.body());
            Client.Answer form = node.client.post("/api/v1/reports", "application/x-www-form-urlencoded",
                    "service=gmail&altcha=" + java.net.URLEncoder.encode(
                            solve(node.client.get("/api/v1/challenge").json()), StandardCharsets.UTF_8),
                    "X-Forwarded-For", "192.0.2.1");
            assertEquals(201, form.status(), "the form carries the solution too: " + form.body());
        }
    }

    @Test
    void a_solution_respaced_or_reordered_is_still_used_once() {
        try (TestNode node = bare()) {
            Challenges challenges = new Challenges("key", 2_000, node.clock);
            String json = new String(Base64.getDecoder().decode(solve(challengeOf(challenges.issue()))),
                    StandardCharsets.UTF_8);
            assertTrue(challenges.accept(Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8))));
            for (String variant : List.of(json.replace(",", ", "), " " + json, json.replace(":", " : "),
                    json.replace("{", "{\"x\":1,"))) {
                assertTrue(!challenges.accept(Base64.getEncoder().encodeToString(
                        variant.getBytes(StandardCharsets.UTF_8))), "replayed as " + variant);
            }
        }
    }

    private static JsonNode challengeOf(org.altcha.altcha.Altcha.Challenge c) {
        return new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(Map.of("algorithm", c.algorithm,
                "challenge", c.challenge, "maxnumber", c.maxnumber, "salt", c.salt, "signature", c.signature));
    }

    @Test
    void two_hundred_slash_64s_of_one_slash_48_never_open_an_outage() {
        try (TestNode node = node()) {
            long created = counted(crowd(node, 4, 20, 10, n -> "2001:db8:77:" + Integer.toHexString(n + 1) + "::1",
                    n -> "Mozilla/5.0 lan" + (n + 1), new AtomicInteger()));
            assertTrue(created <= 6, "one /48 counts as one network: counted " + created);
            assertEquals(0, outages(node), "one /48 never opens an outage");
        }
    }

    @Test
    void a_burst_from_one_slash_48_meets_the_network_bucket() {
        try (TestNode node = node()) {
            AtomicInteger challenges = new AtomicInteger();
            int refused = 0;
            for (int lan = 1; lan <= 150; lan++) {
                Client.Answer a = report(node, "2001:db8:78:" + Integer.toHexString(lan) + "::1", "Mozilla/5.0", challenges);
                refused += a.status() == 429 ? 1 : 0;
            }
            assertTrue(challenges.get() > 0, "a half-empty network bucket asks for proof of work");
            assertTrue(refused >= 30, "120 a minute per /48: refused " + refused);
        }
    }

    @Test
    void addresses_of_one_slash_64_are_one_reporter() {
        try (TestNode node = node()) {
            AtomicInteger challenges = new AtomicInteger();
            assertEquals(201, report(node, "2001:db8:79:1::1", "Firefox", challenges).status());
            Client.Answer again = report(node, "2001:db8:79:1::2", "Firefox", challenges);
            assertEquals(200, again.status(), "a new address of the same LAN is a duplicate: " + again.body());
        }
    }

    @Test
    void ipv6_clients_share_a_subnet_key_within_one_slash_48() throws Exception {
        try (io.outcry.TestNode node = io.outcry.TestNode.fresh(engine)) {
            subnetKeysOf(new ReporterKeys(Clock.fixed(NOW, ZoneOffset.UTC),
                    new io.outcry.report.SaltStore(node.db().dsl()),
                    io.outcry.report.KeySecret.load(node.config.keySecret(), node.config.dataDir(), false)));
        }
    }

    private static void subnetKeysOf(ReporterKeys keys) throws Exception {
        String a = keys.subnet(InetAddress.getByName("2001:db8:1:2::1"));
        assertEquals(a, keys.subnet(InetAddress.getByName("2001:db8:1:2:ffff:ffff:ffff:ffff")));
        assertEquals(a, keys.subnet(InetAddress.getByName("2001:db8:1:ffff::1")));
        assertNotEquals(a, keys.subnet(InetAddress.getByName("2001:db8:2:2::1")));
        assertEquals(keys.subnet(InetAddress.getByName("192.0.2.1")), keys.subnet(InetAddress.getByName("192.0.2.250")));
        assertNotEquals(keys.subnet(InetAddress.getByName("192.0.2.1")), keys.subnet(InetAddress.getByName("192.0.3.1")));
    }
}
