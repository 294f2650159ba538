package io.outcry.detect;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Runs a {@link SpaceTimeScan} each tick over the sparse series of each group (a service's regions and its sparse
 * countries), from the rings the {@link Detector} keeps, and raises a series' decision to what the scan finds there.
 * The scan has no memory of its own, so this holds what it found: a region stays at its highest state until the scan
 * has found nothing there for {@link DetectorSettings#quietMinutes()}, and its onset is the likeliest start of the
 * excess in the window that first showed it (the window's start would date a burst up to an hour before anyone
 * reported).
 *
 * <p>Windows: 15, 30 and 60 minutes (a sparse series' ring, {@link Detector#SPARSE_LONGEST_MINUTES}). The counts are
 * taken as Poisson (φ = 1) around a rate known as well as the reports its usual level rests on
 * ({@link Observation#support()}): a region's own φ cannot be estimated from a few reports a day, and the parent's is
 * not its own.
 * Calibration: possible problems at {@link DetectorSettings#warningRecurrenceDays()}, an outage at
 * {@link DetectorSettings#outageRecurrenceDays()} per group, shared evenly by the group's sparse series this tick (a
 * service's regions watched: those with reports in the last hours, whether or not the last hour had any), as the
 * series rule shares a service's rate among its series: people look at a service's map, not at one region, and a map
 * of many regions each at the group's rate would show a false "possible problems" somewhere several times a day.
 *
 * <p>One source: the scan counts the reporters of the region's largest source (a network, which the caller counts:
 * {@link Sources}) as one and needs another source besides; a person is within one network, so neither one person
 * nor one network shows anything on its own.
 */
public final class RegionalScan {
    /** Windows of the scan, in minutes. */
    public static final List<Integer> WINDOWS = List.of(15, 30, Detector.SPARSE_LONGEST_MINUTES);

    /** Counts, for the regions of one group, the most reporters one source added over the last minutes. */
    @FunctionalInterface
    public interface Sources {
        long largest(String group, Set<String> keys, int minutes);
    }

    /** A cluster the scan found this tick, and the likeliest start of its excess. */
    private record Found(SpaceTimeScan.Cluster cluster, Instant start) {}

    private static final class Held {
        State state = State.OK;
        State shown = State.OK;
        Instant onset;
        int quiet;
    }

    private final SpaceTimeScan scan;
    private final int longest;
    private final int quietTicks;
    private final Map<String, Held> held = new HashMap<>();

    public RegionalScan(DetectorSettings settings) {
        this.scan = new SpaceTimeScan(1, WINDOWS, settings.warningRecurrenceDays(), settings.outageRecurrenceDays(),
                settings.sourceCap(), settings.windowMinutes());
        this.longest = WINDOWS.stream().mapToInt(Integer::intValue).max().orElseThrow();
        this.quietTicks = settings.quietMinutes();
    }

    /**
     * The decisions of one tick, each sparse series' raised to what the scan holds for it.
     *
     * @param decisions every series the detector watched this tick: a group's sparse series among them share its rates
     * @param groupOf a sparse series' group (its service), null for a series the scan does not cover
     */
    public List<Decision> apply(Instant minute, List<Decision> decisions, Detector detector,
            Function<String, String> groupOf, Sources sources) {
        Map<String, Map<String, SpaceTimeScan.Region>> groups = new TreeMap<>();
        Map<String, Integer> watched = new HashMap<>();
        for (Decision d : decisions) {
            String group = groupOf.apply(d.key());
            if (group == null) {
                continue;
            }
            watched.merge(group, 1, Integer::sum);
            if (held.containsKey(d.key()) || detector.recentObserved(d.key(), longest) > 0) {
                groups.computeIfAbsent(group, g -> new TreeMap<>()).put(d.key(), detector.recent(d.key(), longest));
            }
        }
        Map<String, Found> found = new HashMap<>();
        groups.forEach((group, regions) -> {
            SpaceTimeScan.LargestSource largest = (keys, minutes) -> sources.largest(group, keys, minutes);
            List<SpaceTimeScan.Cluster> clusters = scan.scan(regions, Map.of(), watched.get(group), largest);
            for (SpaceTimeScan.Cluster c : clusters) {
                if (explainedWithin(c, clusters, regions, watched.get(group), largest)) {
                    continue;
                }
                Found f = new Found(c, likeliestStart(minute, regions, c));
                c.regions().forEach(k -> found.put(k, f));
            }
        });
        List<Decision> out = new ArrayList<>(decisions.size());
        for (Decision d : decisions) {
            out.add(groupOf.apply(d.key()) == null ? d : raised(d, minute, found.get(d.key())));
        }
        return out;
    }

    /**
     * Whether a cluster of one area (a country) is explained by the areas within it that the scan found too (its
     * regions, whose codes extend its own with a hyphen, as ISO 3166-2's do): what the country holds outside them is
     * judged alone, and the country is shown only if that is still rare. A burst in one region is that region's, not
     * also its country's. Where the regions' usual levels leave the country nothing of its own to expect, the regions
     * explain it.
     */
    private boolean explainedWithin(SpaceTimeScan.Cluster c, List<SpaceTimeScan.Cluster> clusters,
            Map<String, SpaceTimeScan.Region> regions, int sharedBy, SpaceTimeScan.LargestSource largest) {
        if (c.regions().size() != 1) {
            return false;
        }
        String area = c.regions().iterator().next();
        SpaceTimeScan.Region whole = regions.get(area);
        long[] observed = whole.observed().clone();
        double[] expected = whole.expected().clone();
        boolean within = false;
        for (SpaceTimeScan.Cluster other : clusters) {
            for (String key : other.regions()) {
                SpaceTimeScan.Region part = regions.get(key);
                if (!key.startsWith(area + "-") || part.observed().length != observed.length) {
                    continue;
                }
                within = true;
                for (int t = 0; t < observed.length; t++) {
                    observed[t] = Math.max(0, observed[t] - part.observed()[t]);
                    expected[t] -= part.expected()[t];
                    if (!(expected[t] > 0)) {
                        return true;
                    }
                }
            }
        }
        return within && scan.scan(Map.of(area, new SpaceTimeScan.Region(observed, expected, null, whole.support())),
                Map.of(), sharedBy, largest).isEmpty();
    }

    /** Forgets what the scan held for a series: after a silent replay, only what comes next can open an episode. */
    public void restart(String key) {
        held.remove(key);
    }

    /**
     * The likeliest start of the cluster's excess within its window: the minute from which the counts to now are the
     * least likely under the expectation (the largest Poisson log-likelihood ratio c·ln(c/e) − (c − e), as the scan's
     * own statistic), so that an ordinary report earlier in the window does not date the onset back to it.
     */
    private static Instant likeliestStart(Instant minute, Map<String, SpaceTimeScan.Region> regions,
            SpaceTimeScan.Cluster c) {
        int k = c.minutes();
        long[] observed = new long[k];
        double[] expected = new double[k];
        for (String key : c.regions()) {
            SpaceTimeScan.Region r = regions.get(key);
            int n = r.observed().length;
            for (int i = 0; i < k && i < n; i++) {
                observed[k - 1 - i] += r.observed()[n - 1 - i];
                expected[k - 1 - i] += r.expected()[n - 1 - i];
            }
        }
        return minute.minus(Duration.ofMinutes(k - 1 - SpaceTimeScan.likeliestStart(observed, expected)));
    }

    private Decision raised(Decision d, Instant minute, Found f) {
        Held h = held.get(d.key());
        SpaceTimeScan.Cluster c = f == null ? null : f.cluster();
        if (c != null) {
            if (h == null) {
                h = new Held();
                held.put(d.key(), h);
            }
            h.quiet = 0;
            if (c.state().compareTo(h.state) > 0) {
                h.state = c.state();
                h.onset = Series.earlier(h.onset, f.start());
            }
        } else if (h != null && ++h.quiet >= quietTicks) {
            held.remove(d.key());
            h = null;
        }
        if (h == null || h.state.compareTo(d.state()) <= 0) {
            if (h != null) {
                h.shown = d.state();
            }
            return d;
        }
        State before = h.shown;
        h.shown = h.state;
        Instant onset = d.state() == State.OK ? h.onset : Series.earlier(d.onset(), h.onset);
        return new Decision(d.key(), d.minute(), d.observed(), d.expected(), d.score(), d.pValue(), h.state, before,
                Transition.between(before, h.state), onset, d.windowObserved(), d.windowExpected());
    }
}
