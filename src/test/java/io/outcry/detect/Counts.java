package io.outcry.detect;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler;
import org.apache.commons.rng.sampling.distribution.PoissonSampler;
import org.apache.commons.rng.simple.RandomSource;

/** Seeded synthetic counts for tests: NB(mean, variance φ·mean) per minute as gamma–Poisson. */
final class Counts {
    private Counts() {}

    /** Per-minute means: base × (1 + amp·sin(2π·hour/24)), starting at a UTC midnight. */
    static double[] seasonal(int days, double base, double amp) {
        double[] mu = new double[days * 1440];
        for (int t = 0; t < mu.length; t++) {
            mu[t] = base * (1 + amp * Math.sin(2 * Math.PI * (t % 1440) / 1440.0));
        }
        return mu;
    }

    /** Poisson(Gamma(shape μ/(φ−1), scale φ−1)) per minute, plain Poisson(μ) when φ ≤ 1. */
    static int[] draw(long seed, double[] mu, double phi) {
        UniformRandomProvider r = RandomSource.SPLIT_MIX_64.create(seed);
        int[] c = new int[mu.length];
        for (int t = 0; t < mu.length; t++) {
            double lambda = phi <= 1 || mu[t] <= 0 ? mu[t]
                    : AhrensDieterMarsagliaTsangGammaSampler.of(r, mu[t] / (phi - 1), phi - 1).sample();
            c[t] = lambda <= 0 ? 0 : PoissonSampler.of(r, lambda).sample();
        }
        return c;
    }
}
