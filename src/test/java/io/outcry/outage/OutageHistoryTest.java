package io.outcry.outage;

import io.outcry.OnEachEngine;
import io.outcry.counts.SeriesKey;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.outcry.TestNode;
import io.outcry.detect.Decision;
import io.outcry.detect.DetectorSettings;
import io.outcry.detect.State;
import io.outcry.detect.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rows a service's history shows, as the job writes the lifecycle's changes. */
class OutageHistoryTest extends OnEachEngine {
    private static final Instant T0 = TestNode.START;

    @Test
    void a_worldwide_record_that_takes_over_several_countries_is_one_row_in_the_history() {
        try (TestNode node = TestNode.fresh(engine)) {
            OutageStore store = new OutageStore(node.db().dsl(), node.db().isPostgres());
            int service = Counts.serviceId(node.db().dsl(), "github");
            SeriesKey world = new SeriesKey(service, SeriesKey.WORLD);
            SeriesKey fr = new SeriesKey(service, "FR");
            SeriesKey de = new SeriesKey(service, "DE");
            SeriesKey us = new SeriesKey(service, "US");
            OutageLifecycle lifecycle = new OutageLifecycle(DetectorSettings.defaults(), id -> "github");
            OutageLifecycle.Inputs plenty = new OutageLifecycle.Inputs(Map.of(), Map.of(), Map.of(),
                    Map.of(world, 1000, fr, 1000, de, 1000, us, 1000), Map.of(), Map.of(), Map.of());
            step(store, lifecycle, 0, plenty, d(fr, 0, State.OUTAGE));
            step(store, lifecycle, 1, plenty, d(fr, 1, State.OUTAGE), d(de, 1, State.POSSIBLE), d(us, 1, State.OUTAGE));
            step(store, lifecycle, 2, plenty, d(fr, 2, State.OUTAGE), d(de, 2, State.POSSIBLE), d(us, 2, State.OUTAGE));
            assertEquals(3, history(store, service).size(), "three countries, three outages so far");
            step(store, lifecycle, 3, plenty, d(world, 3, State.OUTAGE), d(fr, 3, State.OUTAGE),
                    d(de, 3, State.POSSIBLE), d(us, 3, State.OUTAGE));
            List<Outage> rows = history(store, service);
            assertEquals(1, rows.size(), "one outage, now worldwide: " + rows);
            assertEquals("*", rows.get(0).scope());
            assertEquals(List.of("DE", "FR", "US"), rows.get(0).regions());
            step(store, lifecycle, 30, plenty, d(world, 30, State.OK), d(fr, 30, State.OK), d(de, 30, State.OK),
                    d(us, 30, State.OK));
            rows = history(store, service);
            assertEquals(1, rows.size(), "still one row once it ended: " + rows);
            assertEquals(Outage.State.RESOLVED, rows.get(0).state());

            Duration tail = Duration.ofMinutes(OutageLifecycle.EVIDENCE_MINUTES);
            assertEquals(List.of(rows.get(0).id()), store.view(tail).recentlyClosed().stream().map(Outage::id).toList(),
                    "a node that takes over learns what closed in the last half hour");
            step(store, lifecycle, 31 + OutageLifecycle.EVIDENCE_MINUTES, plenty,
                    d(world, 31 + OutageLifecycle.EVIDENCE_MINUTES, State.OK));
            assertEquals(List.of(), store.view(tail).recentlyClosed(), "and not what closed before");
        }
    }

    private static List<Outage> history(OutageStore store, int service) {
        return store.find(List.of(Outage.State.values()), service, null, 100);
    }

    private static Decision d(SeriesKey key, int i, State state) {
        return new Decision(key.id(), T0.plus(Duration.ofMinutes(i)), 10, 2, 0, 1, state, state, Transition.NONE,
                state == State.OK ? null : T0, 50, 30);
    }

    private static void step(OutageStore store, OutageLifecycle lifecycle, int i, OutageLifecycle.Inputs in,
            Decision... decisions) {
        Instant minute = T0.plus(Duration.ofMinutes(i));
        OutageLifecycle.Changes changes = lifecycle.step(minute, List.of(decisions), in);
        assertEquals(true, store.commitTick(minute, null, List.copyOf(changes.outages().values()), changes.statuses(),
                changes.events(), changes.merged().values()));
        lifecycle.committed(changes);
    }
}
