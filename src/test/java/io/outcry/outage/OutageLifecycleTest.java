package io.outcry.outage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outcry.counts.SeriesKey;
import io.outcry.detect.Decision;
import io.outcry.detect.DetectorSettings;
import io.outcry.detect.State;
import io.outcry.detect.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lifecycle alone: decisions in, changes out, no database. */
class OutageLifecycleTest {
    private static final Instant T0 = Instant.parse("2026-11-26T14:00:00Z");
    private static final DetectorSettings SETTINGS = DetectorSettings.defaults();
    private static final SeriesKey WORLD = new SeriesKey(7, SeriesKey.WORLD);
    private static final SeriesKey FR = new SeriesKey(7, "FR");
    private static final SeriesKey IDF = new SeriesKey(7, "FR-IDF");

    private final OutageLifecycle lifecycle = new OutageLifecycle(SETTINGS, id -> "github");

    private static Instant minute(int i) {
        return T0.plus(Duration.ofMinutes(i));
    }

    private static Decision decision(SeriesKey key, int i, State state, long windowObserved, Instant onset) {
        return new Decision(key.id(), minute(i), windowObserved / 5, 2, 0, 1, state, state, Transition.NONE,
                state == State.OK ? null : onset, windowObserved, 30);
    }

    /** Steps one minute and commits it, as the job does when its write succeeds. */
    private OutageLifecycle.Changes commit(int i, OutageLifecycle.Inputs in, Decision... decisions) {
        OutageLifecycle.Changes changes = lifecycle.step(minute(i), List.of(decisions), in);
        lifecycle.committed(changes);
        return changes;
    }

    private static OutageLifecycle.Inputs inputs(Map<SeriesKey, Integer> works, Map<SeriesKey, Integer> recent,
            Map<SeriesKey, Integer> lastHalfHour) {
        return new OutageLifecycle.Inputs(works, recent, Map.of(), Map.of(WORLD, 1000), lastHalfHour,
                Map.of(WORLD, 60.0), Map.of(WORLD, 2.0));
    }

    /** Plenty of reporters since every start, so that peaks are the detector's windows. */
    private static final OutageLifecycle.Inputs PLENTY = new OutageLifecycle.Inputs(Map.of(), Map.of(), Map.of(),
            Map.of(WORLD, 1000, FR, 1000, IDF, 1000, new SeriesKey(7, "DE"), 1000), Map.of(), Map.of(), Map.of());

    private OutageLifecycle.Changes commit(int i, Decision... decisions) {
        return commit(i, PLENTY, decisions);
    }

    @Test
    void opens_confirms_updates_and_resolves_one_episode() {
        Instant onset = minute(-2);
        OutageLifecycle.Changes opened = commit(0, decision(WORLD, 0, State.POSSIBLE, 60, onset));
        Outage o = opened.outages().get(WORLD);
        assertEquals(Outage.State.POSSIBLE, o.state());
        assertEquals(onset, o.startedAt(), "the detector's onset, not the tick");
        assertEquals(List.of(OutageChange.Kind.OPENED), opened.events().stream().map(OutageChange::kind).toList());
        assertEquals(Outage.State.POSSIBLE, opened.statuses().get(0).state());

        OutageLifecycle.Changes confirmed = commit(1, decision(WORLD, 1, State.OUTAGE, 90, onset));
        assertEquals(Outage.State.OUTAGE, confirmed.outages().get(WORLD).state());
        assertEquals(minute(1), confirmed.outages().get(WORLD).confirmedAt());
        assertEquals(o.id(), confirmed.outages().get(WORLD).id(), "the same episode");
        assertEquals(OutageChange.Kind.CONFIRMED, confirmed.events().get(0).kind());

        OutageLifecycle.Changes lower = commit(2, decision(WORLD, 2, State.OUTAGE, 70, onset));
        assertEquals(90, lower.outages().get(WORLD).peakObserved(), "the peak stays");
        assertTrue(lower.events().isEmpty(), "no event when nothing a subscriber sees changed");

        OutageLifecycle.Changes resolved = commit(20, decision(WORLD, 20, State.OK, 10, null));
        Outage end = resolved.outages().get(WORLD);
        assertEquals(Outage.State.RESOLVED, end.state());
        assertEquals(minute(20 - SETTINGS.quietMinutes() + 1), end.endedAt(), "ended where the quiet stretch began");
        assertEquals(0, lifecycle.openCount());
        assertTrue(lifecycle.spiking().isEmpty());
    }

