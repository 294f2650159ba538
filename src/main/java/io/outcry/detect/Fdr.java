package io.outcry.detect;

import java.util.Arrays;
import java.util.Comparator;

/**
 * False discovery rate control across the series of one tick.
 *
 * <p>Reference: Benjamini, Y. &amp; Hochberg, Y. (1995), "Controlling the false discovery rate", JRSS B 57.
 */
public final class Fdr {
    private Fdr() {}

    /**
     * Benjamini–Hochberg step-up procedure: rejects the k smallest p-values, k being the largest
     * rank with p<sub>(k)</sub> ≤ k·q/m. NaN p-values are never rejected (and still count in m).
     *
     * @param p p-values, one per hypothesis (may be empty)
     * @param q false discovery rate level in (0, 1]
     * @return rejected[i] is true when hypothesis i is rejected
     * @throws IllegalArgumentException if q is not in (0, 1]
     */
    public static boolean[] benjaminiHochberg(double[] p, double q) {
        if (!(q > 0 && q <= 1)) {
            throw new IllegalArgumentException("q must be in (0, 1]: " + q);
        }
        int m = p.length;
        boolean[] rejected = new boolean[m];
        if (m == 0) {
            return rejected;
        }
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> Double.isNaN(p[i]) ? 2.0 : p[i]));
        int last = -1;
        for (int k = 0; k < m; k++) {
            double pk = p[order[k]];
            if (!Double.isNaN(pk) && pk <= (k + 1) * q / m) {
                last = k;
            }
        }
        for (int k = 0; k <= last; k++) {
            rejected[order[k]] = true;
        }
        return rejected;
    }
}
