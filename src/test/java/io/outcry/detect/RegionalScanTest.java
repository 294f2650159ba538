package io.outcry.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RegionalScanTest {
    private static final Instant START = Instant.parse("2026-12-05T09:00:00Z");
    private static final double PER_MINUTE = 0.4 / 60;

    /**
     * The highest state the scan gives Texas over the hour of five people 12 minutes apart (where 0.4 reports an hour
     * are usual: by chance once in about 126 days in any of the scan's windows), while the service is watched in
     * Texas and {@code others} regions without reports in that hour. Every series is its own family, so its own rule
     * is the same whatever {@code others}: only the scan's share of the service's rates changes.
     */
    private static State texas(int others) {
        DetectorSettings settings = DetectorSettings.defaults();
        Detector detector = new Detector(settings, 1, key -> true, key -> key);
        RegionalScan scan = new RegionalScan(settings);
        State highest = State.OK;
        for (int minute = 0; minute < 120; minute++) {
            Map<String, Observation> observations = new TreeMap<>();
            boolean report = minute >= 60 && (minute - 60) % 12 == 6;
            observations.put("US-TX", new Observation(report ? 1 : 0, PER_MINUTE, 1));
            for (int i = 0; i < others; i++) {
                observations.put("US-R" + i, new Observation(0, PER_MINUTE, 1));
            }
            Instant at = START.plus(Duration.ofMinutes(minute));
            for (Decision d : scan.apply(at, detector.tick(at, observations), detector, key -> "svc",
                    (group, keys, minutes) -> 1)) {
                if (d.key().equals("US-TX") && d.state().compareTo(highest) > 0) {
                    highest = d.state();
                }
            }
        }
        return highest;
    }

    @Test
    void a_service_watched_in_many_regions_shares_its_rates_among_them() {
        assertEquals(State.OUTAGE, texas(0), "alone, once in 126 days is an outage (100 days)");
        assertEquals(State.POSSIBLE, texas(1), "shared by two regions, it is once in 63 days of each: possible");
        assertEquals(State.OK, texas(19), "shared by twenty, once in 6 days of each: nothing");
    }
}