    @Test
    void the_peak_counts_from_the_start_so_it_never_exceeds_the_reporters() {
        // The detector's 15-minute window holds 90, but only 40 came since the onset two minutes ago.
        OutageLifecycle.Inputs since = new OutageLifecycle.Inputs(Map.of(), Map.of(), Map.of(), Map.of(WORLD, 40),
                Map.of(), Map.of(), Map.of());
        Outage o = commit(0, since, decision(WORLD, 0, State.OUTAGE, 90, minute(-2))).outages().get(WORLD);
        assertEquals(40, o.reporters());
        assertEquals(40, o.peakObserved(), "the window is cut at the start");
        assertEquals(30.0 * 3 / SETTINGS.windowMinutes(), o.peakExpected(), 1e-9, "the usual level of those minutes");
        Outage later = commit(1, decision(WORLD, 1, State.OUTAGE, 95, minute(-2))).outages().get(WORLD);
        assertTrue(later.peakObserved() <= later.reporters(), later.peakObserved() + " > " + later.reporters());
    }

    @Test
    void an_early_warning_that_fades_is_dismissed() {
        commit(0, decision(WORLD, 0, State.POSSIBLE, 60, minute(0)));
        OutageLifecycle.Changes dismissed = commit(1, decision(WORLD, 1, State.OK, 10, null));
        assertEquals(Outage.State.DISMISSED, dismissed.outages().get(WORLD).state());
        assertEquals(minute(0), dismissed.outages().get(WORLD).endedAt(), "never before it was noticed");
    }

    @Test
    void a_worldwide_outage_is_one_record_with_its_regions() {
        OutageLifecycle.Changes c = commit(0, decision(WORLD, 0, State.OUTAGE, 90, minute(0)),
                decision(FR, 0, State.POSSIBLE, 40, minute(0)), decision(IDF, 0, State.POSSIBLE, 30, minute(0)));
        assertEquals(List.of(WORLD), List.copyOf(c.outages().keySet()), "no record for the country or the region");
        assertEquals(List.of("FR", "FR-IDF"), c.outages().get(WORLD).regions());
        assertEquals(1, c.events().size());
        assertEquals(1, lifecycle.openCount());
    }

    @Test
    void a_country_alone_has_its_record_with_its_regions() {
        OutageLifecycle.Changes c = commit(0, decision(WORLD, 0, State.OK, 90, null),
                decision(FR, 0, State.OUTAGE, 40, minute(0)), decision(IDF, 0, State.POSSIBLE, 30, minute(0)));
        assertEquals(List.of(FR), List.copyOf(c.outages().keySet()));
        assertEquals(List.of("FR-IDF"), c.outages().get(FR).regions());
    }

    @Test
    void a_confirmed_country_keeps_its_record_under_a_world_that_only_shows_possible_problems() {
        OutageLifecycle.Changes c = commit(0, decision(WORLD, 0, State.POSSIBLE, 90, minute(0)),
                decision(FR, 0, State.OUTAGE, 40, minute(0)));
        assertEquals(Outage.State.OUTAGE, c.outages().get(FR).state(), "France is down, the world is not confirmed");
        assertEquals(Outage.State.POSSIBLE, c.outages().get(WORLD).state());
        OutageLifecycle.Changes confirmed = commit(1, decision(WORLD, 1, State.OUTAGE, 150, minute(0)),
                decision(FR, 1, State.OUTAGE, 60, minute(0)));
        assertTrue(confirmed.outages().get(WORLD).isOpen());
        assertEquals(c.outages().get(FR).id(), confirmed.merged().get(FR),
                "once the world is confirmed, France is one of its regions: its own row goes, one outage is one row");
        assertEquals(1, lifecycle.openCount());
    }

