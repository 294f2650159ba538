package io.outcry.detect;

/**
 * The last ticks of one series, newest last: reporters, the expectation the rule judged them against and, for
 * {@link DecisionRule#SCALES}, the seasonal baseline alone. Counts are ints and expectations floats: a ring of
 * 240 ticks is what a series costs the detector, and a float's seven digits are far finer than any baseline.
 */
final class Ring {
    private final int[] obs;
    private final float[] exp;
    private final float[] base;
    private int pos;
    private int filled;

    Ring(int size, boolean withBase) {
        obs = new int[size];
        exp = new float[size];
        base = withBase ? new float[size] : null;
    }

    void add(long observed, double expected, double baseline) {
        pos = (pos + 1) % obs.length;
        obs[pos] = (int) Math.min(observed, Integer.MAX_VALUE);
        exp[pos] = (float) expected;
        if (base != null) {
            base[pos] = (float) baseline;
        }
        filled = Math.min(filled + 1, obs.length);
    }

    /** Forgets the ticks seen so far: sums and windows cover only ticks added from now on. */
    void forget() {
        filled = 0;
    }

    int filled() {
        return filled;
    }

    /** Reporters over the last {@code k} ticks (fewer if fewer were seen). */
    long sumObs(int k) {
        long t = 0;
        for (int j = 0, m = Math.min(k, filled); j < m; j++) {
            t += obs[at(j)];
        }
        return t;
    }

    /** Expected reporters over the last {@code k} ticks. */
    double sumExp(int k) {
        double t = 0;
        for (int j = 0, m = Math.min(k, filled); j < m; j++) {
            t += exp[at(j)];
        }
        return t;
    }

    /** The seasonal baseline alone over the last {@code k} ticks. */
    double sumBase(int k) {
        double t = 0;
        for (int j = 0, m = Math.min(k, filled); j < m; j++) {
            t += base[at(j)];
        }
        return t;
    }

    /** The last {@code k} ticks (fewer if fewer were seen), oldest first, as a scan reads them. */
    SpaceTimeScan.Region region(int k) {
        int m = Math.min(k, filled);
        long[] o = new long[m];
        double[] e = new double[m];
        for (int j = 0; j < m; j++) {
            o[m - 1 - j] = obs[at(j)];
            e[m - 1 - j] = exp[at(j)];
        }
        return new SpaceTimeScan.Region(o, e, null);
    }

    private int at(int ticksAgo) {
        return Math.floorMod(pos - ticksAgo, obs.length);
    }
}
