package io.outcry.outage;

import io.outcry.counts.CountStore;
import io.outcry.counts.SeriesKey;
import io.outcry.detect.DetectorSettings;
import io.outcry.detect.SeasonalBaseline;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The usual level of every series: fitted from its hourly history on first use, cached until the next UTC midnight,
 * when every series is fitted again. A lock of its own guards fitting, so a page asking for a baseline waits at most
 * for one fit, never for a detector tick; a baseline already fitted is read without any lock.
 *
 * <p>A country or region is fitted toward its parent: its own hour-of-week fit, blended with the parent's baseline
 * thinned to the series' share of the parent (over the hours the series has been counted); the sparser the series,
 * the more weight the thinned parent gets ({@link #DENSE_PER_HOUR}).
 *
 * <p>Each baseline says how many reports its hours rest on ({@link SeasonalBaseline#support}): the thinned parent's
 * hour is as uncertain as the parent's and as the share, measured from the series' own reports (relative variances
 * add); the blend's variance is that of a weighted sum. A world series with no history at all rests on half a report
 * ({@link SeasonalBaseline#NO_SUPPORT}), and so do its areas. The regional scan reads the support
 * ({@link io.outcry.detect.SpaceTimeScan}).
 */
public final class Baselines {
    /**
     * Reports an hour at which a series' own hour-of-week fit gets half the weight. At a few reports an hour, each
     * hour of the week rests on a handful of counts and its own mean is mostly noise (hours estimated near 0, where one
     * report then looks like an outage); the parent's shape, thinned by the series' share of the parent, is far less
     * noisy there, and the regions' usual levels then add up to their share of the country's.
     */
    static final double DENSE_PER_HOUR = 10;

    private final CountStore counts;
    private final DetectorSettings settings;
    private final Map<SeriesKey, SeasonalBaseline> fitted = new ConcurrentHashMap<>();
    private final ReentrantLock fitting = new ReentrantLock();
    /** The first minute a baseline was asked for: since when this node has listened, counting its warm-up. */
    private volatile Instant firstAsked;
    /** True once this node has listened a whole day (see {@link #hasListenedADay}). */
    private volatile boolean listenedADay;
    /** The UTC day the cached baselines were fitted in; a later day empties the cache (an earlier one, asked while
     * the job replays the hours before a restart, keeps it). */
    private volatile long day = Long.MIN_VALUE;

    /** This run of the node, under which the time it hears reports is recorded ({@link #listening}). */
    private final String run = "node-" + UUID.randomUUID();
    private volatile Instant listeningSince;

    public Baselines(CountStore counts, DetectorSettings settings) {
        this.counts = counts;
        this.settings = settings;
    }

    /**
     * Records that this node hears reports now, as it has since its first call. The baselines leave out the hours no
     * run of any node heard (after the first one recorded): a node that was down heard nothing, which is not hearing no
     * report, and a week of such hours made ordinary reports a crowd for weeks.
     */
    public void listening(Instant now) {
        if (listeningSince == null) {
            listeningSince = now;
        }
        counts.listened(run, listeningSince, now);
    }

    /** The baseline of one series at {@code now}, fitted from the complete hours before it if it has none. */
    public SeasonalBaseline of(SeriesKey key, Instant now) {
        return of(Set.of(key), now).get(key);
    }

    /**
     * The baselines of many series at once; those not fitted yet, and their parents, read their histories in a few
     * batched queries, so fitting thousands of new series costs a few queries instead of two each.
     */
    public Map<SeriesKey, SeasonalBaseline> of(Collection<SeriesKey> keys, Instant now) {
        forgetOnNewDay(now);
        Map<SeriesKey, SeasonalBaseline> out = new HashMap<>();
        boolean allKnown = true;
        for (SeriesKey key : keys) {
            SeasonalBaseline known = fitted.get(key);
            if (known == null) {
                allKnown = false;
                break;
            }
            out.put(key, known);
        }
        if (allKnown) {
            return out;
        }
        fitting.lock();
        try {
            Histories histories = new Histories(missing(keys), now.truncatedTo(ChronoUnit.HOURS));
            for (SeriesKey key : keys) {
                out.put(key, baseline(key, histories));
            }
            return out;
        } finally {
            fitting.unlock();
        }
    }

    /**
     * Whether this node has listened a whole day at {@code now}: since its first count within the weeks a baseline
     * looks back, or since a baseline was first asked for, whichever is earlier. A day holds every hour of the day
     * once, which a region's level needs: before it, a region's level is a guess from its parent's thinned by a share
     * of a few hours, or the floor, and a few reports there would be an outage ({@code replay --reports} takes its
     * file's first day as history for the same reason).
     */
    public boolean hasListenedADay(Instant now) {
        if (!listenedADay) {
            if (firstAsked == null) {
                firstAsked = now;
            }
            Instant counted = counts.firstCountedHour(now.minus(Duration.ofDays(7L * settings.baselineWeeks())));
            Instant since = counted != null && counted.isBefore(firstAsked) ? counted : firstAsked;
            listenedADay = !now.isBefore(since.plus(Duration.ofDays(1)));
        }
        return listenedADay;
    }

    /**
     * The ids of the countries among {@code fitted} whose usual hour (the week's mean) holds fewer reports than one
     * network can add in an hour under the intake's cap ({@link DetectorSettings#sourceCap()} per
     * {@link DetectorSettings#windowMinutes()}): a series rule, which must set that much aside, can confirm nothing a
     * local outage brings there, so they are judged as a service's regions are, by the regional scan, which counts the
     * reporters' networks. A country among {@code before} stays sparse until its usual hour is a tenth above the line: a
     * series that changes class is created again ({@link io.outcry.detect.Detector}), and a country near the line would
     * otherwise lose what its series learnt at each refit that moved it across by a report.
     */
    public Set<String> sparseCountries(Map<SeriesKey, SeasonalBaseline> fitted, Set<String> before) {
        double oneNetworkAnHour = settings.sourceCap() * 60.0 / settings.windowMinutes();
        Set<String> out = new HashSet<>();
        fitted.forEach((key, b) -> {
            if (key.parent() == null || !key.parent().isWorld()) {
                return;
            }
            double week = 0;
            for (int slot = 0; slot < SeasonalBaseline.SLOTS; slot++) {
                week += b.hourlyMean(slot);
            }
            double line = before.contains(key.id()) ? 1.1 * oneNetworkAnHour : oneNetworkAnHour;
            if (week / SeasonalBaseline.SLOTS < line) {
                out.add(key.id());
            }
        });
        return out;
    }

    /** Forgets every fitted baseline, so each is fitted again from the history as it is now (after the demo wrote it). */
    public void forget() {
        fitting.lock();
        try {
            fitted.clear();
            listenedADay = false;
        } finally {
            fitting.unlock();
        }
    }

    private void forgetOnNewDay(Instant now) {
        long today = Math.floorDiv(now.getEpochSecond(), 86_400);
        if (today > day) {
            fitting.lock();
            try {
                if (today > day) {
                    fitted.clear(); // refit every series at UTC midnight, as replay does
                    day = today;
                }
            } finally {
                fitting.unlock();
            }
        }
    }

    /** The series of {@code keys} without a baseline, with every ancestor needed to fit them. */
    private Set<SeriesKey> missing(Collection<SeriesKey> keys) {
        Set<SeriesKey> wanted = new HashSet<>();
        for (SeriesKey key : keys) {
            for (SeriesKey k = key; k != null && !fitted.containsKey(k); k = k.parent()) {
                wanted.add(k);
                if (k.parent() != null) {
                    wanted.add(k.parent()); // its share is measured against the parent's history
                }
            }
        }
        return wanted;
    }

    private SeasonalBaseline baseline(SeriesKey key, Histories histories) {
        SeasonalBaseline known = fitted.get(key);
        if (known == null) {
            known = fit(key, histories);
            fitted.put(key, known);
        }
        return known;
    }

    private SeasonalBaseline fit(SeriesKey key, Histories histories) {
        CountStore.HourlyHistory history = histories.of(key);
        SeasonalBaseline prior = null;
        SeriesKey parent = key.parent();
        if (parent != null) {
            SeasonalBaseline parentBaseline = baseline(parent, histories);
            // The share is measured over the hours the series itself has been counted, not the parent's longer past.
            long own = sum(history, history.firstHour());
            long whole = sum(histories.of(parent), history.firstHour());
            double share = whole > 0 ? Math.min(1, Math.max(0.001, (double) own / whole)) : 0.05;
            SeasonalBaseline thinned = thinned(parentBaseline, share, own);
            SeasonalBaseline fitted = SeasonalBaseline.fit(history.firstHour(), histories.heardCounts(history), thinned,
                    settings);
            double perHour = history.counts().length > 0 ? (double) own / history.counts().length : 0;
            return blend(fitted, thinned, perHour / (perHour + DENSE_PER_HOUR));
        } else if (history.counts().length > 0) {
            // A world series borrows from its own average rate while its history is short, not from zero.
            double rate = sum(history, history.firstHour()) / (60.0 * history.counts().length);
            prior = SeasonalBaseline.flat(Math.max(settings.floorRate(), rate), 1,
                    sum(history, history.firstHour()) + SeasonalBaseline.NO_SUPPORT);
        }
        return SeasonalBaseline.fit(history.firstHour(), histories.heardCounts(history), prior, settings);
    }

    /**
     * The parent's baseline thinned to a share of its reports: the same weekly shape, {@code share} of its level, and
     * the overdispersion of a binomial thinning of a negative binomial, φ' = 1 + share·(φ − 1). An hour's relative
     * variance is the parent's plus the share's, (1 − share)/reports for a share measured from {@code ownReports}.
     */
    static SeasonalBaseline thinned(SeasonalBaseline parent, double share, long ownReports) {
        double[] hourly = new double[SeasonalBaseline.SLOTS];
        double[] support = new double[SeasonalBaseline.SLOTS];
        for (int slot = 0; slot < hourly.length; slot++) {
            hourly[slot] = parent.hourlyMean(slot) * share;
            support[slot] = 1 / (1 / parent.support(slot) + (1 - share) / (ownReports + SeasonalBaseline.NO_SUPPORT));
        }
        return SeasonalBaseline.ofHourly(hourly, 1 + share * (parent.overdispersion() - 1), support);
    }

    /**
     * {@code w} of {@code own} and the rest of {@code thinned}, slot by slot; the larger of their overdispersions. The
     * thinned φ' assumes an area's reports are a random share of its parent's, whereas crowds burst locally too: a
     * country with 3 % of a service at φ = 2 has φ' ≈ 1.03, and blended with its own fit a country at 2 reports an
     * hour is judged nearly as Poisson (φ ≈ 1.2) even where its own hours show φ = 2.
     */
    static SeasonalBaseline blend(SeasonalBaseline own, SeasonalBaseline thinned, double w) {
        double[] hourly = new double[SeasonalBaseline.SLOTS];
        double[] support = new double[SeasonalBaseline.SLOTS];
        for (int slot = 0; slot < hourly.length; slot++) {
            hourly[slot] = w * own.hourlyMean(slot) + (1 - w) * thinned.hourlyMean(slot);
            support[slot] = SeasonalBaseline.supportOf(hourly[slot],
                    w * w * own.variance(slot) + (1 - w) * (1 - w) * thinned.variance(slot));
        }
        return SeasonalBaseline.ofHourly(hourly, Math.max(own.overdispersion(), thinned.overdispersion()), support);
    }

    /** The total of the hours of {@code h} from {@code since} on. */
    private static long sum(CountStore.HourlyHistory h, Instant since) {
        long skip = Math.max(0, (since.getEpochSecond() - h.firstHour().getEpochSecond()) / 3600);
        long s = 0;
        for (int i = (int) Math.min(skip, h.counts().length); i < h.counts().length; i++) {
            s += h.counts()[i];
        }
        return s;
    }

    /** The hourly histories of the series being fitted now, read in one batch, ending at {@code to}. */
    private final class Histories {
        private final Map<SeriesKey, CountStore.HourlyHistory> read;
        /** Whether nobody heard each hour from {@code from} to {@code to}; null when every hour was heard. */
        private final boolean[] unheard;
        private final Instant from;
        private final Instant to;

        Histories(Set<SeriesKey> wanted, Instant to) {
            this.to = to;
            this.from = to.minus(Duration.ofDays(7L * settings.baselineWeeks()));
            this.read = new HashMap<>(wanted.isEmpty() ? Map.of() : counts.hourlyHistories(wanted, from, to));
            this.unheard = wanted.isEmpty() ? null : unheard(counts.heard(), from, to);
        }

        /**
         * The hours nobody heard, once for every series fitted now: after the first stretch recorded, an hour no
         * stretch covers whole (a node down, or starting within it). Null when there is none.
         */
        private static boolean[] unheard(List<CountStore.Heard> heard, Instant from, Instant to) {
            if (heard.isEmpty()) {
                return null;
            }
            Instant first = heard.getFirst().from();
            boolean[] out = new boolean[(int) Duration.between(from, to).toHours()];
            boolean any = false;
            for (int i = 0; i < out.length; i++) {
                Instant start = from.plus(Duration.ofHours(i));
                Instant end = start.plus(Duration.ofHours(1));
                boolean covered = heard.stream().anyMatch(h -> !h.from().isAfter(start) && !h.to().isBefore(end));
                out[i] = end.isAfter(first) && !covered;
                any |= out[i];
            }
            return any ? out : null;
        }

        CountStore.HourlyHistory of(SeriesKey key) {
            return read.computeIfAbsent(key, k -> new CountStore.HourlyHistory(to, new int[0]));
        }

        /** The history's counts, {@link SeasonalBaseline#NOT_HEARD} in the hours nobody heard. */
        int[] heardCounts(CountStore.HourlyHistory history) {
            if (unheard == null) {
                return history.counts();
            }
            int offset = (int) Duration.between(from, history.firstHour()).toHours();
            int[] counts = history.counts().clone();
            for (int i = 0; i < counts.length && offset + i < unheard.length; i++) {
                if (unheard[offset + i]) {
                    counts[i] = SeasonalBaseline.NOT_HEARD;
                }
            }
            return counts;
        }
    }
}
