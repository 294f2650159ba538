package io.outcry.outage;

import io.outcry.counts.Anonymity;
import io.outcry.counts.CountStore;
import io.outcry.counts.SeriesKey;
import io.outcry.detect.SeasonalBaseline;
import io.outcry.detect.State;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Each area of an outage with its own state and its own numbers, so that a page never paints a region red, or shows
 * world counts, for what only happened elsewhere.
 *
 * <p>An area's state: the state of the service's open record of that area if it has one; else, while an open record
 * of the service lists it among its regions, the detector's state of that area's series after the last minute
 * processed (possible problems or outage), never more than the surest open record that lists it (a region of a
 * country's confirmed outage is in outage also under a world that shows only possible problems); else back to normal
 * ({@code ok}). Its numbers: reports (at most one per
 * person a minute) and the usual level over one window, the same for every area of an answer — the last
 * {@code windowMinutes} minutes processed while the outage is open, the window ending at its peak once it ended. A
 * count under {@value Anonymity#MIN} is not given.
 */
public final class Breakdown {
    private final OutageStore store;
    private final CountStore counts;
    private final Baselines baselines;
    private final Supplier<Map<SeriesKey, State>> detectorStates;
    private final AreaNames names;
    private final int windowMinutes;

    /** @param detectorStates the detector's non-OK country and region states after the last minute processed */
    public Breakdown(OutageStore store, CountStore counts, Baselines baselines,
            Supplier<Map<SeriesKey, State>> detectorStates, AreaNames names, int windowMinutes) {
        this.store = store;
        this.counts = counts;
        this.baselines = baselines;
        this.detectorStates = detectorStates;
        this.names = names;
        this.windowMinutes = windowMinutes;
    }

    /** The minutes an answer's numbers cover: [from, until). */
    public record Window(Instant from, Instant until) {}

    /**
     * One area: its state and its reports against the usual over the window.
     *
     * @param outage the area's own open record, when it has one (its state is then that record's), else null
     */
    public record Area(String code, String nameEn, String nameFr, String state, int observed, double expected,
            java.util.UUID outage) {
        public Shown json() {
            return new Shown(code, Map.of("en", nameEn, "fr", nameFr), state, outage, Anonymity.shown(observed),
                    Anonymity.label(observed), expected);
        }

        /** An area as answers show it: its own outage only when it has one, a label instead of a hidden count. */
        public record Shown(String code, Map<String, String> name, String state, java.util.UUID outage,
                Integer observed, String observedLabel, double expected) {}
    }

    /** The last {@code windowMinutes} minutes the detector processed (or up to {@code now} before its first tick). */
    public Window now(Instant now) {
        Instant until = store.lastTick().map(t -> t.plus(Duration.ofMinutes(1))).orElse(now);
        return new Window(until.minus(Duration.ofMinutes(windowMinutes)), until);
    }

    /** The window of an outage's breakdown: the last minutes processed while it is open, its peak's once ended. */
    public Window windowOf(Outage o, Instant now) {
        if (o.isOpen()) {
            return now(now);
        }
        Instant until = o.peakAt().plus(Duration.ofMinutes(1));
        return new Window(until.minus(Duration.ofMinutes(windowMinutes)), until);
    }

    /** The regions of an outage, each with its own state and numbers, as the API gives them. */
    public Shown json(Outage o, Instant now) {
        if (o.regions().isEmpty()) {
            return new Shown(null, null, windowMinutes, List.of());
        }
        Window w = windowOf(o, now);
        return new Shown(w.from(), w.until(), windowMinutes,
                areas(o.serviceId(), o.regions(), w, store.open(), now).stream().map(Area::json).toList());
    }

    /** The breakdown of an outage as answers show it; no window when the outage lists no region. */
    public record Shown(Instant from, Instant until, int windowMinutes, List<Area.Shown> areas) {}

    /** Areas of one service over a window, each with its state among the open records given; fitted as of now. */
    public List<Area> areas(int serviceId, List<String> codes, Window w, List<Outage> open, Instant now) {
        if (codes.isEmpty()) {
            return List.of();
        }
        Map<SeriesKey, Integer> observed = counts.windowCounts(serviceId, w.from(), w.until());
        List<SeriesKey> keys = codes.stream().map(c -> new SeriesKey(serviceId, c)).toList();
        Map<SeriesKey, SeasonalBaseline> fitted = baselines.of(keys, now);
        Map<SeriesKey, State> detector = detectorStates.get();
        List<Area> out = new ArrayList<>(keys.size());
        for (SeriesKey key : keys) {
            SeasonalBaseline b = fitted.get(key);
            double expected = b == null ? 0 : b.expectedBetween(w.from(), w.until());
            java.util.UUID own = open.stream().filter(o -> o.serviceId() == serviceId && o.scope().equals(key.area()))
                    .map(Outage::id).findFirst().orElse(null);
            out.add(new Area(key.area(), names.english(key.area()), names.french(key.area()),
                    state(key, open, detector), observed.getOrDefault(key, 0), Math.round(expected * 10) / 10.0, own));
        }
        return out;
    }

    static String state(SeriesKey key, List<Outage> open, Map<SeriesKey, State> detector) {
        boolean listed = false;
        boolean listedByOutage = false;
        for (Outage o : open) {
            if (o.serviceId() != key.serviceId()) {
                continue;
            }
            if (o.scope().equals(key.area())) {
                return o.state().label();
            }
            if (o.regions().contains(key.area())) {
                listed = true;
                listedByOutage |= o.state() == Outage.State.OUTAGE;
            }
        }
        if (!listed) {
            return "ok";
        }
        // Without a record of its own, an area is what the node declared: no more than the record that lists it.
        boolean outage = detector.get(key) == State.OUTAGE && listedByOutage;
        return outage ? Outage.State.OUTAGE.label() : Outage.State.POSSIBLE.label();
    }
}
