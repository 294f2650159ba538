package io.outcry.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DemoTrafficTest {
    /**
     * A quiet series drawn second by second (a few reports a day, as an airline in a far country) must not clump them:
     * nine people in one second where one a day is usual is an outage, and the demo would show one it never played.
     */
    @Test
    void a_quiet_series_drawn_second_by_second_does_not_clump_its_reports() {
        Random random = new Random(7);
        int reports = 0;
        int largest = 0;
        for (int second = 0; second < 10 * 86_400; second++) {
            int n = DemoTraffic.draw(random, 2e-5); // about 1.7 reports a day
            reports += n;
            largest = Math.max(largest, n);
        }
        assertTrue(reports > 5 && reports < 35, "about 17 reports in ten days: " + reports);
        assertTrue(largest <= 2, "no second holds a crowd: " + largest);
    }

    @Test
    void a_busy_draw_is_overdispersed_as_crowds_are() {
        Random random = new Random(7);
        int draws = 20_000;
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < draws; i++) {
            int n = DemoTraffic.draw(random, 20);
            sum += n;
            squares += (double) n * n;
        }
        double mean = sum / draws;
        double variance = squares / draws - mean * mean;
        assertEquals(20, mean, 0.5);
        assertEquals(2.0, variance / mean, 0.2, "variance twice the mean");
    }
}
