package io.outcry.outage;

import io.outcry.counts.SeriesKey;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.outcry.detect.State;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BreakdownTest {
    private static final Instant T = Instant.parse("2026-11-26T14:00:00Z");

    private static Outage open(String scope, Outage.State state, List<String> regions) {
        return new Outage(UUID.randomUUID(), 1, "netflix", scope, state, T, T, null, null, T, T, 50, 5, 50, List.of(),
                regions);
    }

    @Test
    void each_region_of_an_outage_has_its_own_state() {
        Outage world = open("*", Outage.State.OUTAGE, List.of("FR", "FR-IDF", "US"));
        Outage lyon = open("FR-ARA", Outage.State.POSSIBLE, List.of());
        List<Outage> records = List.of(world, lyon);
        Map<SeriesKey, State> detector = Map.of(new SeriesKey(1, "FR"), State.OUTAGE,
                new SeriesKey(1, "FR-IDF"), State.POSSIBLE);
        assertEquals("outage", Breakdown.state(new SeriesKey(1, "FR"), records, detector));
        assertEquals("possible", Breakdown.state(new SeriesKey(1, "FR-IDF"), records, detector),
                "a region only showing possible problems is not painted as the world's outage");
        assertEquals("possible", Breakdown.state(new SeriesKey(1, "FR-ARA"), records, detector), "its own record's");
        assertEquals("possible", Breakdown.state(new SeriesKey(1, "US"), records, Map.of()),
                "listed, but this node's detector has no state for it (it restarted): possible, not an outage");
        assertEquals("ok", Breakdown.state(new SeriesKey(1, "DE"), records, detector), "not listed: back to normal");
        assertEquals("ok", Breakdown.state(new SeriesKey(2, "FR"), records, detector), "another service's");
        assertEquals("ok", Breakdown.state(new SeriesKey(1, "FR"), List.of(), detector),
                "once no open record lists it, whatever the detector still holds");
        Outage possibleWorld = open("*", Outage.State.POSSIBLE, List.of("FR"));
        assertEquals("possible", Breakdown.state(new SeriesKey(1, "FR"), List.of(possibleWorld), detector),
                "without a record of its own, no more than the record that lists it");
    }
}
