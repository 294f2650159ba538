package io.outcry.detect;

import java.time.Instant;
import java.util.Arrays;

/**
 * Expected distinct reporters per minute at any minute of the week, with the overdispersion φ
 * (variance = φ·mean), fitted robustly from hourly history in the spirit of Farrington-flexible.
 *
 * <p>Model: one mean per hour of the week (168 slots, Monday 00:00 UTC first); a minute's
 * expectation is the linear interpolation between the centres of its neighbouring hours, divided
 * by 60, never below {@link DetectorSettings#floorRate()}.
 *
 * <p>Fit ({@link #fit}): for each hour of the week, a robust mean over past weeks (start at the
 * median, then two rounds of re-weighting where values with a standardised residual |z| &gt; 2.58
 * get weight (2.58/z)², as Noufaily et al. 2013 down-weight past outbreaks; z uses the variance
 * φm + (0.2m)² so that at large counts "outlier" means a ratio, not any 10% wobble; one or two
 * weeks are judged against the pooled hour-of-day mean), pooled with the same
 * robust mean over every day at that hour of day (weight of one week), then shrunk toward the prior
 * with weight {@link DetectorSettings#priorDays()} days, fading linearly to zero at 14 days of history.
 * φ is the Pearson statistic of the hourly counts against their fitted means, corrected for each
 * hour's weight in its own mean, with each hour's term capped at 2.58² times its expectation (a
 * down-weighted past outage must not inflate φ), at least 1.
 *
 * <p>Support: how many reports each hourly mean rests on, so that its relative variance is 1/support (a Poisson
 * rate estimated from k reports has a gamma posterior of shape k). A fitted hour, (w·m + a)/(w + 1) from w values
 * of mean m and the hour-of-day mean a of n values, has variance φ·(w·m + a/n + ½)/(w + 1)² (the ½ of a Jeffreys
 * prior, so that hours with no report are not certain zeros); blended with the prior, the variances add with the
 * squares of the blend's weights. A baseline with no history is its prior; the floor used when there is none rests
 * on ½ a report: nothing is known.
 *
 * <p>Reference: Noufaily, A. et al. (2013), "An improved algorithm for outbreak detection in
 * multiple surveillance systems", Statistics in Medicine 32(7).
 */
public final class SeasonalBaseline {
    /** Hours in a week. */
    public static final int SLOTS = 168;


    /** The support of a baseline with no history: the shape of a Jeffreys prior on a Poisson rate. */
    public static final double NO_SUPPORT = 0.5;

    private final double[] hourly;
    private final double overdispersion;
    private final double floorPerMinute;
    /** Reports each hourly mean rests on; null when the means are known exactly. */
    private final double[] support;
    /** Computed on first use; two threads computing it at once get equal arrays. */
    private volatile double[] cumulative;

    private SeasonalBaseline(double[] hourly, double overdispersion, double floorPerMinute, double[] support) {
        this.hourly = hourly;
        this.overdispersion = overdispersion;
        this.floorPerMinute = floorPerMinute;
        this.support = support;
    }

    /**
     * A baseline with the same rate at every minute.
     *
     * @param perMinute expected reporters per minute (≥ 0)
     * @param overdispersion φ ≥ 1
     */
    public static SeasonalBaseline flat(double perMinute, double overdispersion) {
        return flat(perMinute, overdispersion, Double.POSITIVE_INFINITY);
    }

    /** As {@link #flat(double, double)}, the rate resting on {@code reports} (+∞: known exactly). */
    public static SeasonalBaseline flat(double perMinute, double overdispersion, double reports) {
        if (!(perMinute >= 0) || Double.isInfinite(perMinute)) {
            throw new IllegalArgumentException("perMinute must be finite and >= 0: " + perMinute);
        }
        if (!(reports > 0)) {
            throw new IllegalArgumentException("support must be > 0: " + reports);
        }
        double[] h = new double[SLOTS];
        Arrays.fill(h, perMinute * 60);
        double[] k = null;
        if (!Double.isInfinite(reports)) {
            k = new double[SLOTS];
            Arrays.fill(k, reports);
        }
        return new SeasonalBaseline(h, Math.max(1, overdispersion), 0, k);
    }

