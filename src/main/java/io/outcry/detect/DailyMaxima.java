package io.outcry.detect;

import org.apache.commons.math3.special.Gamma;

/**
 * How rare a score is for this series, read from the series' own daily maxima of that score: one Gumbel
 * distribution per time scale, fitted by moments to the maxima of past days (each day weighted by its age, half-life
 * {@link #HALF_LIFE_DAYS}), so that "less than once in 100 days" means what the series has shown rather than what a
 * count model promises. Crowd counts burst: news, a viral post, a partial outage nobody labels. A bursty series'
 * maxima are high and spread, and raise its own bar; a quiet series' lower it.
 *
 * <p>The score is the signed root of the Poisson deviance, {@link #score}: under a Poisson (φ = 1) or
 * negative-binomial (variance φ·E) model with the right expectation it is about normal with variance φ, whatever the
 * expectation, so a day's maximum is not only the busiest hour's. Before the series has days of its own, the fit
 * starts from {@link #PRIOR_DAYS} pseudo-days of what the count model itself gives ({@link #start}); the pseudo-days
 * age like real ones.
 *
 * <p><b>Outages are set aside while they are rare.</b> The minutes of a declared outage are not evidence of what is
 * usual for the series: a tick's scores are held ({@link #add}) until the caller knows whether the tick belongs to an
 * outage, and a day with a confirmed outage whose maximum reached what the fit gives once in
 * {@link #SET_ASIDE_DAYS} days is set aside instead of joining the fit. A moment fit is at the mercy of its largest
 * values: one outage day in it about doubles its scale, so a series with an outage every few days confirmed the later
 * ones late or never. But an "outage" a series declares again and again is how that series bursts (a news-driven
 * crowd bursts most days): left out, its bursts would be outages forever. While the days set aside, counted with the
 * fit's own age weights, are more than once in {@link #SET_ASIDE_DAYS} days could give (a Poisson test at level
 * {@link #RATE_REFUTED_AT} over the fit's days), they are the series' bursts: the days set aside join the fit, and
 * so does every day with an outage until the count has aged below it. Each day teaches at most what the fit so far
 * calls once in {@link #MOST_ONE_DAY_TEACHES_DAYS} days (bounded influence, as a robust estimator bounds it), so an
 * outage that was missed cannot make a series deaf for weeks either.
 *
 * <p>Reference: Coles (2001), "An introduction to statistical modeling of extreme values", ch. 3 (block maxima).
 */
final class DailyMaxima {
    static final double HALF_LIFE_DAYS = 14;
    static final double PRIOR_DAYS = 2;
    /**
     * A day teaches the fit at most what the fit so far calls once in this many days (about 27 years): one outage
     * cannot make a series deaf for weeks, while bursts that come again raise its bar step by step.
     */
    static final double MOST_ONE_DAY_TEACHES_DAYS = 1e4;
    private static final double LN_MOST_DAYS = Math.log(MOST_ONE_DAY_TEACHES_DAYS);
    /**
     * Days with outages are taken for the series' bursts once their count would come by chance less often than this
     * under the rule's own rate (a one-sided Poisson test at the usual 5 %).
     */
    static final double RATE_REFUTED_AT = 0.05;
    /**
     * A day with a confirmed outage is set aside when its maximum reached what the fit gives less than once in this many
     * days (Bonferroni over the scales), whatever level the rule declares at: below it a declared day is an ordinary
     * top day of the series.
     */
    static final double SET_ASIDE_DAYS = 100;
    private static final double EULER_GAMMA = 0.5772156649;
    private static final double GUMBEL_SD = Math.PI / Math.sqrt(6);

    private final int ticksPerDay;
    private final int[] scaleTicks;
    private final float[] today;
    /** The highest scores of ticks not yet known to be ordinary: this tick's, or those of an open episode. */
    private final float[] held;
    /** Today's highest scores inside outages (−∞ on a day without one). */
    private final float[] outage;
    /** The days of the fit. */
    private final Days fit;
    /** The days set aside. */
    private final Days aside;
    /** Days with an outage, weighted by age as the fit's days are. */
    private double outageDays;
    private long ticks;
    private boolean started;

