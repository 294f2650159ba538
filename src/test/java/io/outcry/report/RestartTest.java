package io.outcry.report;

import static io.outcry.db.Tables.MINUTE_COUNT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.outcry.Config;
import io.outcry.MutableClock;
import io.outcry.OnEachEngine;
import io.outcry.TestNode;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

class RestartTest extends OnEachEngine {
    @Test
    void keeps_everything_across_a_restart() {
        Config config = TestNode.freshConfig(engine);
        String id;
        try (TestNode first = TestNode.on(config, new MutableClock(TestNode.START))) {
            id = first.client.postJson("/api/v1/reports", "{\"service\":\"discord\"}", "User-Agent", "u1")
                    .json().path("id").asText();
            first.client.postJson("/api/v1/reports", "{\"service\":\"discord\"}", "User-Agent", "u2");
        }
        try (TestNode second = TestNode.on(config, new MutableClock(TestNode.START))) {
            var retry = second.client.postJson("/api/v1/reports", "{\"service\":\"discord\",\"id\":\"" + id + "\"}");
            assertEquals(200, retry.status(), "the id stored before the restart is still known");
            var again = second.client.postJson("/api/v1/reports", "{\"service\":\"discord\"}", "User-Agent", "u1");
            assertEquals(200, again.status(), "a reporter of the last minutes is still known: " + again.body());
            assertEquals(id, again.json().path("id").asText());
            second.app.intake().writeCounts();
            Integer total = second.db().dsl().select(DSL.sum(MINUTE_COUNT.REPORTERS).cast(Integer.class))
                    .from(MINUTE_COUNT).where(MINUTE_COUNT.AREA.eq("*")).fetchOne(0, Integer.class);
            assertEquals(2, total);
            Recount.assertCountsMatchRows(second);
        }
    }
}
