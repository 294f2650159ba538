package io.outcry.outage;

import io.outcry.counts.SeriesKey;
import io.outcry.detect.Decision;
import io.outcry.detect.DetectorSettings;
import io.outcry.detect.State;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;

/** How the {@link OutageLifecycle} writes an outage record: opened, updated, widened, closed, with its regions. */
final class OutageRecords {
    private final DetectorSettings settings;
    private final IntFunction<String> slugOf;

    /** @param slugOf the catalog slug of a service id, written into each outage */
    OutageRecords(DetectorSettings settings, IntFunction<String> slugOf) {
        this.settings = settings;
        this.slugOf = slugOf;
    }

    /** A record taken over by a wider area: the same episode, now of {@code key}, from the earlier start. */
    static Outage widened(Outage o, SeriesKey key, Decision d) {
        Instant onset = d.onset() != null && d.onset().isBefore(o.startedAt()) ? d.onset() : o.startedAt();
        return new Outage(o.id(), o.serviceId(), o.service(), key.area(), o.state(), onset, o.detectedAt(),
                o.confirmedAt(), null, o.updatedAt(), o.peakAt(), o.peakObserved(), o.peakExpected(), o.reporters(),
                o.problems(), o.regions());
    }

    static Outage.State stateOf(State s) {
        return switch (s) {
            case OK -> Outage.State.RESOLVED;
            case POSSIBLE -> Outage.State.POSSIBLE;
            case OUTAGE -> Outage.State.OUTAGE;
        };
    }

    Outage opened(SeriesKey key, Decision d, Instant minute, OutageLifecycle.Inputs in) {
        Outage.State state = stateOf(d.state());
        Instant onset = OutageLifecycle.onset(d, minute);
        int reporters = in.reporters().getOrDefault(key, 0);
        return new Outage(UUID.randomUUID(), key.serviceId(), slugOf.apply(key.serviceId()), key.area(), state,
                onset, minute, state == Outage.State.OUTAGE ? minute : null, null, minute, minute,
                (int) peakObserved(d, reporters), peakExpected(d, onset, minute), reporters,
                in.problems().getOrDefault(key, List.of()), List.of());
    }

    Outage updated(Outage o, Decision d, Instant minute, OutageLifecycle.Inputs in) {
        Outage.State state = o.state() == Outage.State.OUTAGE ? Outage.State.OUTAGE : stateOf(d.state());
        Instant confirmedAt = o.confirmedAt() == null && state == Outage.State.OUTAGE ? minute : o.confirmedAt();
        int reporters = o.reporters() + (int) d.observed();
        long observed = peakObserved(d, reporters);
        boolean peak = observed > o.peakObserved();
        SeriesKey key = new SeriesKey(o.serviceId(), o.scope());
        return new Outage(o.id(), o.serviceId(), o.service(), o.scope(), state, o.startedAt(), o.detectedAt(),
                confirmedAt, null, minute, peak ? minute : o.peakAt(), peak ? (int) observed : o.peakObserved(),
                peak ? peakExpected(d, o.startedAt(), minute) : o.peakExpected(), reporters,
                in.problems().getOrDefault(key, o.problems()), o.regions());
    }

    /**
     * The peak window's reporters, counted from the start at most: a window reaching back before the start would add
     * ordinary minutes to the peak (it showed "peak 163" beside 148 reporters). So peak ≤ reporters always.
     */
    private static long peakObserved(Decision d, int reportersSinceStart) {
        return Math.min(d.windowObserved(), reportersSinceStart);
    }

    /** The usual level over the same minutes as {@link #peakObserved}: the window's, cut at the start. */
    private double peakExpected(Decision d, Instant start, Instant minute) {
        return d.windowExpected() * Outage.minutesCovered(start, minute, settings.windowMinutes())
                / settings.windowMinutes();
    }

    /** Ends an episode: the detector needs a quiet stretch to say so, so the end is put at its start. */
    static Outage closed(Outage o, Instant minute, int quietMinutes) {
        Instant end = minute.minus(Duration.ofMinutes(Math.max(0, quietMinutes - 1)));
        Instant floor = o.confirmedAt() != null ? o.confirmedAt() : o.detectedAt();
        if (end.isBefore(floor)) {
            end = floor;
        }
        Outage.State state = o.state() == Outage.State.OUTAGE ? Outage.State.RESOLVED : Outage.State.DISMISSED;
        return new Outage(o.id(), o.serviceId(), o.service(), o.scope(), state, o.startedAt(), o.detectedAt(),
                o.confirmedAt(), end, minute, o.peakAt(), o.peakObserved(), o.peakExpected(), o.reporters(),
                o.problems(), o.regions());
    }

    /**
     * The affected areas under each world and country series, sorted, computed once per tick: the world lists every
     * affected area of its service, a country its regions. Linear in the affected areas, however many outages change.
     */
    static Map<SeriesKey, List<String>> affectedUnder(Map<Integer, List<String>> affected) {
        Map<SeriesKey, List<String>> under = new HashMap<>();
        affected.forEach((service, areas) -> {
            List<String> sorted = areas.stream().sorted().toList();
            under.put(new SeriesKey(service, SeriesKey.WORLD), sorted);
            for (String area : sorted) {
                int dash = area.indexOf('-');
                if (dash > 0) {
                    under.computeIfAbsent(new SeriesKey(service, area.substring(0, dash)), k -> new ArrayList<>())
                            .add(area);
                }
            }
        });
        return under;
    }

    static Outage withRegions(Outage o, SeriesKey key, Map<SeriesKey, List<String>> under) {
        List<String> regions = key.isWorld() || !key.area().contains("-")
                ? under.getOrDefault(key, List.of()) : List.of();
        return new Outage(o.id(), o.serviceId(), o.service(), o.scope(), o.state(), o.startedAt(), o.detectedAt(),
                o.confirmedAt(), o.endedAt(), o.updatedAt(), o.peakAt(), o.peakObserved(), o.peakExpected(),
                o.reporters(), o.problems(), regions);
    }
}