    DailyMaxima(int ticksPerDay, int[] scaleTicks) {
        this.ticksPerDay = Math.max(1, ticksPerDay);
        this.scaleTicks = scaleTicks;
        int n = scaleTicks.length;
        today = new float[n];
        held = new float[n];
        outage = new float[n];
        java.util.Arrays.fill(held, Float.NEGATIVE_INFINITY);
        java.util.Arrays.fill(outage, Float.NEGATIVE_INFINITY);
        fit = new Days(n);
        aside = new Days(n);
        java.util.Arrays.fill(today, Float.NEGATIVE_INFINITY);
    }

    /**
     * Signed root of the Poisson deviance of x counts against expectation e, kept to the upper side:
     * √(2(x ln(x/e) − (x − e))) when x &gt; e, else 0.
     */
    static double score(long x, double e) {
        if (x <= e) {
            return 0;
        }
        e = Math.max(e, 1e-9);
        return Math.sqrt(Math.max(0, 2 * (x * Math.log(x / e) - (x - e)))); // ≥ 0 but for rounding when x ≈ e
    }

    /**
     * Seeds every scale with the model's own daily maxima, when nothing is known yet: the maximum of m = (ticks per
     * day) / (ticks of the scale) independent windows of negative-binomial counts (mean {@code expectedPerTick} per
     * tick, variance ratio φ) is about Gumbel, of location u where one window's tail is 1/m and scale the step from u
     * to where it is 1/(e·m) — and never narrower nor lower than the large-count limit.
     */
    void start(double expectedPerTick, double phi) {
        if (started) {
            return;
        }
        started = true;
        for (int j = 0; j < scaleTicks.length; j++) {
            double m = Math.max(2.0, (double) ticksPerDay / scaleTicks[j]);
            double e = expectedPerTick * scaleTicks[j];
            // Where counts are large the score is about normal with variance φ, and the maximum of m such scores is
            // Gumbel(√φ·b_m, √φ/a_m); a series first seen at a quiet hour must not take the narrower tail of its
            // few counts then for its days.
            double a = Math.sqrt(2 * Math.log(m));
            double sd = Math.sqrt(Math.max(1, phi));
            double u = Math.max(scoreWithTail(e, phi, 1 / m),
                    sd * (a - (Math.log(Math.log(m)) + Math.log(4 * Math.PI)) / (2 * a)));
            double beta = Math.max(sd / a, scoreWithTail(e, phi, 1 / (Math.E * m)) - u);
            double mean = u + EULER_GAMMA * beta;
            double var = Math.pow(beta * GUMBEL_SD, 2);
            fit.weight[j] = PRIOR_DAYS;
            fit.sum[j] = PRIOR_DAYS * mean;
            fit.sum2[j] = PRIOR_DAYS * (var + mean * mean);
        }
    }

