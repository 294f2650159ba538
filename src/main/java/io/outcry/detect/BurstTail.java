package io.outcry.detect;

import java.util.Arrays;

/**
 * How often this series' own bursts reach a given strength: peaks over threshold with runs declustering and a
 * generalised Pareto tail (Coles 2001, ch. 4–5), so that "less than once in 100 days" means what the series has
 * shown, not only what a count model promises. Crowd counts have heavier tails than any negative binomial fitted to
 * ordinary hours: news, a viral post, a partial outage nobody labels.
 *
 * <p>Input, each tick: the model's evidence {@code s} in log-days (ln of the recurrence interval the model gives,
 * see {@link DecisionRule#SCALES}); a burst is a run of ticks with s &gt; 0 (model: once a day or rarer), ended by
 * {@code gapTicks} ticks at or below 0; its peak is remembered when it ends (the last {@link #KEPT}). The tail of
 * peaks is a generalised Pareto distribution fitted by probability-weighted moments (Hosking &amp; Wallis 1987),
 * with {@link #PRIOR} pseudo-peaks at the quantiles of the model's own tail (exponential, mean 1 log-day) and a
 * prior rate of one burst a day for {@link #PRIOR} days: with no history the model's recurrence is returned, and a
 * series' bursts move it only as they accumulate.
 *
 * <p>Every burst joins the tail, outages included. Left out, the bursts a model wrongly calls outages never teach it
 * otherwise (measured on NAB's tweet volumes: 234 false events instead of 1; with peaks held at the outage level,
 * 106 to 217). The price: a series whose outages come every few days learns them as its ordinary bursts, and
 * confirms the later ones later or not at all (see {@code docs/detection.md}).
 */
final class BurstTail {
    static final int KEPT = 100;
    static final int PRIOR = 8;
    private static final double MAX_SHAPE = 0.9;

    private final int gapTicks;
    private final double ticksPerDay;
    private final float[] peaks = new float[KEPT];
    private final int[] endedAt = new int[KEPT];
    private int stored;
    private int next;
    private long ticks;
    private double current = Double.NaN;
    private int below;
    private double shape;
    private double scale = 1;
    private double rate = 1;

    BurstTail(int gapTicks, double ticksPerDay) {
        this.gapTicks = Math.max(1, gapTicks);
        this.ticksPerDay = ticksPerDay;
    }

    /** Adds one tick's evidence (log-days); a burst that ends here joins the tail. */
    void add(double s) {
        ticks++;
        if (s > 0) {
            current = Double.isNaN(current) ? s : Math.max(current, s);
            below = 0;
        } else if (!Double.isNaN(current) && ++below >= gapTicks) {
            peaks[next] = (float) current;
            endedAt[next] = (int) ticks;
            next = (next + 1) % KEPT;
            stored = Math.min(stored + 1, KEPT);
            current = Double.NaN;
            fit();
        }
    }

    /** ln of the days between bursts at least as strong as {@code s}, as this series has shown them. */
    double logRecurrenceDays(double s) {
        if (s <= 0) {
            return s;
        }
        double survival = shape < 1e-6 ? Math.exp(-s / scale) : Math.pow(1 + shape * s / scale, -1 / shape);
        return -Math.log(rate) - Math.log(Math.max(survival, Double.MIN_VALUE));
    }

    private void fit() {
        int n = stored + PRIOR;
        double[] y = new double[n];
        for (int i = 0; i < stored; i++) {
            y[i] = peaks[i];
        }
        for (int i = 0; i < PRIOR; i++) {
            y[stored + i] = -Math.log(1 - (i + 0.5) / PRIOR);
        }
        Arrays.sort(y);
        double a0 = 0;
        double a1 = 0;
        for (int i = 0; i < n; i++) {
            a0 += y[i];
            a1 += (1 - (i + 1 - 0.35) / n) * y[i];
        }
        a0 /= n;
        a1 /= n;
        double d = a0 - 2 * a1;
        double k = d > 0 ? a0 / d - 2 : 0; // Hosking's k = −shape
        shape = Math.max(0, Math.min(MAX_SHAPE, -k));
        scale = d > 0 ? Math.max(1e-3, 2 * a0 * a1 / d) : Math.max(1e-3, a0);
        if (shape == 0) {
            scale = a0;
        }
        long since = stored < KEPT ? 0 : endedAt[next];
        rate = (stored + PRIOR) / ((ticks - since) / ticksPerDay + PRIOR);
    }
}
