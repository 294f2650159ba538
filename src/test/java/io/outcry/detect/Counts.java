package io.outcry.detect;

import java.util.SplittableRandom;

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

    static int[] draw(long seed, double[] mu, double phi) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] c = new int[mu.length];
        for (int t = 0; t < mu.length; t++) {
            double lambda = phi <= 1 ? mu[t] : gamma(r, mu[t] / (phi - 1)) * (phi - 1);
            c[t] = poisson(r, lambda);
        }
        return c;
    }

    private static double gamma(SplittableRandom r, double shape) {
        if (shape < 1) {
            return gamma(r, shape + 1) * Math.pow(r.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            if (Math.log(r.nextDouble()) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }

    private static int poisson(SplittableRandom r, double lambda) {
        int k = 0;
        double remaining = lambda;
        while (remaining > 30) { // split large means: a sum of Poissons is Poisson
            k += poisson(r, 30);
            remaining -= 30;
        }
        double l = Math.exp(-remaining);
        double p = r.nextDouble();
        while (p > l) {
            k++;
            p *= r.nextDouble();
        }
        return k;
    }
}
