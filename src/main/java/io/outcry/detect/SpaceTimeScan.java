package io.outcry.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prospective space-time scan over the regions of one service, in the spirit of Kulldorff's scan statistic
 * (SaTScan): every candidate cluster — one region, or a region with its neighbours — over every window that ends
 * now is judged by the count it holds against the count expected, and the strongest clusters that share no region
 * are returned. It borrows strength across space and time where a region's own series is too sparse to say
 * anything minute by minute: six people in an hour where one report an hour is usual.
 *
 * <p><b>Calibration.</b> The unit is the recurrence interval, as SaTScan's prospective analyses state it: how often
 * would counts this high come by chance? For a window of w minutes with expectation e and count c, reports arrive
 * at e/w a minute, and the window reaches c whenever one arrives while it holds c − 1: about (e/w)·P(N = c − 1)
 * times a minute, N Poisson with mean e. That is one window's evidence. The scan's is the recurrence of its strongest
 * window's evidence over all its windows at once: how often, by chance, some window reaches a count as rare as that.
 * The windows all end now, so they are nested and their counts grow by independent Poisson increments; the rate is
 * computed exactly as the rate at which a report arrives while every window is below its count and at least one is
 * one short of it. Dividing by the number of windows instead (Bonferroni) would count the same reports several times
 * over. Across space it is Bonferroni over the candidate clusters a region belongs to, and over the regions that
 * share the stated rates: each region has them to itself unless the caller says how many share them (a service
 * watched in N regions gives each an Nth, so that its whole map raises false alarms at the stated rates, not N times
 * them). A cluster is an outage at {@code outageDays} or more (the false regional outages per that many days, per
 * region or per the regions sharing the rates, when the model holds), possible problems at {@code warningDays}.
 *
 * <p><b>An expectation that is itself an estimate.</b> A region's usual level is estimated from the reports its history
 * holds ({@link Region#support()}); taken as exact, a level estimated a third too low makes a count once in 100 days
 * come several times as often. The rate is therefore taken as unknown around its estimate, gamma-distributed with
 * shape = support (relative variance 1/support), and the recurrence is averaged over it: the counts of a window are
 * then negative binomial, the posterior predictive of a Poisson rate estimated from that many reports
 * ({@link Recurrence#logRecurrenceDays}).
 *
 * <p><b>One source.</b> The evidence counts the reporters of the cluster's largest source (a /24 or /48 network, or
 * one person) as one reporter, and needs at least one reporter from another source: one person or one network never
 * shows anything on its own, and what it adds is what one more person would. Under chance every reporter is a
 * source of its own, so this is the count itself and the calibration above holds. When the caller does not say which
 * source each reporter came from, {@code sourceCap} per {@code capMinutes} of the window is taken as the largest
 * source. No absolute minimum of reporters is used: what one network can add is judged against what the region
 * usually has.
 *
 * <p>References: Kulldorff, M. (2001), "Prospective time periodic geographical disease surveillance using a scan
 * statistic", JRSS A 164; Neill, D. B. et al. (2005), "Detection of emerging space-time clusters", KDD
 * (expectation-based scan). Pure: no I/O, deterministic, not thread-safe.
 */
public final class SpaceTimeScan {
    /**
     * One region's recent counts, oldest first, one entry per tick, the last entry being the tick that just ended.
     *
     * @param observed distinct reporters per tick
     * @param expected expected reporters per tick (baseline)
     * @param sources for each tick, the source of each of its reporters (e.g. a hashed network); {@code null} when
     *     not known
     * @param support how many reports the expectation rests on ({@link SeasonalBaseline#supportAt}): its relative
     *     variance is 1/support; {@link Double#POSITIVE_INFINITY} when it is known exactly
     */
    public record Region(long[] observed, double[] expected, int[][] sources, double support) {
        public Region {
            if (observed.length != expected.length || (sources != null && sources.length != observed.length)) {
                throw new IllegalArgumentException("observed, expected and sources must have the same length");
            }
            if (!(support > 0)) {
                throw new IllegalArgumentException("support must be > 0: " + support);
            }
        }

        /** Counts judged against an expectation known exactly. */
        public Region(long[] observed, double[] expected, int[][] sources) {
            this(observed, expected, sources, Double.POSITIVE_INFINITY);
        }

        /** The same counts, their expectation resting on {@code reports}. */
        public Region withSupport(double reports) {
            return new Region(observed, expected, sources, reports);
        }
    }

    /**
     * A cluster of regions over the last {@code minutes}.
     *
     * @param logRecurrenceDays ln of the scan's recurrence interval in days, every reporter counted
     * @param withoutLargestSource the same with the reporters of the cluster's largest source counted as one: what
     *     decides {@code state}
     */
    public record Cluster(Set<String> regions, int minutes, long observed, double expected, double logRecurrenceDays,
            double withoutLargestSource, State state) {}

    private final int stepMinutes;
    private final int[] windowTicks;
    private final double lnWarning;
    private final double lnOutage;
    private final int sourceCap;
    private final int capMinutes;

    /**
     * @param stepMinutes minutes per tick
     * @param windowMinutes windows ending now to scan (each rounded up to whole ticks)
     * @param warningDays recurrence interval for possible problems
     * @param outageDays recurrence interval for an outage, ≥ warningDays
     * @param sourceCap most reporters one source can add per {@code capMinutes} when sources are not given
     * @param capMinutes see {@code sourceCap}
     */
    public SpaceTimeScan(int stepMinutes, List<Integer> windowMinutes, double warningDays,
            double outageDays, int sourceCap, int capMinutes) {
        if (stepMinutes < 1 || windowMinutes.isEmpty() || !(warningDays > 0)
                || !(outageDays >= warningDays) || sourceCap < 0 || capMinutes < 1) {
            throw new IllegalArgumentException("bad scan settings");
        }
        this.stepMinutes = stepMinutes;
        this.windowTicks = windowMinutes.stream().mapToInt(m -> Math.max(1, (m + stepMinutes - 1) / stepMinutes))
                .distinct().sorted().toArray();
        this.lnWarning = Math.log(warningDays);
        this.lnOutage = Math.log(outageDays);
        this.sourceCap = sourceCap;
        this.capMinutes = capMinutes;
    }

    /** Windows of 15 minutes to 4 hours at 1-minute ticks, possible at 10 days, outage at 100 days. */
    public static SpaceTimeScan standard(int sourceCap, int capMinutes) {
        return new SpaceTimeScan(1, List.of(15, 30, 60, 120, 240), 10, 100, sourceCap, capMinutes);
    }

    /**
     * The strongest clusters at possible problems or above, strongest first, no two sharing a region.
     *
     * @param regions region → its recent counts
     * @param neighbours region → regions adjacent to it (may be empty): each region with its neighbours present
     *     in {@code regions} is one more candidate cluster
     */
    public List<Cluster> scan(Map<String, Region> regions, Map<String, ? extends Collection<String>> neighbours) {
        return scan(regions, neighbours, 1, (cluster, minutes) -> largestSource(regions, cluster, minutes));
    }

    /** The most reporters one source added to a cluster over its last {@code minutes}. */
    @FunctionalInterface
    public interface LargestSource {
        long of(Set<String> cluster, int minutes);
    }

    /**
     * As {@link #scan(Map, Map)}, the stated rates shared by {@code sharedBy} regions and the largest source of a
     * cluster counted by the caller (asked only of a cluster whose evidence with every reporter reaches possible
     * problems).
     *
     * @param sharedBy how many regions share the stated rates evenly (those the caller watches, whether or not they
     *     are among {@code regions} this time); 1: each region has them to itself
     */
    public List<Cluster> scan(Map<String, Region> regions, Map<String, ? extends Collection<String>> neighbours,
            int sharedBy, LargestSource largest) {
        List<Set<String>> candidates = candidates(regions, neighbours);
        double lnSpatial = Math.log(candidates.size() / (double) Math.max(1, regions.size()))
                + Math.log(Math.max(1, sharedBy));
        List<Cluster> found = new ArrayList<>();
        for (Set<String> c : candidates) {
            Cluster best = strongest(regions, c, lnSpatial, largest);
            if (best != null) {
                found.add(best);
            }
        }
        found.sort(Comparator.comparing(SpaceTimeScan::rank).reversed());
        List<Cluster> out = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (Cluster cl : found) {
            if (cl.regions().stream().noneMatch(taken::contains)) {
                out.add(cl);
                taken.addAll(cl.regions());
            }
        }
        return out;
    }

    /** Every region alone, and every region with those of its neighbours that have counts. */
    private static List<Set<String>> candidates(Map<String, Region> regions,
            Map<String, ? extends Collection<String>> neighbours) {
        List<Set<String>> candidates = new ArrayList<>();
        for (String r : regions.keySet()) {
            candidates.add(Set.of(r));
            Collection<String> near = neighbours.containsKey(r) ? neighbours.get(r) : List.of();
            Set<String> group = new LinkedHashSet<>();
            group.add(r);
            for (String n : near) {
                if (regions.containsKey(n)) {
                    group.add(n);
                }
            }
            if (group.size() > 1) {
                candidates.add(group);
            }
        }
        return candidates;
    }

    /**
     * Cluster c over its windows whose minutes are all known, judged by the scan's evidence (see the class comment);
     * null when it does not reach possible problems.
     */
    private Cluster strongest(Map<String, Region> regions, Set<String> c, double lnSpatial, LargestSource largest) {
        int n = windowTicks.length;
        long[] observed = new long[n];
        double[] expected = new double[n];
        int[] minutes = new int[n];
        int known = 0; // windows ascend, so those whose minutes are all known come first
        int shortest = Integer.MAX_VALUE;
        for (String r : c) {
            shortest = Math.min(shortest, regions.get(r).observed().length);
        }
        while (known < n && windowTicks[known] <= shortest) {
            minutes[known] = windowTicks[known] * stepMinutes;
            known++;
        }
        if (known == 0) {
            return null;
        }
        double variance = 0; // of the cluster's expectation over its longest window, from each region's support
        for (String r : c) {
            Region x = regions.get(r);
            int len = x.observed().length;
            long o = 0;
            double e = 0;
            for (int j = 0, back = 1; j < known; j++) {
                for (; back <= windowTicks[j]; back++) {
                    o += x.observed()[len - back];
                    e += x.expected()[len - back];
                }
                observed[j] += o;
                expected[j] += e;
            }
            variance += e * e / x.support();
        }
        double support = variance > 0 ? expected[known - 1] * expected[known - 1] / variance : Double.POSITIVE_INFINITY;
        return judged(c, new Recurrence.Windows(observed, expected, minutes, known, support), lnSpatial, largest);
    }

    private Cluster judged(Set<String> c, Recurrence.Windows w, double lnSpatial, LargestSource largest) {
        int known = w.known();
        long[] observed = w.observed();
        int[] minutes = w.minutes();
        double[] raw = new double[known];
        Integer[] order = new Integer[known];
        for (int j = 0; j < known; j++) {
            raw[j] = w.evidence(j, observed[j]);
            order[j] = j;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer j) -> raw[j]).reversed());
        double all = raw[order[0]];
        if (all - lnSpatial < lnWarning) {
            return null; // setting a source aside and the union over windows only weaken the evidence
        }
        double left = Double.NEGATIVE_INFINITY;
        int at = -1;
        for (int j : order) {
            if (raw[j] <= left) {
                break; // a window's evidence without its largest source is at most its evidence with it
            }
            long largestSource = largest.of(c, minutes[j]);
            if (observed[j] - largestSource < 1) {
                continue; // one source alone is never evidence
            }
            double e = w.evidence(j, observed[j] - Math.max(0, largestSource - 1));
            if (e > left) {
                left = e;
                at = j;
            }
        }
        if (at < 0) {
            return null;
        }
        double enough = lnOutage + lnSpatial;
        double allDays = Recurrence.anyWindow(all, w, enough) - lnSpatial;
        double leftDays = Recurrence.anyWindow(left, w, enough) - lnSpatial;
        State state = leftDays >= lnOutage ? State.OUTAGE : leftDays >= lnWarning ? State.POSSIBLE : State.OK;
        return state == State.OK ? null
                : new Cluster(c, minutes[at], observed[at], w.expected()[at], allDays, leftDays, state);
    }

    /** Outages before possible problems, then by evidence. */
    private static double rank(Cluster c) {
        return (c.state() == State.OUTAGE ? 1e6 : 0) + c.logRecurrenceDays();
    }

    private long largestSource(Map<String, Region> regions, Set<String> cluster, int minutes) {
        int k = Math.max(1, (minutes + stepMinutes - 1) / stepMinutes);
        Map<Integer, Long> bySource = new HashMap<>();
        long unknown = 0;
        for (String r : cluster) {
            Region x = regions.get(r);
            int n = x.observed().length;
            if (x.sources() == null) {
                unknown = Math.max(unknown, (long) sourceCap * ((minutes + capMinutes - 1) / capMinutes));
                continue;
            }
            for (int t = Math.max(0, n - k); t < n; t++) {
                for (int s : x.sources()[t]) {
                    bySource.merge(s, 1L, Long::sum);
                }
            }
        }
        long known = bySource.values().stream().mapToLong(Long::longValue).max().orElse(0);
        return Math.max(known, unknown);
    }

    /**
     * The likeliest start of an excess that lasts to the last minute: the index (0 the oldest) from which the counts to
     * the end are the least likely under their expectation, by the largest Poisson log-likelihood ratio
     * c·ln(c/e) − (c − e), the scan's own statistic; an ordinary count earlier does not date the start back to it.
     */
    static int likeliestStart(long[] observed, double[] expected) {
        int k = observed.length;
        long count = 0;
        double expectation = 0;
        double best = Double.NEGATIVE_INFINITY;
        int start = k - 1;
        for (int i = k - 1; i >= 0; i--) {
            count += observed[i];
            expectation += expected[i];
            if (observed[i] > 0 && count > expectation) {
                double llr = count * Math.log(count / Math.max(expectation, 1e-12)) - (count - expectation);
                if (llr > best) {
                    best = llr;
                    start = i;
                }
            }
        }
        return start;
    }
}
