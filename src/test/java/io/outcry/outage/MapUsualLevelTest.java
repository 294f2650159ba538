package io.outcry.outage;

import static io.outcry.db.Tables.HOUR_COUNT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.outcry.MutableClock;
import io.outcry.TestNode;
import io.outcry.catalog.CatalogStore;
import io.outcry.catalog.Service;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jooq.BatchBindStep;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.junit.jupiter.api.Test;

/** The map of every service compares an area's reports with the usual level of all its live services. */
class MapUsualLevelTest {
    private static final Instant NOW = TestNode.START.plus(Duration.ofMinutes(14)).plusSeconds(30);

    @Test
    void a_quiet_country_with_a_few_reports_of_many_quiet_services_is_at_its_usual_level() {
        try (TestNode node = TestNode.on(TestNode.freshConfig(), new MutableClock(NOW))) {
            DSLContext dsl = node.db().dsl();
            List<Service> services = new CatalogStore(dsl).load().services().subList(0, 40);
            // Two weeks in which each of 40 services had one report an hour in France (ten in a quarter of an hour
            // together), the last hours still minute by minute, as a node keeps them.
            Instant minutesFrom = TestNode.START.minus(Duration.ofHours(4));
            BatchBindStep history = dsl.batch(dsl.insertInto(HOUR_COUNT, HOUR_COUNT.SERVICE_ID, HOUR_COUNT.AREA,
                    HOUR_COUNT.HOUR_START, HOUR_COUNT.REPORTERS).values((Integer) null, null, null, null));
            List<Query> minutes = new ArrayList<>();
            for (Service s : services) {
                for (Instant h = TestNode.START.minus(Duration.ofDays(14)); h.isBefore(TestNode.START);
                        h = h.plus(Duration.ofHours(1))) {
                    for (String area : List.of("*", "FR")) {
                        if (h.isBefore(minutesFrom)) {
                            history.bind(s.id(), area, h.atOffset(ZoneOffset.UTC), 1);
                        } else {
                            minutes.addAll(Counts.add(dsl, s.id(), area, h.plus(Duration.ofMinutes(30)), 1));
                        }
                    }
                }
            }
            history.execute();
            dsl.batch(minutes).execute();
            // Now twelve of them have one report each: twelve where ten are usual.
            List<Query> now = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                for (String area : List.of("*", "FR")) {
                    now.addAll(Counts.add(dsl, services.get(i).id(), area, TestNode.START.plus(Duration.ofMinutes(i)),
                            1));
                }
            }
            dsl.batch(now).execute();
            node.app.detection().runOnce();

            JsonNode fr = null;
            for (JsonNode f : node.client.get("/api/v1/map/now?geometry=false").json().path("features")) {
                if (f.path("id").asText().equals("FR")) {
                    fr = f.path("properties");
                }
            }
            assertEquals(12, fr.path("observed").asInt(), fr.toString());
            assertEquals(10, fr.path("expected").asDouble(), 1.5, "the usual of all 40 services: " + fr);
            assertEquals("none", fr.path("level").asText(), fr.toString());
        }
    }
}
