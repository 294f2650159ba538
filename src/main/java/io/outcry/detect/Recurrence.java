package io.outcry.detect;

import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.special.Gamma;

/**
 * The recurrence intervals a {@link SpaceTimeScan} judges by: how often, by chance, a window's count (or some window's
 * of several nested ones ending now) comes as high as it is. See {@link SpaceTimeScan} for the reasoning; this is the
 * arithmetic. Pure and stateless.
 */
final class Recurrence {
    /** Quantiles of the rate's gamma distribution (mean 1) over which {@link #anyWindow} averages. */
    private static final int RATE_POINTS = 64;

    private Recurrence() {}

    /** A cluster's windows ending now, the first {@code known} whole, and the support of their expectation. */
    record Windows(long[] observed, double[] expected, int[] minutes, int known, double support) {
        /** Window j's evidence for {@code count}: ln of its recurrence in days, −∞ for a count not above expectation. */
        double evidence(int j, long count) {
            return count > expected[j] && expected[j] > 0
                    ? logRecurrenceDays(count, expected[j], minutes[j], support) : Double.NEGATIVE_INFINITY;
        }
    }

    /**
     * ln of the days between times that some window, of the first {@code known}, reaches by chance a count whose own
     * evidence is at least {@code s}: the recurrence of the strongest window's evidence over the whole scan. At least
     * s − ln(windows) (Bonferroni) and at most s; computed exactly only when the bound would not already reach
     * {@code enough}. With an expectation that is an estimate, the rate is averaged over the rate's gamma distribution
     * at {@link #RATE_POINTS} of its quantiles.
     */
    static double anyWindow(double s, Windows w, double enough) {
        int known = w.known();
        double bonferroni = s - Math.log(known);
        if (known == 1 || bonferroni >= enough || s == Double.NEGATIVE_INFINITY) {
            return known == 1 ? s : bonferroni;
        }
        double[] expected = w.expected();
        int[] at = new int[known];
        for (int j = 0; j < known; j++) {
            long a = (long) Math.floor(expected[j]) + 1;
            while (w.evidence(j, a) < s) {
                a++;
            }
            at[j] = (int) a;
        }
        double perMinute = expected[known - 1] / w.minutes()[known - 1];
        double rate = 0;
        double[] factors = rateFactors(w.support());
        for (double u : factors) {
            double[] scaled = new double[known];
            for (int j = 0; j < known; j++) {
                scaled[j] = expected[j] * u;
            }
            rate += perMinute * u * (allBelow(at, 1, scaled, known) - allBelow(at, 2, scaled, known));
        }
        double exact = -Math.log(1440.0 * Math.max(rate / factors.length, Double.MIN_VALUE));
        return Math.min(s, Math.max(bonferroni, exact));
    }

    /** The rate's multipliers: 1 when it is known, else RATE_POINTS mid-quantiles of a gamma of mean 1. */
    private static double[] rateFactors(double support) {
        if (Double.isInfinite(support)) {
            return new double[] {1};
        }
        GammaDistribution g = new GammaDistribution(null, support, 1 / support);
        double[] u = new double[RATE_POINTS];
        for (int i = 0; i < RATE_POINTS; i++) {
            u[i] = g.inverseCumulativeProbability((i + 0.5) / RATE_POINTS);
        }
        return u;
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

    /**
     * ln of the days between times a window of {@code minutes} with expectation {@code expected} reaches
     * {@code count} by chance: the window's rate of upward crossings into {@code count}, (e/w)·P(N = count − 1) a
     * minute, N Poisson with mean e when the expectation is known ({@code support} infinite). Otherwise the window's
     * mean λ is gamma-distributed around {@code expected} with shape k = {@code support}, and the crossing rate
     * E[(λ/w)·P(N = count − 1 | λ)] is, with b = k / expected,
     * b^k·Γ(count + k) / (Γ(k)·Γ(count)·(1 + b)^(count + k)) / w; it tends to the Poisson rate as the support grows.
     */
    static double logRecurrenceDays(long count, double expected, int minutes, double support) {
        if (count <= 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (Double.isInfinite(support) || support > 1e6 * (count + expected)) {
            double lnPmf = (count - 1) * Math.log(expected) - expected - Gamma.logGamma(count);
            return -(Math.log(1440.0 * expected / minutes) + lnPmf);
        }
        double k = support;
        double b = k / expected;
        double lnRate = -k * Math.log1p(expected / k) - count * Math.log1p(b) + Gamma.logGamma(count + k)
                - Gamma.logGamma(k) - Gamma.logGamma(count) - Math.log(minutes); // k·ln b − (count + k)·ln(1 + b)
        return -(Math.log(1440.0) + lnRate);
    }
}
