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
 * <p>Reference: Noufaily, A. et al. (2013), "An improved algorithm for outbreak detection in
 * multiple surveillance systems", Statistics in Medicine 32(7).
 */
public final class SeasonalBaseline {
    /** Hours in a week. */
    public static final int SLOTS = 168;

    private static final double Z_LIMIT = 2.58;
    /** Week-to-week spread of a level, as a fraction: keeps large counts from calling every 10% an outlier. */
    private static final double RELATIVE_SPREAD = 0.2;
    private static final double MEDIAN_CHI2_1 = 0.4549;

    private final double[] hourly;
    private final double overdispersion;
    private final double floorPerMinute;
    /** Computed on first use; two threads computing it at once get equal arrays. */
    private volatile double[] cumulative;

    private SeasonalBaseline(double[] hourly, double overdispersion, double floorPerMinute) {
        this.hourly = hourly;
        this.overdispersion = overdispersion;
        this.floorPerMinute = floorPerMinute;
    }

    /**
     * A baseline with the same rate at every minute.
     *
     * @param perMinute expected reporters per minute (≥ 0)
     * @param overdispersion φ ≥ 1
     */
    public static SeasonalBaseline flat(double perMinute, double overdispersion) {
        if (!(perMinute >= 0) || Double.isInfinite(perMinute)) {
            throw new IllegalArgumentException("perMinute must be finite and >= 0: " + perMinute);
        }
        double[] h = new double[SLOTS];
        Arrays.fill(h, perMinute * 60);
        return new SeasonalBaseline(h, Math.max(1, overdispersion), 0);
    }

