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
import org.apache.commons.math3.special.Gamma;

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
        }
        return judged(c, observed, expected, minutes, known, lnSpatial, largest);
    }

    private Cluster judged(Set<String> c, long[] observed, double[] expected, int[] minutes, int known,
            double lnSpatial, LargestSource largest) {
        double[] raw = new double[known];
        Integer[] order = new Integer[known];
        for (int j = 0; j < known; j++) {
            raw[j] = evidence(observed[j], expected[j], minutes[j]);
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
            double e = evidence(observed[j] - Math.max(0, largestSource - 1), expected[j], minutes[j]);
            if (e > left) {
                left = e;
                at = j;
            }
        }
        if (at < 0) {
            return null;
        }
        double enough = lnOutage + lnSpatial;
        double allDays = anyWindow(all, expected, minutes, known, enough) - lnSpatial;
        double leftDays = anyWindow(left, expected, minutes, known, enough) - lnSpatial;
        State state = leftDays >= lnOutage ? State.OUTAGE : leftDays >= lnWarning ? State.POSSIBLE : State.OK;
        return state == State.OK ? null
                : new Cluster(c, minutes[at], observed[at], expected[at], allDays, leftDays, state);
    }

    /** One window's evidence: ln of the recurrence interval of its count, or −∞ for a count not above expectation. */
    private static double evidence(long count, double expected, int minutes) {
        return expected > 0 && count > expected ? logRecurrenceDays(count, expected, minutes) : Double.NEGATIVE_INFINITY;
    }

    /**
     * ln of the days between times that some window, of the first {@code known}, reaches by chance a count whose own
     * evidence is at least {@code s}: the recurrence of the strongest window's evidence over the whole scan. At least
     * s − ln(windows) (Bonferroni) and at most s; computed exactly only when the bound would not already reach
     * {@code enough}.
     */
    private static double anyWindow(double s, double[] expected, int[] minutes, int known, double enough) {
        double bonferroni = s - Math.log(known);
        if (known == 1 || bonferroni >= enough || s == Double.NEGATIVE_INFINITY) {
            return known == 1 ? s : bonferroni;
        }
        int[] at = new int[known];
        for (int j = 0; j < known; j++) {
            long a = (long) Math.floor(expected[j]) + 1;
            while (logRecurrenceDays(a, expected[j], minutes[j]) < s) {
                a++;
            }
            at[j] = (int) a;
        }
        double perMinute = expected[known - 1] / minutes[known - 1];
        double p = allBelow(at, 1, expected, known) - allBelow(at, 2, expected, known);
        double exact = -Math.log(1440.0 * perMinute * Math.max(p, Double.MIN_VALUE));
        return Math.min(s, Math.max(bonferroni, exact));
    }

    /**
     * P(every window j holds at most at[j] − minus reports) for nested windows ending now, the shortest first: the
     * counts grow by independent Poisson increments from one window to the next.
     */
    private static double allBelow(int[] at, int minus, double[] expected, int known) {
        double[] dist = {1};
        double before = 0;
        for (int j = 0; j < known; j++) {
            int bound = at[j] - minus;
            if (bound < 0) {
                return 0;
            }
            double[] step = poisson(Math.max(0, expected[j] - before), bound);
            double[] next = new double[bound + 1];
            for (int i = 0; i < dist.length && i <= bound; i++) {
                for (int d = 0; i + d <= bound; d++) {
                    next[i + d] += dist[i] * step[d];
                }
            }
            dist = next;
            before = expected[j];
        }
        double sum = 0;
        for (double v : dist) {
            sum += v;
        }
        return sum;
    }

    /** Poisson probabilities of 0..max with mean m. */
    private static double[] poisson(double m, int max) {
        double[] p = new double[max + 1];
        for (int x = 0; x <= max; x++) {
            p[x] = m == 0 ? (x == 0 ? 1 : 0) : Math.exp(x * Math.log(m) - m - Gamma.logGamma(x + 1.0));
        }
        return p;
    }

    /** Outages before possible problems, then by evidence. */
    private static double rank(Cluster c) {
        return (c.state() == State.OUTAGE ? 1e6 : 0) + c.logRecurrenceDays();
    }

    /**
     * ln of the days between times a window of {@code minutes} with expectation {@code expected} reaches
     * {@code count} by chance: the window's rate of upward crossings into {@code count}, (e/w)·P(N = count − 1) a
     * minute, N Poisson with mean e.
     */
    static double logRecurrenceDays(long count, double expected, int minutes) {
        if (count <= 0) {
            return Double.NEGATIVE_INFINITY;
        }
        double lnPmf = (count - 1) * Math.log(expected) - expected - Gamma.logGamma(count);
        return -(Math.log(1440.0 * expected / minutes) + lnPmf);
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