    /**
     * A baseline from 168 hourly means (reporters per hour, Monday 00:00 UTC first).
     */
    public static SeasonalBaseline ofHourly(double[] hourlyMeans, double overdispersion) {
        return ofHourly(hourlyMeans, overdispersion, null);
    }

    /**
     * As {@link #ofHourly(double[], double)}, each mean resting on the reports {@code support} gives for its hour
     * (null: known exactly).
     */
    public static SeasonalBaseline ofHourly(double[] hourlyMeans, double overdispersion, double[] support) {
        if (hourlyMeans.length != SLOTS || (support != null && support.length != SLOTS)) {
            throw new IllegalArgumentException("need 168 hourly means and supports, got " + hourlyMeans.length);
        }
        for (int i = 0; i < SLOTS; i++) {
            if (!(hourlyMeans[i] >= 0) || Double.isInfinite(hourlyMeans[i])) {
                throw new IllegalArgumentException("hourly means must be finite and >= 0: " + hourlyMeans[i]);
            }
            if (support != null && !(support[i] > 0)) {
                throw new IllegalArgumentException("supports must be > 0: " + support[i]);
            }
        }
        return new SeasonalBaseline(hourlyMeans.clone(), Math.max(1, overdispersion), 0,
                support == null ? null : support.clone());
    }

    /**
     * Fits a baseline from hourly totals.
     *
     * @param firstHour start of hourlyCounts[0], truncated to the hour (UTC)
     * @param hourlyCounts total reporters in each consecutive hour, {@link #NOT_HEARD} for an hour nobody listened to
     *     (a node that was down heard nothing, which is not hearing no report: such hours are left out); may be empty;
     *     only the last {@link DetectorSettings#baselineWeeks()} weeks are used
     * @param prior baseline to shrink toward while history is short; {@code null} means a flat
     *     {@link DetectorSettings#floorRate()} with φ = 1
     * @param s settings
     * @return the fitted baseline; with empty history, the prior itself (with the settings' floor)
     */
    /** An hour nobody listened to, in the hourly counts {@link #fit} takes. */
    public static final int NOT_HEARD = -1;

    public static SeasonalBaseline fit(Instant firstHour, int[] hourlyCounts, SeasonalBaseline prior,
            DetectorSettings s) {
        SeasonalBaseline p = prior != null ? prior : flat(s.floorRate(), 1, NO_SUPPORT);
        int maxHours = s.baselineWeeks() * SLOTS;
        int from = Math.max(0, hourlyCounts.length - maxHours);
        Hours heard = heard(hourlyCounts, from, Math.floorDiv(firstHour.getEpochSecond(), 3600) + from);
        double[] v = heard.counts();
        int[] how = heard.slots();
        int n = v.length;
        if (n == 0) {
            return new SeasonalBaseline(p.hourly.clone(), p.overdispersion, s.floorRate(), p.support);
        }
        // Group by hour of day (pooled) and by hour of week.
        int[][] byHod = RobustMeans.groupIndices(n, i -> how[i] % 24, 24);
        int[][] byHow = RobustMeans.groupIndices(n, i -> how[i], SLOTS);
        double phiData = RobustMeans.dispersion(v, byHod);
        double[] w = new double[n];
        double[] fitted = new double[SLOTS];
        double[] variance = new double[SLOTS]; // of each fitted hour, from the values behind it
        for (int iteration = 0; iteration < 3; iteration++) {
            double[] hodWeight = new double[24];
            double[] hodMean = RobustMeans.means(v, byHod, phiData, w, null, hodWeight);
            double[] anchor = new double[SLOTS];
            for (int sl = 0; sl < SLOTS; sl++) {
                anchor[sl] = hodMean[sl % 24];
            }
            double[] howWeight = new double[SLOTS];
            double[] howMean = RobustMeans.means(v, byHow, phiData, w, anchor, howWeight);
            for (int sl = 0; sl < SLOTS; sl++) {
                double ws = howWeight[sl];
                fitted[sl] = (ws * howMean[sl] + anchor[sl]) / (ws + 1);
                variance[sl] = phiData * (ws * howMean[sl] + anchor[sl] / Math.max(1, hodWeight[sl % 24]) + 0.5)
                        / ((ws + 1) * (ws + 1));
            }
            phiData = pearsonDispersion(v, how, byHow, fitted, anchor, phiData);
        }

        double days = n / 24.0;
        double priorWeight = s.priorDays() * Math.max(0, 1 - days / 14);
        double[] out = new double[SLOTS];
        double[] support = new double[SLOTS];
        double a = days / (days + priorWeight);
        for (int sl = 0; sl < SLOTS; sl++) {
            out[sl] = a * fitted[sl] + (1 - a) * p.hourly[sl];
            support[sl] = supportOf(out[sl], a * a * variance[sl] + (1 - a) * (1 - a) * p.variance(sl));
        }
        double phi = a * phiData + (1 - a) * p.overdispersion;
        return new SeasonalBaseline(out, Math.max(1, phi), s.floorRate(), support);
    }

