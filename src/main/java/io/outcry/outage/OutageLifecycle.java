package io.outcry.outage;

import io.outcry.counts.SeriesKey;
import io.outcry.detect.Decision;
import io.outcry.detect.DetectorSettings;
import io.outcry.detect.State;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * Turns the detector's decisions of one minute into changes to outages: opened when a series shows possible
 * problems, confirmed, updated with their peak and problems, and closed. No I/O: what it needs from the database comes
 * in {@link Inputs}, read by the job in one batch, and what it decides goes out as {@link Changes}, which the job
 * commits; only then does {@link #committed} make them the open outages.
 *
 * <p>"Works for me" ends an episode sooner, conservatively: one half quiet period before the detector would, when at
 * {@link #WORKS_END_TICKS} consecutive ticks more people said it works than reported a problem over the explanation
 * window, and the problem reports of the last half quiet period are under twice the usual. The series then stays
 * quiet until the detector agrees, so the episode is not reopened at once. An area where "works for me" clearly
 * dominates ({@link #WORKS_MIN}, {@link #WORKS_DOMINANCE}) is not counted among an outage's regions.
 */
public final class OutageLifecycle {
    static final int WORKS_MIN = 5;
    static final double WORKS_DOMINANCE = 2.0;
    static final int WORKS_END_TICKS = 2;
    /** An open episode whose last this many minutes are within the usual band ends, whatever the detector says. */
    static final int EVIDENCE_MINUTES = 30;

    /**
     * What one minute's decisions need from the database.
     *
     * @param works people who said it works, per series, over the explanation window
     * @param recent problem reporters per series over the last half quiet period
     * @param problems the named problems of each anomalous series since its start ({@link #startsOf})
     * @param reporters reporters of each anomalous series since its start, summed minute by minute
     * @param lastHalfHour problem reporters per series over the last {@link #EVIDENCE_MINUTES}
     * @param usualLastHalfHour what the series' baseline expects over the same minutes
     * @param overdispersion φ of each series' baseline
     */
    public record Inputs(Map<SeriesKey, Integer> works, Map<SeriesKey, Integer> recent,
            Map<SeriesKey, List<Outage.ProblemShare>> problems, Map<SeriesKey, Integer> reporters,
            Map<SeriesKey, Integer> lastHalfHour, Map<SeriesKey, Double> usualLastHalfHour,
            Map<SeriesKey, Double> overdispersion) {
        public static final Inputs NONE = new Inputs(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(),
                Map.of());
    }

    /**
     * What a minute changed: the outages to write (open or just closed), their events, and services' statuses; and
     * the per-series memory that holds once they are written.
     *
     * @param normal series the detector found normal this minute
     * @param worksStreaks consecutive "works for me" ticks of each open series, after this minute
     * @param endedEarly series whose episode this minute ended before the detector said so ("works for me", or
     *     counts back within the usual band): quiet until the detector agrees, so they are not reopened at once
     * @param absorbed series whose record a wider area took over this minute
     * @param merged the records of series that joined the record of an area above them this minute, besides the one
     *     it took over: the same outage, so their rows are deleted
     */
    public record Changes(Instant minute, Map<SeriesKey, Outage> outages, List<OutageChange> events,
            List<ServiceStatus> statuses, Set<SeriesKey> normal, Map<SeriesKey, Integer> worksStreaks,
            Set<SeriesKey> endedEarly, Set<SeriesKey> absorbed, Map<SeriesKey, UUID> merged) {}

    private final DetectorSettings settings;
    /**
     * How long a closed record's tail is remembered: the detector's longest window, since evidence older than that
     * holds nothing of a record that closed before.
     */
    private final Duration tailWindow;
    private final OutageRecords records;
    private final Map<SeriesKey, Outage> open = new HashMap<>();
    /** Series whose episode ended before the detector said so: quiet until it agrees. */
    private final Set<SeriesKey> suppressed = new HashSet<>();
    private final Map<SeriesKey, Integer> worksBacked = new HashMap<>();
    private final Map<Integer, ServiceStatus> statusWritten = new HashMap<>();
    /**
     * Records that closed within the detector's longest window, by series, with the minute they closed. An excess that
     * began before a record closed, below it (a region whose hour-long window still holds the reports of its country's
     * outage), is that outage's tail: it opens no record of its own, for half an hour whatever its counts, then while
     * its last half hour is not above the usual band.
     */
    private final Map<SeriesKey, Instant> closedAt = new HashMap<>();

    /** @param slugOf the catalog slug of a service id, written into each outage */
    public OutageLifecycle(DetectorSettings settings, IntFunction<String> slugOf) {
        this.settings = settings;
        this.tailWindow = Duration.ofMinutes(settings.scaleMinutes().stream().mapToInt(Integer::intValue).max()
                .orElse(0));
        this.records = new OutageRecords(settings, slugOf);
    }

    /**
     * Takes these as the open outages, and those that closed within the detector's longest window, as another
     * node (or this one before a restart) left them: the tail of an outage another node closed is its tail here too.
     */
    public void adopt(Collection<Outage> outages, Collection<Outage> recentlyClosed) {
        open.clear();
        outages.forEach(o -> open.put(new SeriesKey(o.serviceId(), o.scope()), o));
        closedAt.clear();
        recentlyClosed.forEach(o -> closedAt.merge(new SeriesKey(o.serviceId(), o.scope()), o.updatedAt(),
                (a, b) -> a.isAfter(b) ? a : b));
        statusWritten.clear(); // the statuses another node wrote are not known here: rewrite them all
    }

    public boolean isOpen(SeriesKey key) {
        return open.containsKey(key);
    }

    /** Whether the series, or an area above it, has an open record. */
    public boolean isOpenAtOrAbove(SeriesKey key) {
        return open.containsKey(key) || above(key).anyMatch(open::containsKey);
    }


    public int openCount() {
        return open.size();
    }

    /** Services with an open episode of any scope. */
    public Set<Integer> spiking() {
        Set<Integer> ids = new HashSet<>();
        open.keySet().forEach(k -> ids.add(k.serviceId()));
        return Set.copyOf(ids);
    }

    /** Where each anomalous series' episode starts: the open outage's start, or the detector's onset for a new one. */
    public Map<SeriesKey, Instant> startsOf(List<Decision> decisions, Instant minute) {
        Map<SeriesKey, Instant> starts = new HashMap<>();
        for (Decision d : decisions) {
            if (d.state() != State.OK) {
                SeriesKey key = SeriesKey.parse(d.key());
                Outage o = open.get(key);
                starts.put(key, o != null ? o.startedAt() : onset(d, minute));
            }
        }
        return starts;
    }

    static Instant onset(Decision d, Instant minute) {
        return d.onset() != null && d.onset().isBefore(minute) ? d.onset() : minute;
    }

    /**
     * The changes one minute's decisions make; nothing here changes until {@link #committed}.
     *
     * <p>One outage is one record: a series has a record of its own only while no area above it (its country, the
     * world) is anomalous; otherwise it is one of the regions of the record above. When an area opens above series
     * that already have records, it takes over the oldest of them (same id, wider scope, earliest start), and the
     * others are merged into it: their rows go.
     */
    public Changes step(Instant minute, List<Decision> decisions, Inputs in) {
        Step step = new Step(minute, in);
        decisions.forEach(step::judge);
        step.anomalous.forEach(step::record);
        open.forEach(step::end);
        return step.changes();
    }

    /** One minute's work in progress: what each series shows, then the records that follow. */
    private final class Step {
        final Instant minute;
        final Inputs in;
        final Map<SeriesKey, Outage> changed = new TreeMap<>();
        final List<OutageChange> events = new ArrayList<>();
        final List<ServiceStatus> statuses = new ArrayList<>();
        final Map<Integer, List<String>> affectedAreas = new HashMap<>();
        final Set<SeriesKey> normal = new HashSet<>();
        final Map<SeriesKey, Integer> streaks = new HashMap<>();
        /** Series ended before the detector said so, with the quiet minutes their end is put before. */
        final Map<SeriesKey, Integer> endedEarly = new HashMap<>();
        final Map<SeriesKey, Decision> anomalous = new TreeMap<>();
        final Set<SeriesKey> absorbed = new HashSet<>();
        final Map<SeriesKey, UUID> merged = new HashMap<>();

        Step(Instant minute, Inputs in) {
            this.minute = minute;
            this.in = in;
        }

        /** Whether a series shows a problem this minute, after suppression and the early endings. */
        void judge(Decision d) {
            SeriesKey key = SeriesKey.parse(d.key());
            boolean shows = d.state() != State.OK && !suppressed.contains(key);
            if (d.state() == State.OK) {
                normal.add(key);
            }
            int worksHere = in.works().getOrDefault(key, 0);
            if (shows && open.containsKey(key) && worksStreakHolds(key, d, in)) {
                int held = worksBacked.getOrDefault(key, 0) + 1;
                if (held >= WORKS_END_TICKS) {
                    shows = false;
                    endedEarly.put(key, halfQuiet());
                } else {
                    streaks.put(key, held);
                }
            }
            if (shows && open.containsKey(key) && evidenceEnded(open.get(key), d, in, minute)) {
                shows = false;
                endedEarly.put(key, EVIDENCE_MINUTES);
            }
            if (shows && !open.containsKey(key) && (d.windowObserved() < d.windowExpected()
                    || onset(d, minute).isBefore(minute.minus(Duration.ofMinutes(EVIDENCE_MINUTES)))
                            && UsualBand.within(key, in)
                    || tailOfClosed(key, onset(d, minute), minute, in))) {
                // Evidence that lies in the past (a long scan window, the tail of an outage above that ended) opens
                // nothing: a new record would say fewer people reported than usual, name a start long gone by a
                // series whose last half hour is as usual, or tell again, piece by piece, an outage that ended.
                shows = false;
            }
            if (key.isWorld()) {
                status(key, d, shows, minute).ifPresent(statuses::add);
            } else if (shows && !(worksHere >= WORKS_MIN && worksHere >= WORKS_DOMINANCE * d.windowObserved())) {
                affectedAreas.computeIfAbsent(key.serviceId(), k -> new ArrayList<>()).add(key.area());
            }
            if (shows) {
                anomalous.put(key, d);
            }
        }

        /** Opens, updates or takes over the record of an anomalous series with no anomalous area above it. */
        void record(SeriesKey key, Decision d) {
            if (covered(key)) {
                return; // one of the regions of the record above it
            }
            if (!open.containsKey(key) && above(key).anyMatch(k -> open.containsKey(k) && !anomalous.containsKey(k))) {
                return; // the record above it ends this minute, and this excess with it (see tailOfClosed)
            }
            Outage before = open.get(key);
            Outage taken = before != null ? null : oldestOpenBelow(key, k -> anomalous.containsKey(k) && covered(k));
            if (taken != null) {
                absorbed.add(new SeriesKey(taken.serviceId(), taken.scope()));
                before = OutageRecords.widened(taken, key, d);
            }
            Outage after = before == null ? records.opened(key, d, minute, in) : records.updated(before, d, minute, in);
            changed.put(key, after);
            if (before == null) {
                events.add(new OutageChange(after.state() == Outage.State.OUTAGE ? OutageChange.Kind.CONFIRMED
                        : OutageChange.Kind.OPENED, after));
            } else if (before.state() != after.state() || taken != null && taken.state() != after.state()) {
                events.add(new OutageChange(OutageChange.Kind.CONFIRMED, after));
            } else if (after.peakObserved() != before.peakObserved() || taken != null) {
                events.add(new OutageChange(OutageChange.Kind.UPDATED, after));
            }
        }

        /**
         * Closes an open record that nothing above kept: ended, or merged into the record of an area above it, which
         * is the same outage: its row goes, so the service's history shows the outage once.
         */
        void end(SeriesKey key, Outage before) {
            if (changed.containsKey(key) || absorbed.contains(key)) {
                return;
            }
            if (anomalous.containsKey(key)) { // covered: an area above it has the record now
                merged.put(key, before.id());
                return;
            }
            Outage after = OutageRecords.closed(before, minute, endedEarly.getOrDefault(key, settings.quietMinutes()));
            changed.put(key, after);
            events.add(new OutageChange(after.state() == Outage.State.RESOLVED ? OutageChange.Kind.RESOLVED
                    : OutageChange.Kind.DISMISSED, after));
        }

        /**
         * Whether an anomalous series is one of the regions of a record above it: an area above it is anomalous and
         * at least as sure (a country's confirmed outage under a world that only shows possible problems keeps its
         * own record, rather than the world claiming an outage).
         */
        boolean covered(SeriesKey key) {
            State state = anomalous.get(key).state();
            return above(key).anyMatch(k -> anomalous.containsKey(k) && anomalous.get(k).state().compareTo(state) >= 0);
        }

        Changes changes() {
            Map<SeriesKey, List<String>> under = OutageRecords.affectedUnder(affectedAreas);
            changed.replaceAll((key, o) -> o.isOpen() ? OutageRecords.withRegions(o, key, under) : o);
            return new Changes(minute, changed, events, statuses, normal, streaks, endedEarly.keySet(), absorbed,
                    merged);
        }
    }

    /** The areas above a series, nearest first: its country, then the world. */
    private static Stream<SeriesKey> above(SeriesKey key) {
        return Stream.iterate(key.parent(), Objects::nonNull, SeriesKey::parent);
    }


    /** The open record that started first among the series below {@code key} that {@code taken} accepts, if any. */
    private Outage oldestOpenBelow(SeriesKey key, java.util.function.Predicate<SeriesKey> taken) {
        Outage oldest = null;
        for (Map.Entry<SeriesKey, Outage> e : open.entrySet()) {
            boolean below = above(e.getKey()).anyMatch(key::equals) && taken.test(e.getKey());
            if (below && (oldest == null || e.getValue().startedAt().isBefore(oldest.startedAt()))) {
                oldest = e.getValue();
            }
        }
        return oldest;
    }

    /**
     * True when an episode open for at least {@link #EVIDENCE_MINUTES} is back within the usual band over that long:
     * observed ≤ expected + 2 standard deviations of the negative-binomial model (variance φ·mean), the band the
     * charts draw. The detector may take longer to say so when its baseline is off; what people read must not.
     */
    private boolean evidenceEnded(Outage o, Decision d, Inputs in, Instant minute) {
        return !o.detectedAt().isAfter(minute.minus(Duration.ofMinutes(EVIDENCE_MINUTES - 1)))
                && UsualBand.within(new SeriesKey(o.serviceId(), o.scope()), in);
    }

    /** Makes written changes the open outages, with the per-series memory they imply. */
    public void committed(Changes changes) {
        suppressed.removeAll(changes.normal());
        suppressed.addAll(changes.endedEarly());
        changes.absorbed().forEach(open::remove);
        changes.merged().keySet().forEach(open::remove);
        worksBacked.clear();
        worksBacked.putAll(changes.worksStreaks());
        changes.statuses().forEach(st -> statusWritten.put(st.serviceId(), st));
        changes.outages().forEach((key, o) -> {
            if (o.isOpen()) {
                open.put(key, o);
            } else {
                open.remove(key);
                closedAt.put(key, changes.minute());
            }
        });
        closedAt.values().removeIf(t -> t.isBefore(changes.minute().minus(tailWindow)));
    }

    /**
     * Whether an excess that began at {@code onset} is the tail of a record of an area above the series that closed
     * after it began: within the {@link #EVIDENCE_MINUTES} after the close whatever the counts (the last half hour
     * still holds the outage's reports), later while the series' last half hour is not above the usual band. (A
     * series' own record that closed is followed by the detector: its next episode is new evidence.)
     */
    private boolean tailOfClosed(SeriesKey key, Instant onset, Instant minute, Inputs in) {
        Instant recent = minute.minus(Duration.ofMinutes(EVIDENCE_MINUTES));
        return above(key).map(closedAt::get).anyMatch(closed -> closed != null && !onset.isAfter(closed)
                && (closed.isAfter(recent) || !UsualBand.above(key, in)));
    }

    /** How long a closed record's tail is remembered (see {@link #closedAt}). */
    Duration tailWindow() {
        return tailWindow;
    }

    /** More said it works than reported a problem, and the last half quiet period's problem reports are calm. */
    private boolean worksStreakHolds(SeriesKey key, Decision d, Inputs in) {
        if (in.works().getOrDefault(key, 0) <= d.windowObserved()) {
            return false;
        }
        double expectedRecent = d.windowExpected() * halfQuiet() / settings.windowMinutes();
        return in.recent().getOrDefault(key, 0) < 2 * expectedRecent;
    }

    private int halfQuiet() {
        return Math.max(1, settings.quietMinutes() / 2);
    }

    /** A world series' status, unless it is what was written last (unchanged statuses are not rewritten). */
    private java.util.Optional<ServiceStatus> status(SeriesKey key, Decision d, boolean anomalous, Instant minute) {
        Outage.State state = anomalous ? OutageRecords.stateOf(d.state()) : Outage.State.RESOLVED;
        ServiceStatus status = new ServiceStatus(key.serviceId(), state,
                (int) d.windowObserved(), Math.round(d.windowExpected() * 10) / 10.0, minute);
        ServiceStatus written = statusWritten.get(key.serviceId());
        boolean same = written != null && written.state() == status.state() && written.observed() == status.observed()
                && written.expected() == status.expected();
        return same ? java.util.Optional.empty() : java.util.Optional.of(status);
    }
}
