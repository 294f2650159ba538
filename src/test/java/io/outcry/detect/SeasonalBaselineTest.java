package io.outcry.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SeasonalBaselineTest {
    private static final Instant MONDAY = Instant.parse("2024-01-01T00:00:00Z");
    private static final DetectorSettings S = DetectorSettings.defaults();

    @Test
    void the_same_hour_of_week_ignores_a_past_outage() {
        int[] hourly = new int[4 * 168];
        Arrays.fill(hourly, 60);
        hourly[168 + 10] = 600; // week 2, Monday 10:00: a 10x outage
        SeasonalBaseline b = SeasonalBaseline.fit(MONDAY, hourly, null, S);
        // A plain mean would say (3·60 + 600)/4 = 195 per hour.
        assertEquals(60, b.hourlyMean(10), 3);
        assertEquals(1.0, b.expectedPerMinute(Instant.parse("2024-02-05T10:30:00Z")), 0.05);
    }

    @Test
    void learns_a_weekly_peak_seen_in_every_week() {
        int[] hourly = new int[4 * 168];
        Arrays.fill(hourly, 600);
        for (int w = 0; w < 4; w++) {
            hourly[w * 168 + 9] = 1200; // every Monday 09:00
        }
        SeasonalBaseline b = SeasonalBaseline.fit(MONDAY, hourly, null, S);
        // 4 weeks of 1200 pooled (weight 1) with the hour-of-day mean, which the Monday peaks lift a little above 600.
        assertTrue(b.hourlyMean(9) > 1080 && b.hourlyMean(9) < 1100, "Monday 09:00 " + b.hourlyMean(9));
        assertEquals(606, b.hourlyMean(9 + 24), 2); // Tuesday: 4 weeks of 600 pooled with that same lifted mean
    }

    @Test
    void with_no_history_returns_the_prior_or_the_floor() {
        SeasonalBaseline prior = SeasonalBaseline.flat(2.0, 3.0);
        SeasonalBaseline withPrior = SeasonalBaseline.fit(MONDAY, new int[0], prior, S);
        assertEquals(2.0, withPrior.expectedPerMinute(MONDAY.plusSeconds(12345 * 60)), 1e-12);
        assertEquals(3.0, withPrior.overdispersion(), 1e-12);
        SeasonalBaseline none = SeasonalBaseline.fit(MONDAY, new int[0], null, S);
        assertEquals(S.floorRate(), none.expectedPerMinute(MONDAY), 1e-12);
    }

    @Test
    void one_day_of_history_is_shrunk_toward_the_prior() {
        int[] hourly = new int[24];
        Arrays.fill(hourly, 60); // 1 per minute
        SeasonalBaseline b = SeasonalBaseline.fit(MONDAY, hourly, SeasonalBaseline.flat(3.0, 1), S);
        double priorWeight = S.priorDays() * (1 - 1.0 / 14);
        assertEquals((1 * 1.0 + priorWeight * 3.0) / (1 + priorWeight), b.expectedPerMinute(MONDAY.plusSeconds(
                3 * 86400 + 5 * 3600)), 1e-9);
    }

    @Test
    void after_two_weeks_the_prior_no_longer_counts() {
        int[] hourly = new int[14 * 24];
        Arrays.fill(hourly, 60);
        SeasonalBaseline b = SeasonalBaseline.fit(MONDAY, hourly, SeasonalBaseline.flat(30.0, 1), S);
        assertEquals(1.0, b.expectedPerMinute(MONDAY.plusSeconds(7200)), 1e-9);
    }

    @Test
    void interpolates_between_hour_centres_and_scales() {
        double[] h = new double[168];
        h[0] = 60;
        h[1] = 120;
        SeasonalBaseline b = SeasonalBaseline.ofHourly(h, 2);
        assertEquals(1.0, b.expectedPerMinute(Instant.parse("2024-01-01T00:30:00Z")), 1e-12);
        assertEquals(1.5, b.expectedPerMinute(Instant.parse("2024-01-01T01:00:00Z")), 1e-12);
        assertEquals(2.0, b.expectedPerMinute(Instant.parse("2024-01-08T01:30:00Z")), 1e-12);
        assertEquals(0.5, b.scaled(0.25).expectedPerMinute(Instant.parse("2024-01-08T01:30:00Z")), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> b.scaled(-1));
    }

    @Test
    void estimates_overdispersion_from_hourly_counts() {
        double[] mu = Counts.seasonal(28, 1.0, 0.0);
        int[] minutes = Counts.draw(7, mu, 4.0);
        int[] hourly = new int[minutes.length / 60];
        for (int i = 0; i < minutes.length; i++) {
            hourly[i / 60] += minutes[i];
        }
        SeasonalBaseline b = SeasonalBaseline.fit(MONDAY, hourly, null, S);
        assertEquals(4.0, b.overdispersion(), 0.8);
        assertEquals(1.0, b.expectedPerMinute(MONDAY.plusSeconds(40 * 86400)), 0.15);
    }

    @Test
    void sums_any_span_by_hour_of_week_as_it_would_minute_by_minute() {
        double[] hourly = new double[168];
        for (int h = 0; h < 168; h++) {
            hourly[h] = (h * 37) % 101 + 0.5;
        }
        SeasonalBaseline b = SeasonalBaseline.ofHourly(hourly, 2);
        Instant from = Instant.parse("2026-11-26T14:07:00Z");
        for (long minutes : new long[] {0, 1, 53, 60, 61, 24 * 60 + 13, 7 * 24 * 60, 7 * 24 * 60 + 1, 23 * 24 * 60 + 77}) {
            double slow = 0;
            for (long m = 0; m < minutes; m++) {
                slow += b.expectedPerMinute(from.plusSeconds(60 * m));
            }
            assertEquals(slow, b.expectedBetween(from, from.plusSeconds(60 * minutes)), 1e-6 * Math.max(1, slow),
                    minutes + " minutes");
        }
    }

    @Test
    void sums_ten_thousand_weeks_at_once() {
        SeasonalBaseline b = SeasonalBaseline.flat(2, 1);
        assertEquals(2.0 * 60 * 24 * 7 * 10_000, b.expectedBetween(MONDAY, MONDAY.plusSeconds(604_800L * 10_000)), 1e-3);
    }
}