    @Test
    void the_world_takes_over_the_record_of_a_country_that_opened_first() {
        Outage country = commit(0, decision(FR, 0, State.OUTAGE, 40, minute(-3))).outages().get(FR);
        Outage region = commit(1, decision(FR, 1, State.OUTAGE, 40, minute(-3)),
                decision(new SeriesKey(7, "DE"), 1, State.POSSIBLE, 30, minute(1))).outages()
                .get(new SeriesKey(7, "DE"));
        OutageLifecycle.Changes c = commit(2, decision(WORLD, 2, State.OUTAGE, 200, minute(0)),
                decision(FR, 2, State.OUTAGE, 40, minute(-3)),
                decision(new SeriesKey(7, "DE"), 2, State.POSSIBLE, 30, minute(1)));
        Outage world = c.outages().get(WORLD);
        assertEquals(country.id(), world.id(), "the same outage, now worldwide");
        assertEquals("*", world.scope());
        assertEquals(minute(-3), world.startedAt(), "from the earlier start");
        assertEquals(List.of("DE", "FR"), world.regions());
        assertNull(c.outages().get(new SeriesKey(7, "DE")), "the other country's record is not written as ended");
        assertEquals(Map.of(new SeriesKey(7, "DE"), region.id()), c.merged(),
                "its row goes: it is the same outage as the worldwide one");
        assertTrue(c.events().stream().noneMatch(e -> e.outage().id().equals(region.id())),
                "and nobody is told it is resolved");
        assertEquals(1, lifecycle.openCount());
        assertTrue(lifecycle.isOpen(WORLD));
        assertFalse(lifecycle.isOpen(FR));
    }

    @Test
    void an_outage_whose_counts_are_back_in_the_usual_band_ends_within_half_an_hour() {
        Instant onset = minute(0);
        commit(0, decision(WORLD, 0, State.OUTAGE, 300, onset));
        // The detector still says outage (its baseline is too low, say), but the last 30 minutes are ordinary.
        OutageLifecycle.Inputs calm = inputs(Map.of(), Map.of(), Map.of(WORLD, 62));
        for (int i = 1; i < OutageLifecycle.EVIDENCE_MINUTES - 1; i++) {
            assertTrue(commit(i, calm, decision(WORLD, i, State.OUTAGE, 31, onset)).outages().get(WORLD).isOpen(),
                    "an episode younger than the evidence window is not judged on it");
        }
        int last = OutageLifecycle.EVIDENCE_MINUTES - 1;
        Outage ended = commit(last, calm, decision(WORLD, last, State.OUTAGE, 31, onset)).outages().get(WORLD);
        assertEquals(Outage.State.RESOLVED, ended.state());
        assertTrue(commit(last + 1, calm, decision(WORLD, last + 1, State.OUTAGE, 31, onset)).outages().isEmpty(),
                "and it stays closed until the detector agrees");
    }

    @Test
    void an_outage_still_above_the_band_stays_open() {
        Instant onset = minute(0);
        commit(0, decision(WORLD, 0, State.OUTAGE, 300, onset));
        OutageLifecycle.Inputs high = inputs(Map.of(), Map.of(), Map.of(WORLD, 120));
        for (int i = 1; i < 60; i++) {
            assertTrue(commit(i, high, decision(WORLD, i, State.OUTAGE, 60, onset)).outages().get(WORLD).isOpen());
        }
    }

    @Test
    void ends_sooner_when_people_say_it_works_and_stays_quiet_until_the_detector_agrees() {
        Instant onset = minute(0);
        commit(0, decision(WORLD, 0, State.OUTAGE, 90, onset));
        OutageLifecycle.Inputs works = inputs(Map.of(WORLD, 100), Map.of(WORLD, 1), Map.of());
        OutageLifecycle.Changes first = commit(20, works, decision(WORLD, 20, State.OUTAGE, 40, onset));
        assertTrue(first.outages().get(WORLD).isOpen(), "one tick of 'works for me' is not enough");
        OutageLifecycle.Changes second = commit(21, works, decision(WORLD, 21, State.OUTAGE, 40, onset));
        Outage ended = second.outages().get(WORLD);
        assertEquals(Outage.State.RESOLVED, ended.state());
        assertEquals(minute(21 - SETTINGS.quietMinutes() / 2 + 1), ended.endedAt(), "half a quiet period sooner");

        OutageLifecycle.Changes still = commit(22, decision(WORLD, 22, State.OUTAGE, 40, onset));
        assertTrue(still.outages().isEmpty(), "not reopened while the detector still says outage");
        commit(23, decision(WORLD, 23, State.OK, 10, null));
        OutageLifecycle.Changes again = commit(24, decision(WORLD, 24, State.POSSIBLE, 60, minute(24)));
        assertTrue(again.outages().get(WORLD).isOpen(), "a new episode once the detector calmed down in between");
    }

