package io.outcry.detect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Sequential outage detector for many series at once: per tick, a calibrated p-value per series, Benjamini–Hochberg
 * across series (but for {@link DecisionRule#SCALES}, whose rates are per family of series), then a per-series state
 * machine OK → POSSIBLE → OUTAGE → OK.
 *
 * <p><b>Rules.</b> The default, {@link DecisionRule#SCALES} ({@link ScalesSeries}), judges the count over several
 * time scales against the series' own level and variability and reads it as a recurrence interval in days: possible
 * problems at {@link DetectorSettings#warningRecurrenceDays()}, an outage at
 * {@link DetectorSettings#outageRecurrenceDays()} without the most one source can add. It was chosen on real crowd
 * counts (NAB's tweet volumes, {@code bench/results/detection-nab.md}), where the NB-CUSUM raised about 21 false
 * events per 100 series-days and SCALES 0.4. {@link DecisionRule#NB_CUSUM} and the tail rules ({@link ChartSeries})
 * remain for comparison.
 *
 * <p><b>Sparse series.</b> Series the caller marks sparse (a service's regions) keep the scales up to
 * {@link #SPARSE_LONGEST_MINUTES}: a region's ring of 240 one-minute ticks would be most of the detector's memory,
 * and its longer windows are judged by a {@link SpaceTimeScan} over the same ring. A series whose class changes is
 * created again with the other class's scales once it is OK.
 *
 * <p><b>Absent series.</b> A series known from an earlier tick and missing from a tick's map is left untouched (no
 * decision) unless {@link DetectorSettings#absentAsZero()}, in which case it is ticked with observed 0 and its last
 * expected and φ. The server passes every active series.
 *
 * <p><b>Ticks.</b> One tick covers {@code stepMinutes} minutes (1 on the server); windows in minutes are converted to
 * ⌈minutes/step⌉ ticks. Ticks must come in increasing time order. Deterministic: the same inputs give the same
 * decisions. Not thread-safe.
 *
 * <p>Reference: Benjamini &amp; Hochberg (1995) for the false discovery rate across series.
 */
public final class Detector {
    /** The longest scale of a sparse series, in minutes. */
    public static final int SPARSE_LONGEST_MINUTES = 60;

    private final DetectorSettings s;
    private final int step;
    private final Predicate<String> sparse;
    private final Function<String, String> familyOf;
    private final double[] ratios;
    private final ScalesSeries.Scales dense;
    private final ScalesSeries.Scales shortScales;
    private final Map<String, Series> series = new TreeMap<>();
    private Instant last;

    /** A detector ticking once per minute. */
    public Detector(DetectorSettings settings) {
        this(settings, 1);
    }

    /** A detector whose ticks each cover {@code stepMinutes} minutes (observations are per tick). */
    public Detector(DetectorSettings settings, int stepMinutes) {
        this(settings, stepMinutes, key -> false, key -> key);
    }

    /**
     * @param sparse which series are sparse (a service's regions): they keep only the scales up to
     *     {@link #SPARSE_LONGEST_MINUTES}
     * @param familyOf the family of a series (a service's series share the key of its world-wide series, the family's
     *     head, whose family is itself): the recurrence intervals of {@link DecisionRule#SCALES} hold per family
     */
    public Detector(DetectorSettings settings, int stepMinutes, Predicate<String> sparse,
            Function<String, String> familyOf) {
        if (stepMinutes < 1) {
            throw new IllegalArgumentException("stepMinutes must be >= 1: " + stepMinutes);
        }
        this.s = settings;
        this.step = stepMinutes;
        this.sparse = sparse;
        this.familyOf = familyOf;
        this.ratios = settings.cusumRatios().stream().mapToDouble(Double::doubleValue).sorted().toArray();
        this.dense = new ScalesSeries.Scales(settings, stepMinutes, settings.scaleMinutes(), false);
        List<Integer> shorter = settings.scaleMinutes().stream().filter(m -> m <= SPARSE_LONGEST_MINUTES).toList();
        this.shortScales = new ScalesSeries.Scales(settings, stepMinutes, shorter.isEmpty()
                ? List.of(settings.scaleMinutes().stream().mapToInt(Integer::intValue).min().orElseThrow()) : shorter,
                true);
    }

    /** The settings this detector runs with. */
    public DetectorSettings settings() {
        return s;
    }

    /**
     * Processes one tick for every series in {@code observations} and returns one decision per
     * series ticked, ordered by key.
     *
     * @param minute start of the tick; must be after the previous tick's
     * @param observations series key → observation; series seen for the first time start OK
     * @throws IllegalArgumentException if {@code minute} is not after the previous tick
     */
    public List<Decision> tick(Instant minute, Map<String, Observation> observations) {
        if (last != null && !minute.isAfter(last)) {
            throw new IllegalArgumentException("ticks must increase: " + minute + " after " + last);
        }
        last = minute;
        Map<String, Observation> input = new TreeMap<>(observations);
        if (s.absentAsZero()) {
            series.forEach((key, x) -> input.putIfAbsent(key, new Observation(0, x.lastExpected, x.lastPhi,
                    x.lastSupport)));
        }
        Map<String, Integer> families = new HashMap<>();
        input.keySet().forEach(k -> families.merge(familyOf.apply(k), 1, Integer::sum));
        int n = input.size();
        String[] keys = new String[n];
        Series[] ss = new Series[n];
        double[] p = new double[n];
        int i = 0;
        for (Map.Entry<String, Observation> e : input.entrySet()) {
            keys[i] = e.getKey();
            ss[i] = seriesOf(e.getKey(), minute);
            String family = familyOf.apply(e.getKey());
            ss[i].lnShare = lnShare(families.get(family), family.equals(e.getKey()));
            p[i] = ss[i].observe(minute, e.getValue());
            i++;
        }
        boolean[] rejected = rejected(p);
        List<Decision> out = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            out.add(ss[j].decide(keys[j], minute, rejected[j]));
        }
        return out;
    }

    /**
     * Which series' tests this tick rejects. {@link DecisionRule#SCALES} states its false-alarm rates per family of
     * series in days and shares them among the family's series: a false discovery rate across every series of the
     * tick on top would make how soon an outage is seen depend on how many other series the node watches (a node
     * watching 3,800 series needed a p-value 3,800 times smaller than one watching one, and showed a world-wide
     * outage minutes later). The other rules' p-values go through Benjamini–Hochberg.
     */
    private boolean[] rejected(double[] p) {
        if (s.rule() != DecisionRule.SCALES) {
            return Fdr.benjaminiHochberg(p, s.fdrLevel());
        }
        boolean[] all = new boolean[p.length];
        java.util.Arrays.fill(all, true);
        return all;
    }

    /** Weighted Bonferroni: the head keeps half its family's rate, the others share the other half. */
    private static double lnShare(int familySize, boolean head) {
        if (familySize <= 1) {
            return 0;
        }
        return head ? Math.log(2) : Math.log(2.0 * (familySize - 1));
    }

    /**
     * The series under {@code key}, created at its first tick, and created again when the caller's class for it
     * changed (a country whose usual level crossed the sparse line at a refit) while it is {@link State#OK}, at most
     * once a UTC day: a series created sparse on a node with no history would otherwise keep a region's scales as
     * a busy country, and one created dense would keep the floor rate as a quiet one. The new series learns its
     * variability again from the minutes that follow, as a newly watched series does.
     */
    private Series seriesOf(String key, Instant minute) {
        Series x = series.get(key);
        if (x == null || (x.state == State.OK && x instanceof ScalesSeries scales
                && scales.sparse() != sparse.test(key) && !scales.createdOn(minute))) {
            x = newSeries(key, minute);
            series.put(key, x);
        }
        return x;
    }

    private Series newSeries(String key, Instant minute) {
        if (s.rule() != DecisionRule.SCALES) {
            return new ChartSeries(s, step, ratios);
        }
        return new ScalesSeries(s, step, sparse.test(key) ? shortScales : dense, minute);
    }

    /**
     * Forgets a series' evidence: its state becomes {@link State#OK}, its charts restart from zero and its windows
     * hold only the ticks that come next; what it learnt of the series' variability and level stays. After a silent
     * replay of past minutes, only what comes next can open an episode there.
     */
    public void restart(String key) {
        Series x = series.get(key);
        if (x != null) {
            x.restart();
        }
    }

    /** The current state of a series, {@link State#OK} if unknown. */
    public State stateOf(String key) {
        Series x = series.get(key);
        return x == null ? State.OK : x.state;
    }

    /**
     * A series' last {@code ticks} ticks (fewer if fewer were kept), oldest first, with the expectation it was judged
     * against and the reports that expectation rests on, as a {@link SpaceTimeScan} reads them; null for an unknown
     * series.
     */
    public SpaceTimeScan.Region recent(String key, int ticks) {
        Series x = series.get(key);
        return x == null ? null : x.ring.region(ticks).withSupport(x.lastSupport);
    }

    /** The series under this key, null if unknown (for explanations within the package). */
    Series seriesOf(String key) {
        return series.get(key);
    }

    /** A series' reporters over its last {@code ticks} ticks, 0 for an unknown series. */
    public long recentObserved(String key, int ticks) {
        Series x = series.get(key);
        return x == null ? 0 : x.ring.sumObs(ticks);
    }
}
