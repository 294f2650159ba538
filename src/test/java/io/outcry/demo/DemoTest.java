package io.outcry.demo;

import static io.outcry.db.Tables.REPORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outcry.MutableClock;
import io.outcry.TestNode;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("slow")
class DemoTest {
    @Test
    void a_demo_declares_an_outage_within_minutes_and_says_it_is_demo_data() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-26T19:00:05Z"));
        try (TestNode node = TestNode.on(TestNode.freshConfig().withDemo(true), clock)) {
            DemoJob demo = node.app.demo().orElseThrow();
            assertTrue(node.client.get("/api/v1/status").json().path("demo").asBoolean());
            JsonNode history = node.client.get("/api/v1/services/whatsapp/reports?since=24h&step=1h").json();
            int total = 0;
            for (JsonNode p : history.path("points")) {
                total += p.path("reporters").asInt();
            }
            assertTrue(total > 100, "a day of history is there: " + total);

            String declared = null;
            for (int second = 0; second < 12 * 60 && declared == null; second += 5) {
                clock.advance(Duration.ofSeconds(5));
                demo.step();
                if (second % 60 == 55) {
                    node.app.detection().runOnce();
                    JsonNode active = node.client.get("/api/v1/outages?active=true").json().path("outages");
                    for (JsonNode o : active) {
                        if (o.path("state").asText().equals("outage")) {
                            declared = o.path("service").asText() + " " + o.path("scope").asText();
                        }
                    }
                }
            }
            assertTrue(declared != null, "an outage is declared within 12 minutes of starting");
            assertTrue(node.client.get("/api/v1/outages").json().path("demo").asBoolean());
            assertEquals(0, node.db().dsl().fetchCount(REPORT, REPORT.DEMO.isFalse()), "every demo report is marked");
            assertTrue(node.db().dsl().fetchCount(REPORT) > 0);
        }
    }
}