    /** Hours heard: their counts and hour-of-week slots, in order. */
    private record Hours(double[] counts, int[] slots) {}

    /** The hours of {@code hourlyCounts} from index {@code from} on that were heard, the first at epoch hour given. */
    private static Hours heard(int[] hourlyCounts, int from, long firstSlotHour) {
        int n = 0;
        double[] counts = new double[hourlyCounts.length - from];
        int[] slots = new int[counts.length];
        for (int i = 0; i < counts.length; i++) {
            int c = hourlyCounts[from + i];
            if (c == NOT_HEARD) {
                continue;
            }
            if (c < 0) {
                throw new IllegalArgumentException("hourly counts must be >= 0: " + c + " at " + (from + i));
            }
            counts[n] = c;
            slots[n++] = slotOfEpochHour(firstSlotHour + i);
        }
        return new Hours(java.util.Arrays.copyOf(counts, n), java.util.Arrays.copyOf(slots, n));
    }

    /** The variance of an hour's mean: m²/support, 0 when it is known exactly. */
    public double variance(int slot) {
        return support == null ? 0 : hourly[slot] * hourly[slot] / support[slot];
    }

    /** The support of a mean with this variance: mean²/variance, never below {@link #NO_SUPPORT}. */
    public static double supportOf(double mean, double variance) {
        return variance > 0 ? Math.max(NO_SUPPORT, mean * mean / variance) : Double.POSITIVE_INFINITY;
    }

