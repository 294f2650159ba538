package io.outcry.detect;

import java.util.Arrays;

/**
 * The robust statistics {@link SeasonalBaseline#fit} rests on: means and overdispersion of grouped hourly counts
 * that a past outage cannot drag (Noufaily et al. 2013: values with a standardised residual |z| above 2.58 are
 * down-weighted by (2.58/z)²).
 */
final class RobustMeans {
    /** |z| beyond which a value is down-weighted. */
    static final double Z_LIMIT = 2.58;
    /** Week-to-week spread of a level, as a fraction: keeps large counts from calling every 10% an outlier. */
    private static final double RELATIVE_SPREAD = 0.2;
    private static final double MEDIAN_CHI2_1 = 0.4549;

    private RobustMeans() {}

    /** The indices 0..n−1 grouped by {@code key} into {@code groups} groups. */
    static int[][] groupIndices(int n, java.util.function.IntUnaryOperator key, int groups) {
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
    static double dispersion(double[] v, int[][] groups) {
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
    static double[] means(double[] v, int[][] groups, double phi, double[] weights,
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
