package io.outcry.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.outcry.Config;
import io.outcry.Engine;
import io.outcry.MutableClock;
import io.outcry.TestNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Engine.class)
class RestartTest {
    @Parameter
    Engine engine;

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
            var series = second.client.get("/api/v1/services/discord/reports?since=1h&step=1h").json();
            int total = 0;
            for (var p : series.path("points")) {
                total += p.path("reporters").asInt();
            }
            assertEquals(2, total);
            Recount.assertCountsMatchRows(second);
        }
    }
}