    /**
     * A baseline from 168 hourly means (reporters per hour, Monday 00:00 UTC first).
     */
    public static SeasonalBaseline ofHourly(double[] hourlyMeans, double overdispersion) {
        if (hourlyMeans.length != SLOTS) {
            throw new IllegalArgumentException("need 168 hourly means, got " + hourlyMeans.length);
        }
        for (double v : hourlyMeans) {
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("hourly means must be finite and >= 0: " + v);
            }
        }
        return new SeasonalBaseline(hourlyMeans.clone(), Math.max(1, overdispersion), 0);
    }

    /**
     * Fits a baseline from hourly totals.
     *
     * @param firstHour start of hourlyCounts[0], truncated to the hour (UTC)
     * @param hourlyCounts total reporters in each consecutive hour; may be empty; only the last
     *     {@link DetectorSettings#baselineWeeks()} weeks are used
     * @param prior baseline to shrink toward while history is short; {@code null} means a flat
     *     {@link DetectorSettings#floorRate()} with φ = 1
     * @param s settings
     * @return the fitted baseline; with empty history, the prior itself (with the settings' floor)
     */
    public static SeasonalBaseline fit(Instant firstHour, int[] hourlyCounts, SeasonalBaseline prior,
            DetectorSettings s) {
        SeasonalBaseline p = prior != null ? prior : flat(s.floorRate(), 1);
        int maxHours = s.baselineWeeks() * SLOTS;
        int from = Math.max(0, hourlyCounts.length - maxHours);
        int n = hourlyCounts.length - from;
        long firstSlotHour = Math.floorDiv(firstHour.getEpochSecond(), 3600) + from;
        if (n == 0) {
            return new SeasonalBaseline(p.hourly.clone(), p.overdispersion, s.floorRate());
        }
        double[] v = new double[n];
        int[] how = new int[n];
        for (int i = 0; i < n; i++) {
            int c = hourlyCounts[from + i];
            if (c < 0) {
                throw new IllegalArgumentException("hourly counts must be >= 0: " + c + " at " + (from + i));
            }
            v[i] = c;
            how[i] = slotOfEpochHour(firstSlotHour + i);
        }
        // Group by hour of day (pooled) and by hour of week.
        int[][] byHod = groupIndices(n, i -> how[i] % 24, 24);
        int[][] byHow = groupIndices(n, i -> how[i], SLOTS);
        double phiData = robustDispersion(v, byHod);
        double[] w = new double[n];
        double[] fitted = new double[SLOTS];
        for (int iteration = 0; iteration < 3; iteration++) {
            double[] hodMean = robustMeans(v, byHod, phiData, w, null, new double[24]);
            double[] anchor = new double[SLOTS];
            for (int sl = 0; sl < SLOTS; sl++) {
                anchor[sl] = hodMean[sl % 24];
            }
            double[] howWeight = new double[SLOTS];
            double[] howMean = robustMeans(v, byHow, phiData, w, anchor, howWeight);
            for (int sl = 0; sl < SLOTS; sl++) {
                double ws = howWeight[sl];
                fitted[sl] = (ws * howMean[sl] + anchor[sl]) / (ws + 1);
            }
            phiData = pearsonDispersion(v, how, byHow, fitted, anchor, phiData);
        }

        double days = n / 24.0;
        double priorWeight = s.priorDays() * Math.max(0, 1 - days / 14);
        double[] out = new double[SLOTS];
        for (int sl = 0; sl < SLOTS; sl++) {
            out[sl] = (days * fitted[sl] + priorWeight * p.hourly[sl]) / (days + priorWeight);
        }
        double phi = (days * phiData + priorWeight * p.overdispersion) / (days + priorWeight);
        return new SeasonalBaseline(out, Math.max(1, phi), s.floorRate());
    }

    /**
     * Overdispersion of the hourly counts v (hour of week {@code how}): the Pearson statistic of each hour against its
     * fitted hour-of-week mean, divided by the share of the variance that residual keeps (the hour is part of its own
     * mean), each hour's contribution capped at Z_LIMIT² times its expectation so that a past outage counts as one
     * unusual hour, not as thirty. An hour-of-week seen once is judged against its hour-of-day mean ({@code anchor})
     * instead: with one week the weekly pattern cannot be told from noise, so it counts as noise.
     */
    private static double pearsonDispersion(double[] v, int[] how, int[][] byHow, double[] fitted, double[] anchor,
            double phiData) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < v.length; i++) {
            int seen = byHow[how[i]].length;
            double f = seen >= 2 ? (seen * seen + seen - 1.0) / ((seen + 1.0) * (seen + 1.0)) : 1.0;
            double m = Math.max(seen >= 2 ? fitted[how[i]] : anchor[how[i]], 1e-9);
            num += Math.min((v[i] - m) * (v[i] - m) / m, Z_LIMIT * Z_LIMIT * phiData * f);
            den += f;
        }
        return den > 0 ? Math.max(1, num / den) : 1;
    }

    /**
     * Expected distinct reporters in the minute starting at {@code minute}, at least the floor rate.
     */
    public double expectedPerMinute(Instant minute) {
        double hourOfWeek = Math.floorMod(Math.floorDiv(minute.getEpochSecond(), 60) + 72L * 60, SLOTS * 60L) / 60.0;
        double pos = hourOfWeek - 0.5;
        int i0 = (int) Math.floor(pos);
        double f = pos - i0;
        double a = hourly[Math.floorMod(i0, SLOTS)];
        double b = hourly[Math.floorMod(i0 + 1, SLOTS)];
        return Math.max(floorPerMinute, ((1 - f) * a + f * b) / 60.0);
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
        return new SeasonalBaseline(h, overdispersion, floorPerMinute);
    }

    /** Hour-of-week slot, 0 = Monday 00:00 UTC, of the hour containing {@code t}. */
    public static int slotOf(Instant t) {
        return slotOfEpochHour(Math.floorDiv(t.getEpochSecond(), 3600));
    }

    private static int slotOfEpochHour(long epochHour) {
        return (int) Math.floorMod(epochHour + 72, SLOTS); // 1970-01-01 was a Thursday
    }

    private static int[][] groupIndices(int n, java.util.function.IntUnaryOperator key, int groups) {
        int[] sizes = new int[groups];
        for (int i = 0; i < n; i++) {
            sizes[key.applyAsInt(i)]++;
        }
        int[][] g = new int[groups][];
        for (int k = 0; k < groups; k++) {
            g[k] = new int[sizes[k]];
        }
        int[] fill = new int[groups];
        for (int i = 0; i < n; i++) {
            int k = key.applyAsInt(i);
            g[k][fill[k]++] = i;
        }
        return g;
    }

    private static double median(double[] v, int[] idx) {
        double[] x = new double[idx.length];
        for (int j = 0; j < idx.length; j++) {
            x[j] = v[idx[j]];
        }
        Arrays.sort(x);
        int m = x.length;
        return m % 2 == 1 ? x[m / 2] : (x[m / 2 - 1] + x[m / 2]) / 2;
    }

    /** Median of squared Pearson residuals around group medians, rescaled to φ (robust to outages). */
    private static double robustDispersion(double[] v, int[][] groups) {
        int total = 0;
        for (int[] g : groups) {
            total += g.length;
        }
        double[] r2 = new double[total];
        int k = 0;
        for (int[] g : groups) {
            if (g.length == 0) {
                continue;
            }
            double med = Math.max(median(v, g), 0.5);
            for (int i : g) {
                r2[k++] = (v[i] - med) * (v[i] - med) / med;
            }
        }
        if (k == 0) {
            return 1;
        }
        double[] used = Arrays.copyOf(r2, k);
        Arrays.sort(used);
        return Math.max(1, used[k / 2] / MEDIAN_CHI2_1);
    }

    /**
     * Robust mean per group. Groups of three or more values are centred on their median, then on
     * their re-weighted mean; smaller groups are judged against {@code anchor} (when given), since
     * the median of one or two values cannot tell an outage from a normal hour. Writes each value's
     * final weight into {@code weights} and each group's total weight into {@code totalWeight}.
     */
    private static double[] robustMeans(double[] v, int[][] groups, double phi, double[] weights,
            double[] anchor, double[] totalWeight) {
        double[] means = new double[groups.length];
        for (int gi = 0; gi < groups.length; gi++) {
            int[] g = groups[gi];
            if (g.length == 0) {
                continue;
            }
            boolean small = g.length < 3 && anchor != null;
            double center = !small ? median(v, g)
                    : g.length == 1 ? anchor[gi]
                    : Math.abs(v[g[0]] - anchor[gi]) <= Math.abs(v[g[1]] - anchor[gi]) ? v[g[0]] : v[g[1]];
            double m = center;
            double sw = 0;
            for (int round = 0; round < 2; round++) {
                sw = 0;
                double swv = 0;
                double c = Math.max(center, 0.5);
                double sd = Math.sqrt(phi * c + RELATIVE_SPREAD * RELATIVE_SPREAD * c * c);
                for (int i : g) {
                    double z = Math.abs(v[i] - center) / sd;
                    double wi = z <= Z_LIMIT ? 1 : (Z_LIMIT / z) * (Z_LIMIT / z);
                    weights[i] = wi;
                    sw += wi;
                    swv += wi * v[i];
                }
                m = swv / sw;
                if (!small) {
                    center = m;
                }
            }
            means[gi] = m;
            totalWeight[gi] = sw;
        }
        return means;
    }
}