    @Test
    void works_for_me_does_not_end_an_outage_whose_reports_are_still_high() {
        Instant onset = minute(0);
        commit(0, decision(WORLD, 0, State.OUTAGE, 90, onset));
        OutageLifecycle.Inputs busy = inputs(Map.of(WORLD, 100), Map.of(WORLD, 50), Map.of());
        for (int i = 1; i < 5; i++) {
            assertTrue(commit(i, busy, decision(WORLD, i, State.OUTAGE, 40, onset)).outages().get(WORLD).isOpen());
        }
    }

    @Test
    void a_series_whose_window_shows_no_excess_opens_nothing_but_an_open_record_survives_a_dip() {
        OutageLifecycle.Changes past = commit(0, decision(WORLD, 0, State.OK, 30, null),
                decision(FR, 0, State.OUTAGE, 20, minute(-40)), decision(IDF, 0, State.POSSIBLE, 25, minute(-40)));
        assertTrue(past.outages().isEmpty(), "no record says fewer people reported than usual: " + past.outages());
        Outage open = commit(1, decision(FR, 1, State.OUTAGE, 90, minute(-40))).outages().get(FR);
        OutageLifecycle.Changes dip = commit(2, decision(FR, 2, State.OUTAGE, 20, minute(-40)));
        assertTrue(dip.outages().isEmpty() || dip.outages().get(FR).isOpen(), "a dip does not end it");
        assertTrue(lifecycle.isOpen(FR));
        assertEquals(open.id(), commit(3, decision(FR, 3, State.OUTAGE, 90, minute(-40))).outages().get(FR).id());
    }

    @Test
    void the_pieces_of_an_outage_that_ended_do_not_reopen_it_one_by_one() {
        Instant onset = minute(0);
        commit(0, decision(WORLD, 0, State.OUTAGE, 300, onset), decision(FR, 0, State.OUTAGE, 100, onset),
                decision(IDF, 0, State.OUTAGE, 40, onset));
        // The world is back to normal; its country's and region's long windows still hold the outage's reports.
        OutageLifecycle.Inputs high = new OutageLifecycle.Inputs(Map.of(), Map.of(), Map.of(),
                Map.of(FR, 1000, IDF, 1000), Map.of(FR, 80, IDF, 20), Map.of(FR, 20.0, IDF, 3.0),
                Map.of(FR, 1.5, IDF, 1.5));
        int closed = 40;
        for (int i = closed; i < closed + OutageLifecycle.EVIDENCE_MINUTES; i++) {
            OutageLifecycle.Changes tail = commit(i, high, decision(WORLD, i, State.OK, 60, null),
                    decision(FR, i, State.OUTAGE, 200, onset), decision(IDF, i, State.POSSIBLE, 60, onset));
            assertTrue(tail.outages().values().stream().noneMatch(Outage::isOpen),
                    "minute " + i + ": no piece of the outage reopens it on its own: " + tail.outages());
        }
        int later = closed + OutageLifecycle.EVIDENCE_MINUTES;
        OutageLifecycle.Inputs calm = new OutageLifecycle.Inputs(Map.of(), Map.of(), Map.of(), Map.of(FR, 1000),
                Map.of(FR, 21), Map.of(FR, 20.0), Map.of(FR, 1.5));
        assertTrue(commit(later, calm, decision(WORLD, later, State.OK, 60, null),
                decision(FR, later, State.OUTAGE, 200, onset)).outages().isEmpty(),
                "half an hour on, a start long gone with an ordinary last half hour opens nothing");
        Outage persists = commit(later + 1, high, decision(WORLD, later + 1, State.OK, 60, null),
                decision(FR, later + 1, State.OUTAGE, 200, onset)).outages().get(FR);
        assertTrue(persists != null && persists.isOpen(), "a country where reports are still high has its outage");
    }

