package io.outcry.report;

import static io.outcry.db.Tables.DAILY_SALT;
import static io.outcry.db.Tables.REPORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outcry.Client;
import io.outcry.Config;
import io.outcry.Db;
import io.outcry.MutableClock;
import io.outcry.OnEachEngine;
import io.outcry.TestNode;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jooq.DSLContext;
import org.jooq.Table;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ReporterKeysTest extends OnEachEngine {
    @Test
    void nodes_on_one_database_key_a_person_alike_and_forget_the_salts_of_past_days() throws Exception {
        Config config = TestNode.freshConfig(engine);
        MutableClock clock = new MutableClock(TestNode.START);
        InetAddress person = InetAddress.getByName("198.51.100.7");
        try (Db db = Db.open(config.dbUrl(), config.dbUser(), config.dbPassword(), 2)) {
            byte[] secret = "the secret both nodes are given, 32 characters or more".getBytes();
            ReporterKeys nodeA = new ReporterKeys(clock, new SaltStore(db.dsl()), secret);
            ReporterKeys nodeB = new ReporterKeys(clock, new SaltStore(db.dsl()), secret);
            String today = nodeA.reporter(person, "Firefox");
            assertEquals(today, nodeB.reporter(person, "Firefox"));
            assertEquals(nodeA.subnet(person), nodeB.subnet(person));
            assertNotEquals(today, nodeA.reporter(person, "Chrome"));

            clock.advance(Duration.ofDays(1));
            String tomorrow = nodeB.reporter(person, "Firefox");
            assertNotEquals(today, tomorrow, "a new salt every UTC day");
            assertEquals(tomorrow, nodeA.reporter(person, "Firefox"));
            assertEquals(2, db.dsl().fetchCount(DAILY_SALT), "yesterday's salt is kept a day for clocks near midnight");

            clock.advance(Duration.ofDays(1));
            nodeA.reporter(person, "Firefox");
            LocalDate start = LocalDate.of(2026, 11, 26);
            assertEquals(0, db.dsl().fetchCount(DAILY_SALT, DAILY_SALT.SALT_DAY.eq(start)),
                    "two days on, the first day's salt is gone and its keys cannot be recomputed");
            assertEquals(2, db.dsl().fetchCount(DAILY_SALT));
        }
    }

    @Test
    void the_database_alone_maps_no_subnet_key_back_to_its_network() throws Exception {
        Config config = TestNode.freshConfig(engine).withTrustedProxies(List.of("127.0.0.1"));
        try (TestNode node = TestNode.on(config, new MutableClock(TestNode.START))) {
            for (int host = 1; host <= 5; host++) {
                Client.Answer a = node.client.postJson("/api/v1/reports", "{\"service\":\"chatgpt\"}",
                        "X-Forwarded-For", "198.51." + (100 + host) + ".7", "User-Agent", "Firefox");
                assertEquals(201, a.status(), a.body());
            }
            DSLContext dsl = node.db().dsl();
            List<String> subnetKeys = dsl.select(REPORT.SUBNET_KEY).from(REPORT).fetch(REPORT.SUBNET_KEY);
            assertEquals(5, subnetKeys.size());
            // An attacker with the database tries every text it holds as the key of the day, on every network that
            // reported (a real one would try all 2^24 /24s).
            List<String> texts = new ArrayList<>();
            for (Table<?> table : dsl.meta().getTables()) {
                if (!table.getSchema().getName().equalsIgnoreCase("public")
                        || table.getName().toLowerCase(java.util.Locale.ROOT).startsWith("flyway")) {
                    continue;
                }
                for (org.jooq.Record r : dsl.selectFrom(table).fetch()) {
                    for (Object v : r.intoArray()) {
                        if (v instanceof String text && !text.isEmpty()) {
                            texts.add(text);
                        }
                    }
                }
            }
            assertTrue(texts.size() > 100, "the catalog, the reports, the salt: " + texts.size());
            for (String text : texts) {
                for (byte[] key : keysFrom(text)) {
                    for (int host = 1; host <= 5; host++) {
                        String guess = subnetKey(key, new byte[] {(byte) 198, 51, (byte) (100 + host)});
                        assertFalse(subnetKeys.contains(guess), "the key of the day is in the database: " + text);
                    }
                }
            }
        }
    }

    /** A text read as a key: its bytes, and its bytes as hex if it is hex. */
    private static List<byte[]> keysFrom(String text) {
        List<byte[]> keys = new ArrayList<>(List.of(text.getBytes(StandardCharsets.UTF_8)));
        if (text.length() % 2 == 0 && text.matches("[0-9a-fA-F]+")) {
            keys.add(HexFormat.of().parseHex(text));
        }
        return keys;
    }

    /** What {@link ReporterKeys#subnet} computes for an IPv4 /24 under a given key of the day. */
    private static String subnetKey(byte[] key, byte[] network) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] message = {'s', 0, network[0], network[1], network[2], 0};
        return HexFormat.of().formatHex(mac.doFinal(message), 0, 16);
    }
}