    /** The score of the smallest count whose negative-binomial upper tail is at most q. */
    private static double scoreWithTail(double e, double phi, double q) {
        long hi = Math.max(1, (long) Math.ceil(e));
        while (NegativeBinomial.upperTail(hi, e, phi) > q) {
            hi *= 2;
        }
        long lo = hi / 2;
        while (hi - lo > 1) {
            long mid = (lo + hi) / 2;
            if (NegativeBinomial.upperTail(mid, e, phi) > q) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return score(hi, e);
    }

    /** ln of the days between days whose maximum at scale j reaches {@code score}, as this series has shown them. */
    double logRecurrenceDays(int j, double score) {
        double z = reduced(j, score);
        // P(daily max ≥ score) = 1 − exp(−e^−z); for large z that is e^−z, and ln T = z.
        return z > 30 ? z : -Math.log(-Math.expm1(-Math.exp(-z)));
    }

    /**
     * The chance that one window of scale j reaches {@code score}: a day's maximum is that of its m windows, so
     * P(window ≥ s) = 1 − (1 − P(day ≥ s))<sup>1/m</sup> = 1 − exp(−e<sup>−z</sup>/m). 1 for a score of 0.
     */
    double windowTail(int j, double score) {
        if (score <= 0) {
            return 1;
        }
        double m = Math.max(1.0, (double) ticksPerDay / scaleTicks[j]);
        return -Math.expm1(-Math.exp(-reduced(j, score)) / m);
    }

    /** The Gumbel's reduced variate z = (score − location) / scale of scale j's daily maxima. */
    private double reduced(int j, double score) {
        return (score - location(j)) / scale(j);
    }

    private double scale(int j) {
        double mean = fit.sum[j] / fit.weight[j];
        return Math.sqrt(Math.max(1e-6, fit.sum2[j] / fit.weight[j] - mean * mean)) / GUMBEL_SD;
    }

    private double location(int j) {
        return fit.sum[j] / fit.weight[j] - EULER_GAMMA * scale(j);
    }

    /**
     * Holds this tick's score at scale j (call for every scale, then {@link #keep} or {@link #drop} once the tick's
     * state is known, then {@link #tick}).
     */
    void add(int j, double score) {
        held[j] = Math.max(held[j], (float) score);
    }

    /** The held scores were ordinary (or of an episode that no outage was declared for): they join today's maxima. */
    void keep() {
        for (int j = 0; j < held.length; j++) {
            today[j] = Math.max(today[j], held[j]);
            held[j] = Float.NEGATIVE_INFINITY;
        }
    }

    /** The held scores are an outage's: today is a day with an outage. */
    void drop() {
        for (int j = 0; j < held.length; j++) {
            outage[j] = Math.max(outage[j], held[j]);
            held[j] = Float.NEGATIVE_INFINITY;
        }
    }

    /**
     * Ends the tick; at the end of each day the day's maxima join the fit, or are set aside if the day had an outage.
     * Scores still held then (an episode of possible problems open at midnight) count as the ending day's ordinary
     * ones unless an outage is open.
     *
     * @param inOutage whether an outage is open: the held scores are its
     */
    void tick(boolean inOutage) {
        if (++ticks % ticksPerDay != 0) {
            return;
        }
        if (inOutage) {
            drop();
        } else {
            keep();
        }
        double decay = Math.pow(0.5, 1 / HALF_LIFE_DAYS);
        boolean declared = false;
        boolean rare = false;
        for (int j = 0; j < scaleTicks.length; j++) {
            declared |= outage[j] != Float.NEGATIVE_INFINITY;
            double m = Math.max(today[j], outage[j]);
            rare |= m != Float.NEGATIVE_INFINITY
                    && logRecurrenceDays(j, m) - Math.log(scaleTicks.length) >= Math.log(SET_ASIDE_DAYS);
        }
        boolean withOutage = declared && rare;
        outageDays = outageDays * decay + (withOutage ? 1 : 0);
        for (int j = 0; j < scaleTicks.length; j++) {
            double max = Math.max(today[j], outage[j]);
            today[j] = Float.NEGATIVE_INFINITY;
            outage[j] = Float.NEGATIVE_INFINITY;
            if (max == Float.NEGATIVE_INFINITY) {
                continue; // a day this scale never judged (the series' first day) neither teaches nor ages its fit
            }
            double v = Math.min(max, location(j) + scale(j) * LN_MOST_DAYS);
            fit.age(j, decay);
            aside.age(j, decay);
            (withOutage ? aside : fit).add(j, v);
        }
        if (outageDays > 0 && Gamma.regularizedGammaP(outageDays, (fit.weight[0] + aside.weight[0]) / SET_ASIDE_DAYS)
                < RATE_REFUTED_AT) {
            fit.absorb(aside);
        }
    }

    /** Days' maxima per scale, as age-weighted moments: their weight, sum and sum of squares. */
    private static final class Days {
        final double[] weight;
        final double[] sum;
        final double[] sum2;

        Days(int scales) {
            weight = new double[scales];
            sum = new double[scales];
            sum2 = new double[scales];
        }

        void age(int j, double decay) {
            weight[j] *= decay;
            sum[j] *= decay;
            sum2[j] *= decay;
        }

        void add(int j, double v) {
            weight[j] += 1;
            sum[j] += v;
            sum2[j] += v * v;
        }

        /** Takes the other's days into these, and empties it. */
        void absorb(Days other) {
            for (int j = 0; j < weight.length; j++) {
                weight[j] += other.weight[j];
                sum[j] += other.sum[j];
                sum2[j] += other.sum2[j];
                other.weight[j] = 0;
                other.sum[j] = 0;
                other.sum2[j] = 0;
            }
        }
    }
}
