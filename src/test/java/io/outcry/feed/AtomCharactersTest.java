package io.outcry.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outcry.MutableClock;
import io.outcry.TestNode;
import io.outcry.outage.Outage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

/** A service name with characters XML cannot carry does not break the Atom feed for every reader. */
class AtomCharactersTest {
    @Test
    void a_name_with_u_ffff_leaves_the_atom_feed_valid() throws Exception {
        try (TestNode node = TestNode.on(TestNode.freshConfig().withAdminToken("t0k3n-for-tests-only"),
                new MutableClock(Outages.NOW))) {
            var added = node.client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                            "http://localhost:" + node.app.port() + "/api/v1/admin/services"))
                    .header("Authorization", "Bearer t0k3n-for-tests-only").header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"slug\":\"odd\",\"name\":\"Odd\\uffffName\",\"category\":\"payments-banks\"}"))
                    .build());
            assertEquals(201, added.status(), added.body());
            Outages.write(node, Outages.NOW.minus(Duration.ofMinutes(1)), Outages.episode(node, "odd", "*",
                    Outage.State.OUTAGE, Outages.NOW.minus(Duration.ofMinutes(20)), null));
            String atom = node.client.get("/feed.atom").body();
            assertTrue(atom.contains("OddName"), atom);
            DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(atom.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
