package io.outcry.outage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outcry.MutableClock;
import io.outcry.TestNode;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The detector when the wall clock is set back or forward: it keeps ticking, and says when it last did. */
class ClockStepTest {
    @Test
    void keeps_ticking_after_the_wall_clock_steps_back_an_hour_then_forward() {
        Instant start = Instant.parse("2026-11-26T14:00:05Z");
        try (TestNode node = TestNode.on(TestNode.freshConfig(), new MutableClock(start))) {
            DetectionJob job = node.app.detection();
            for (int i = 0; i < 10; i++) {
                node.clock.advance(Duration.ofMinutes(1));
                job.runOnce();
            }
            assertEquals(Instant.parse("2026-11-26T14:10:00Z"), updatedAt(node));

            node.clock.advance(Duration.ofHours(-1));
            assertEquals(1, job.runOnce(), "the minute now due is processed at once");
            assertEquals(Instant.parse("2026-11-26T13:10:00Z"), updatedAt(node), "not an hour ahead of the clock");
            for (int i = 0; i < 5; i++) {
                node.clock.advance(Duration.ofMinutes(1));
                assertEquals(1, job.runOnce(), "a tick every minute");
            }
            assertEquals(Instant.parse("2026-11-26T13:15:00Z"), updatedAt(node));

            node.clock.advance(Duration.ofHours(2));
            assertEquals(120, job.runOnce(), "the two hours skipped are caught up");
            assertEquals(Instant.parse("2026-11-26T15:15:00Z"), updatedAt(node));
            node.clock.advance(Duration.ofSeconds(30));
            assertTrue(job.runOnce() <= 1);
        }
    }

    private static Instant updatedAt(TestNode node) {
        return Instant.parse(node.client.get("/api/v1/status").json().path("updatedAt").asText());
    }
}
