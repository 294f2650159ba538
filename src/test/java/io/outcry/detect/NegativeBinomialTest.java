package io.outcry.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.commons.math3.distribution.PascalDistribution;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NegativeBinomialTest {
    /** With φ = 1 + μ/r for integer r, the NB is commons-math's Pascal(r, 1/φ). */
    @ParameterizedTest
    @CsvSource({"3, 2.0, 0", "3, 2.0, 1", "3, 2.0, 7", "5, 10.0, 30", "1, 0.5, 4", "20, 40.0, 90", "2, 0.1, 3"})
    void upper_tail_matches_commons_math_pascal(int r, double mean, int x) {
        double phi = 1 + mean / r;
        PascalDistribution pascal = new PascalDistribution(r, 1 / phi);
        double expected = x == 0 ? 1 : 1 - pascal.cumulativeProbability(x - 1);
        double actual = NegativeBinomial.upperTail(x, mean, phi);
        assertEquals(expected, actual, 1e-9 + 1e-6 * expected);
    }

    @ParameterizedTest
    @CsvSource({"2.0, 0", "2.0, 5", "2.0, 12", "150.0, 200"})
    void upper_tail_with_phi_one_is_poisson(double mean, int x) {
        PoissonDistribution poisson = new PoissonDistribution(mean);
        double expected = x == 0 ? 1 : 1 - poisson.cumulativeProbability(x - 1);
        assertEquals(expected, NegativeBinomial.upperTail(x, mean, 1.0), 1e-9 + 1e-6 * expected);
    }

    @ParameterizedTest
    @CsvSource({"0, 2.0, 3.0, 4.0", "7, 2.0, 3.0, 4.0", "12, 0.5, 1.5, 10.0", "40, 10.0, 6.0, 2.0"})
    void log_likelihood_ratio_equals_the_ratio_of_pascal_probabilities(int x, double mean, double phi, double kappa) {
        // Fixed size k = μ/(φ−1): under κμ the success probability is k/(k+κμ).
        double k = mean / (phi - 1);
        assertEquals(Math.rint(k), k, 1e-12, "test case needs an integer size");
        int r = (int) Math.rint(k);
        double p0 = new PascalDistribution(r, k / (k + mean)).logProbability(x);
        double p1 = new PascalDistribution(r, k / (k + kappa * mean)).logProbability(x);
        assertEquals(p1 - p0, NegativeBinomial.logLikelihoodRatio(x, mean, phi, kappa), 1e-9);
    }
}
