package io.outcry.counts;

import static io.outcry.db.Tables.SERVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.outcry.OnEachEngine;
import io.outcry.TestNode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CountStoreTest extends OnEachEngine {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private TestNode node;
    private CountStore counts;
    private int chatgpt;
    private int youtube;

    @BeforeEach
    void start() {
        node = TestNode.fresh(engine);
        counts = new CountStore(node.db().dsl());
        chatgpt = idOf("chatgpt");
        youtube = idOf("youtube");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private int idOf(String slug) {
        return node.db().dsl().select(SERVICE.ID).from(SERVICE).where(SERVICE.SLUG.eq(slug)).fetchOne(SERVICE.ID);
    }

    /** One reporter a minute in each series, from T0 for two hours. */
    private static Map<Instant, Integer> everyMinute() {
        Map<Instant, Integer> m = new HashMap<>();
        for (int i = 0; i < 120; i++) {
            m.put(T0.plus(Duration.ofMinutes(i)), 1);
        }
        return m;
    }

    @Test
    void reporters_since_each_series_own_start_to_the_end_and_nothing_of_other_series() {
        SeriesKey texas = new SeriesKey(chatgpt, "US-TX");
        SeriesKey us = new SeriesKey(chatgpt, "US");
        counts.writeSeries(Map.of(texas, everyMinute(), us, everyMinute(), new SeriesKey(chatgpt, "US-NY"),
                everyMinute(), new SeriesKey(youtube, "US-TX"), everyMinute()));

        Instant to = T0.plus(Duration.ofMinutes(100));
        Map<SeriesKey, Integer> since = counts.reportersSince(
                Map.of(texas, T0.plus(Duration.ofMinutes(90)), us, T0.plus(Duration.ofMinutes(40))), to);

        assertEquals(Map.of(texas, 10, us, 60), since);
        assertEquals(Map.of(), counts.reportersSince(Map.of(), to));
    }
}
