package io.outcry.detect;

import java.util.ArrayList;
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
 * at e/w a minute, and the window reaches c whenever one arrives while it holds c − 1: about
 * (e/w)·P(N = c − 1) times a minute, N negative binomial with mean e and variance φe (Poisson when φ = 1). Its
 * inverse, in days, divided by the number of windows and of the candidate clusters a region belongs to
 * (Bonferroni), is the recurrence interval per region. A cluster is an outage at {@code outageDays} or more
 * (the false regional outages per region per that many days when the model holds), possible problems at
 * {@code warningDays}.
 *
 * <p><b>One source.</b> An outage must hold without the reporters of its largest source (a /24 or /64 network,
 * or one person): when the caller says which source each reporter came from, that source's count in the cluster
 * is set aside; when it does not, {@code sourceCap} per {@code capMinutes} of the window is. Possible problems
 * need no such proof. No absolute minimum of reporters is used: what one network can add is judged against
 * what the region usually has.
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
     */
    public record Region(long[] observed, double[] expected, int[][] sources) {
        public Region {
            if (observed.length != expected.length || (sources != null && sources.length != observed.length)) {
                throw new IllegalArgumentException("observed, expected and sources must have the same length");
            }
        }
    }

    /**
     * A cluster of regions over the last {@code minutes}.
     *
     * @param logRecurrenceDays ln of the recurrence interval in days (all reporters)
     * @param withoutLargestSource the same without the reporters of the cluster's largest source
     */
    public record Cluster(Set<String> regions, int minutes, long observed, double expected, double logRecurrenceDays,
            double withoutLargestSource, State state) {}

    private final int stepMinutes;
    private final int[] windowTicks;
    private final double overdispersion;
    private final double lnWarning;
    private final double lnOutage;
    private final int sourceCap;
    private final int capMinutes;

    /**
     * @param stepMinutes minutes per tick
     * @param windowMinutes windows ending now to scan (each rounded up to whole ticks)
     * @param overdispersion φ ≥ 1 of the regional counts (1: Poisson)
     * @param warningDays recurrence interval for possible problems
     * @param outageDays recurrence interval for an outage, ≥ warningDays
     * @param sourceCap most reporters one source can add per {@code capMinutes} when sources are not given
     * @param capMinutes see {@code sourceCap}
     */
    public SpaceTimeScan(int stepMinutes, List<Integer> windowMinutes, double overdispersion, double warningDays,
            double outageDays, int sourceCap, int capMinutes) {
        if (stepMinutes < 1 || windowMinutes.isEmpty() || !(overdispersion >= 1) || !(warningDays > 0)
                || !(outageDays >= warningDays) || sourceCap < 0 || capMinutes < 1) {
            throw new IllegalArgumentException("bad scan settings");
        }
        this.stepMinutes = stepMinutes;
        this.windowTicks = windowMinutes.stream().mapToInt(m -> Math.max(1, (m + stepMinutes - 1) / stepMinutes))
                .distinct().sorted().toArray();
        this.overdispersion = overdispersion;
        this.lnWarning = Math.log(warningDays);
        this.lnOutage = Math.log(outageDays);
        this.sourceCap = sourceCap;
        this.capMinutes = capMinutes;
    }

    /** Windows of 15 minutes to 4 hours at 1-minute ticks, Poisson, possible at 10 days, outage at 100 days. */
    public static SpaceTimeScan standard(int sourceCap, int capMinutes) {
        return new SpaceTimeScan(1, List.of(15, 30, 60, 120, 240), 1, 10, 100, sourceCap, capMinutes);
    }

    /**
     * The strongest clusters at possible problems or above, strongest first, no two sharing a region.
     *
     * @param regions region → its recent counts
     * @param neighbours region → regions adjacent to it (may be empty): each region with its neighbours present
     *     in {@code regions} is one more candidate cluster
     */
    public List<Cluster> scan(Map<String, Region> regions, Map<String, ? extends Collection<String>> neighbours) {
        return scan(regions, neighbours, (cluster, minutes) -> largestSource(regions, cluster, minutes));
    }

    /** The most reporters one source added to a cluster over its last {@code minutes}. */
    @FunctionalInterface
    public interface LargestSource {
        long of(Set<String> cluster, int minutes);
    }

    /**
     * As {@link #scan(Map, Map)}, the largest source of a cluster counted by the caller (asked only of a cluster that
     * reaches an outage with every reporter).
     */
    public List<Cluster> scan(Map<String, Region> regions, Map<String, ? extends Collection<String>> neighbours,
            LargestSource largest) {
        List<Set<String>> candidates = candidates(regions, neighbours);
        double lnTests = Math.log(windowTicks.length * (double) candidates.size() / Math.max(1, regions.size()));
        List<Cluster> found = new ArrayList<>();
        for (Set<String> c : candidates) {
            Cluster best = strongest(regions, c, lnTests, largest);
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

    /** Cluster c over its strongest window at possible problems or above; null when no window reaches them. */
    private Cluster strongest(Map<String, Region> regions, Set<String> c, double lnTests, LargestSource largest) {
        Cluster best = null;
        for (int k : windowTicks) {
            long observed = 0;
            double expected = 0;
            boolean full = true;
            for (String r : c) {
                Region x = regions.get(r);
                int n = x.observed().length;
                full &= n >= k;
                for (int t = Math.max(0, n - k); t < n; t++) {
                    observed += x.observed()[t];
                    expected += x.expected()[t];
                }
            }
            if (!full || observed <= expected || expected <= 0) {
                continue; // a window longer than the ticks known is judged once they are there
            }
            int minutes = k * stepMinutes;
            double all = logRecurrenceDays(observed, expected, minutes) - lnTests;
            double without = all < lnOutage ? all
                    : logRecurrenceDays(observed - largest.of(c, minutes), expected, minutes) - lnTests;
            State state = without >= lnOutage ? State.OUTAGE : all >= lnWarning ? State.POSSIBLE : State.OK;
            Cluster cl = new Cluster(c, minutes, observed, expected, all, without, state);
            if (state != State.OK && (best == null || stronger(cl, best))) {
                best = cl;
            }
        }
        return best;
    }

    private static boolean stronger(Cluster a, Cluster b) {
        return rank(a) > rank(b);
    }

    /** Outages before possible problems, then by evidence. */
    private static double rank(Cluster c) {
        return (c.state() == State.OUTAGE ? 1e6 : 0) + c.logRecurrenceDays();
    }

    /**
     * ln of the days between times a window of {@code minutes} with expectation {@code expected} reaches
     * {@code count} by chance: the window's rate of upward crossings into {@code count}.
     */
    double logRecurrenceDays(long count, double expected, int minutes) {
        if (count <= 0) {
            return Double.NEGATIVE_INFINITY;
        }
        double pmf = NegativeBinomial.upperTail(count - 1, expected, overdispersion)
                - NegativeBinomial.upperTail(count, expected, overdispersion);
        double perDay = 1440.0 * expected / minutes * Math.max(pmf, Double.MIN_VALUE);
        return -Math.log(perDay);
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
