package io.outcry.detect;

import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Gamma;

/**
 * Negative binomial counts parametrised by mean μ and variance-to-mean ratio φ (variance = φ·μ).
 *
 * <p>With φ &gt; 1 this is NB(size r = μ/(φ−1), success probability 1/φ); with φ ≤ 1 it is Poisson(μ).
 * The φ·μ form (quasi-Poisson) keeps φ unchanged when independent counts are summed, so a φ fitted
 * on hourly totals applies to minutes and to multi-minute windows alike.
 */
public final class NegativeBinomial {
    private static final double POISSON_EPS = 1e-9;

    private NegativeBinomial() {}

    /**
     * P(X ≥ x). Returns 1 for x ≤ 0; for μ = 0 returns 0 when x &gt; 0.
     *
     * @param x observed count
     * @param mean μ ≥ 0
     * @param phi variance-to-mean ratio; ≤ 1 means Poisson
     */
    public static double upperTail(long x, double mean, double phi) {
        if (x <= 0) {
            return 1.0;
        }
        if (mean <= 0) {
            return 0.0;
        }
        if (phi <= 1 + POISSON_EPS) {
            return Gamma.regularizedGammaP(x, mean);
        }
        double r = mean / (phi - 1);
        return Beta.regularizedBeta(1 - 1 / phi, x, r);
    }

    /**
     * Log-likelihood ratio of x under mean κμ versus mean μ, the NB size k = μ/(φ−1) held fixed
     * (Höhle &amp; Paul 2008): x·ln(κφ/(1+κ(φ−1))) + (μ/(φ−1))·ln(φ/(1+κ(φ−1))); Poisson limit x·ln κ − μ(κ−1).
     */
    static double logLikelihoodRatio(long x, double mean, double phi, double kappa) {
        if (phi <= 1 + POISSON_EPS) {
            return x * Math.log(kappa) - mean * (kappa - 1);
        }
        double d = 1 + kappa * (phi - 1);
        return x * Math.log(kappa * phi / d) + mean / (phi - 1) * Math.log(phi / d);
    }
}