    /**
     * A sparse region whose hour-long window held an outage that ended above it stays that outage's tail past the first
     * half hour while its last half hour is not above the usual band (where the band tops under one report, none is
     * "within" it, so this cannot ask whether it is within), and opens its own record once reports come back.
     */
    @Test
    void a_sparse_region_stays_the_tail_of_an_ended_outage_until_its_reports_come_back() {
        Instant onset = minute(0);
        commit(0, decision(WORLD, 0, State.OUTAGE, 300, onset), decision(IDF, 0, State.OUTAGE, 8, onset));
        int closed = 40;
        commit(closed, decision(WORLD, closed, State.OK, 60, null));
        int later = closed + OutageLifecycle.EVIDENCE_MINUTES + 5;
        for (int reports : new int[] {0, 1, 3}) {
            OutageLifecycle.Inputs sparse = new OutageLifecycle.Inputs(Map.of(), Map.of(), Map.of(), Map.of(IDF, 100),
                    Map.of(IDF, reports), Map.of(IDF, 0.05), Map.of(IDF, 1.0));
            Decision region = new Decision(IDF.id(), minute(later), 0, 0.002, 0, 1, State.OUTAGE, State.OUTAGE,
                    Transition.NONE, onset, 8, 0.1); // its hour-long window: eight people where 0.1 are usual
            boolean opened = lifecycle.step(minute(later), List.of(decision(WORLD, later, State.OK, 60, null), region),
                    sparse).outages().values().stream().anyMatch(Outage::isOpen);
            assertEquals(reports >= 3, opened, reports + " reports in the last half hour where 0.05 are usual");
        }
    }

    /** A node that takes over from another learns what it closed: the pieces of that outage do not reopen it there. */
    @Test
    void a_node_that_takes_over_knows_the_outages_the_other_closed() {
        Instant onset = minute(0);
        commit(0, decision(WORLD, 0, State.OUTAGE, 300, onset), decision(FR, 0, State.OUTAGE, 100, onset));
        Outage closed = commit(40, decision(WORLD, 40, State.OK, 60, null)).outages().get(WORLD);
        assertFalse(closed.isOpen());
        OutageLifecycle.Inputs high = new OutageLifecycle.Inputs(Map.of(), Map.of(), Map.of(), Map.of(FR, 1000),
                Map.of(FR, 80), Map.of(FR, 20.0), Map.of(FR, 1.5));
        List<Decision> tail = List.of(decision(WORLD, 41, State.OK, 60, null), decision(FR, 41, State.OUTAGE, 200,
                onset));
        for (boolean knowsTheClose : new boolean[] {true, false}) {
            OutageLifecycle next = new OutageLifecycle(SETTINGS, id -> "github");
            next.adopt(List.of(), knowsTheClose ? List.of(closed) : List.of());
            boolean reopened = next.step(minute(41), tail, high).outages().values().stream().anyMatch(Outage::isOpen);
            assertEquals(!knowsTheClose, reopened, knowsTheClose ? "the country's tail opens nothing"
                    : "without the closed record, the country's window alone opens a record (what the test guards)");
        }
    }

    @Test
    void a_failed_write_changes_nothing() {
        OutageLifecycle.Changes lost = lifecycle.step(minute(0), List.of(decision(WORLD, 0, State.OUTAGE, 90,
                minute(0))), OutageLifecycle.Inputs.NONE);
        assertFalse(lost.outages().isEmpty());
        assertFalse(lifecycle.isOpen(WORLD), "only committed changes are open");
        Outage adopted = lost.outages().get(WORLD);
        lifecycle.adopt(List.of(adopted), List.of());
        assertTrue(lifecycle.isOpen(WORLD));
        assertEquals(adopted.startedAt(), lifecycle.startsOf(List.of(decision(WORLD, 1, State.OUTAGE, 90, minute(1))),
                minute(1)).get(WORLD), "an open episode keeps its start");
        List<OutageChange> events = new ArrayList<>(commit(1, decision(WORLD, 1, State.OUTAGE, 95, minute(1)))
                .events());
        assertEquals(OutageChange.Kind.UPDATED, events.get(0).kind());
        assertNull(events.get(0).outage().endedAt());
    }
}
