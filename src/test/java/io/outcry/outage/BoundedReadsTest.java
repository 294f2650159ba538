package io.outcry.outage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.outcry.Client.Answer;
import io.outcry.TestNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** No query string can make a series or its baseline cost more than a few milliseconds, or answer 500. */
class BoundedReadsTest {
    private static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.fresh();
        node.client.get("/api/v1/services/chatgpt/baseline"); // the first request of a node warms it up
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @ParameterizedTest
    @CsvSource({
        "baseline, step, step=PT2147483647M&since=1d",
        "baseline, step, step=999999d",
        "reports, step, step=999999d",
        "baseline, since, step=1d&since=2000-01-01T00:00:00Z",
        "baseline, since, since=PT9223372036854775807S",
        "reports, since, since=P106751991167300D",
        "baseline, since, since=-1000000000-01-01T00:00:00Z",
        "reports, since, since=+1000000000-01-01T00:00:00Z",
    })
    void refuses_work_beyond_its_bounds_naming_the_parameter(String what, String field, String query) {
        Answer a = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> node.client.get("/api/v1/services/chatgpt/" + what + "?" + query.replace("+", "%2B")));
        assertEquals(400, a.status(), a.body());
        assertEquals(field, a.json().path("field").asText(), a.body());
    }

    @Test
    void refuses_out_of_range_times_elsewhere_too() {
        Answer a = node.client.get("/api/v1/outages?since=" + URLEncoder.encode("-1000000000-01-01T00:00:00Z",
                StandardCharsets.UTF_8));
        assertEquals(400, a.status(), a.body());
        assertEquals("since", a.json().path("field").asText());
    }

    @Test
    void answers_a_week_long_step_over_a_year_at_once() {
        Answer a = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> node.client.get("/api/v1/services/chatgpt/baseline?step=7d&since=365d"));
        assertEquals(200, a.status(), a.body());
        assertEquals(54, a.json().path("points").size());
    }

    @Test
    void rounds_a_map_window_up_to_one_of_a_few() {
        for (String window : new String[] {"601s", "602s", "15m", "PT14M1S"}) {
            Answer a = node.client.get("/api/v1/map?service=chatgpt&geometry=false&window=" + window);
            assertEquals(200, a.status(), a.body());
            assertEquals("PT15M", a.json().path("window").asText(), window);
        }
        assertEquals("PT24H", node.client.get("/api/v1/map/now?window=1439m").json().path("window").asText());
        assertEquals(400, node.client.get("/api/v1/map/now?window=1441m").status());
    }
}
