package io.outcry.outage;

import static io.outcry.db.Tables.WORKS_COUNT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outcry.MutableClock;
import io.outcry.OnEachEngine;
import io.outcry.TestNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The "works for me" rule over counts stored on each engine. */
class WorksForMeTest extends OnEachEngine {
    private static final Instant NOW = TestNode.START;

    /** Minutes from the end of a 5× surge until the outage is resolved, with or without people saying it works. */
    private int minutesToResolve(boolean works) {
        try (TestNode node = TestNode.on(TestNode.freshConfig(engine), new MutableClock(NOW.plusSeconds(5)))) {
            var dsl = node.db().dsl();
            int github = Counts.serviceId(dsl, "github");
            Counts.steady(dsl, github, "*", NOW.minus(Duration.ofDays(2)), NOW, 2, 7);
            Random random = new Random(5);
            for (int i = 0; i < 80; i++) {
                Instant minute = node.clock.instant().truncatedTo(ChronoUnit.MINUTES);
                boolean surge = i >= 10 && i < 30;
                int n = Counts.poisson(random, surge ? 10 : 2);
                if (n > 0) {
                    dsl.batch(Counts.add(dsl, github, "*", minute, n)).execute();
                }
                if (works && i >= 30) {
                    dsl.insertInto(WORKS_COUNT).set(WORKS_COUNT.SERVICE_ID, github).set(WORKS_COUNT.AREA, "*")
                            .set(WORKS_COUNT.MINUTE_START, minute.atOffset(java.time.ZoneOffset.UTC))
                            .set(WORKS_COUNT.REPORTERS, 12).execute();
                }
                node.clock.advance(Duration.ofMinutes(1));
                node.app.detection().runOnce();
                JsonNode all = node.client.get("/api/v1/outages").json().path("outages");
                if (i >= 30 && all.size() == 1 && all.get(0).path("state").asText().equals("resolved")) {
                    assertEquals(1, node.client.get("/api/v1/outages").json().path("outages").size());
                    return i - 29;
                }
            }
            return Integer.MAX_VALUE;
        }
    }

    @Test
    void ends_an_outage_sooner_when_people_say_it_works_again_but_not_before_reports_calm_down() {
        int without = minutesToResolve(false);
        int with = minutesToResolve(true);
        assertTrue(without < 60, "resolved without works-for-me after " + without);
        assertTrue(with >= 5, "not before the last five minutes look normal: " + with);
        assertTrue(with < without, "with works-for-me " + with + " min, without " + without + " min");
    }
}