    /**
     * Overdispersion of the hourly counts v (hour of week {@code how}): the Pearson statistic of each hour against its
     * fitted hour-of-week mean, divided by the share of the variance that residual keeps (the hour is part of its own
     * mean), each hour's contribution capped at 2.58² ({@link RobustMeans#Z_LIMIT}) times its expectation so that a past
     * outage counts as one unusual hour, not as thirty. An hour-of-week seen once is judged against its hour-of-day
     * mean ({@code anchor}) instead: with one week the weekly pattern cannot be told from noise, so it counts as noise.
     */
    private static double pearsonDispersion(double[] v, int[] how, int[][] byHow, double[] fitted, double[] anchor,
            double phiData) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < v.length; i++) {
            int seen = byHow[how[i]].length;
            double f = seen >= 2 ? (seen * seen + seen - 1.0) / ((seen + 1.0) * (seen + 1.0)) : 1.0;
            double m = Math.max(seen >= 2 ? fitted[how[i]] : anchor[how[i]], 1e-9);
            num += Math.min((v[i] - m) * (v[i] - m) / m, RobustMeans.Z_LIMIT * RobustMeans.Z_LIMIT * phiData * f);
            den += f;
        }
        return den > 0 ? Math.max(1, num / den) : 1;
    }

    /**
     * Expected distinct reporters in the minute starting at {@code minute}, at least the floor rate.
     */
    public double expectedPerMinute(Instant minute) {
        double pos = hourOfWeek(minute) - 0.5;
        int i0 = (int) Math.floor(pos);
        double f = pos - i0;
        double a = hourly[Math.floorMod(i0, SLOTS)];
        double b = hourly[Math.floorMod(i0 + 1, SLOTS)];
        return Math.max(floorPerMinute, ((1 - f) * a + f * b) / 60.0);
    }

    /** Hours since Monday 00:00 UTC, fractional. */
    private static double hourOfWeek(Instant minute) {
        return Math.floorMod(Math.floorDiv(minute.getEpochSecond(), 60) + 72L * 60, SLOTS * 60L) / 60.0;
    }

    /**
     * Expected distinct reporters over the whole minutes from {@code from} to {@code to}: the sum of
     * {@link #expectedPerMinute} over them, in time independent of the span (whole weeks and whole
     * hours of the week come from 168 hourly totals; only the partial hours at each end go minute by minute).
     */
    public double expectedBetween(Instant from, Instant to) {
        long a = Math.floorDiv(from.getEpochSecond(), 60);
        long b = Math.floorDiv(to.getEpochSecond(), 60);
        double sum = 0;
        for (; a < b && Math.floorMod(a, 60) != 0; a++) {
            sum += expectedPerMinute(Instant.ofEpochSecond(a * 60));
        }
        for (; b > a && Math.floorMod(b, 60) != 0; b--) {
            sum += expectedPerMinute(Instant.ofEpochSecond((b - 1) * 60));
        }
        if (b <= a) {
            return sum;
        }
        double[] totals = hourTotals();
        long hours = (b - a) / 60;
        int first = slotOfEpochHour(a / 60);
        int rest = (int) (hours % SLOTS);
        int end = first + rest;
        double part = end <= SLOTS ? totals[end] - totals[first] : totals[SLOTS] - totals[first] + totals[end - SLOTS];
        return sum + (hours / SLOTS) * totals[SLOTS] + part;
    }

    /** Running sums of the expected reporters in each hour of the week: [i] is the sum of slots before i. */
    private double[] hourTotals() {
        double[] totals = cumulative;
        if (totals == null) {
            totals = new double[SLOTS + 1];
            long mondayMinute = 4 * 24 * 60; // 1970-01-05, a Monday
            for (int slot = 0; slot < SLOTS; slot++) {
                double hour = 0;
                for (int m = 0; m < 60; m++) {
                    hour += expectedPerMinute(Instant.ofEpochSecond((mondayMinute + slot * 60L + m) * 60));
                }
                totals[slot + 1] = totals[slot] + hour;
            }
            cumulative = totals;
        }
        return totals;
    }

    /**
     * How many reports the expectation at {@code minute} rests on (its relative variance is 1/support): the lesser of
     * the two hours {@link #expectedPerMinute} interpolates between; {@link Double#POSITIVE_INFINITY} when known.
     */
    public double supportAt(Instant minute) {
        if (support == null) {
            return Double.POSITIVE_INFINITY;
        }
        int i0 = (int) Math.floor(hourOfWeek(minute) - 0.5);
        return Math.min(support[Math.floorMod(i0, SLOTS)], support[Math.floorMod(i0 + 1, SLOTS)]);
    }

    /** The support of an hour-of-week slot's mean; {@link Double#POSITIVE_INFINITY} when known exactly. */
    public double support(int slot) {
        return support == null ? Double.POSITIVE_INFINITY : support[slot];
    }

    /** Variance-to-mean ratio φ ≥ 1 of the counts (the same for a minute, an hour or any window). */
    public double overdispersion() {
        return overdispersion;
    }

    /** Mean reporters per hour for an hour-of-week slot (0 = Monday 00:00 UTC). */
    public double hourlyMean(int slot) {
        return hourly[slot];
    }

    /** This baseline with every mean multiplied by {@code factor} (e.g. parent series × regional share). */
    public SeasonalBaseline scaled(double factor) {
        if (!(factor >= 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("factor must be finite and >= 0: " + factor);
        }
        double[] h = new double[SLOTS];
        for (int i = 0; i < SLOTS; i++) {
            h[i] = hourly[i] * factor;
        }
        return new SeasonalBaseline(h, overdispersion, floorPerMinute, support);
    }

    /** Hour-of-week slot, 0 = Monday 00:00 UTC, of the hour containing {@code t}. */
    public static int slotOf(Instant t) {
        return slotOfEpochHour(Math.floorDiv(t.getEpochSecond(), 3600));
    }

    private static int slotOfEpochHour(long epochHour) {
        return (int) Math.floorMod(epochHour + 72, SLOTS); // 1970-01-01 was a Thursday
    }
}
