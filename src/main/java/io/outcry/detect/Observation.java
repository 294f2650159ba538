package io.outcry.detect;

/**
 * What one series looked like in one tick, and what was expected of it.
 *
 * @param observed distinct reporters in the tick (≥ 0)
 * @param expected expected distinct reporters in the tick from the seasonal baseline (≥ 0; the
 *     detector raises it to the floor rate, so 0 is allowed)
 * @param overdispersion variance-to-mean ratio φ of the baseline (≥ 1; values below 1 are read as 1)
 * @param support how many reports the expectation rests on ({@link SeasonalBaseline#supportAt}; > 0,
 *     {@link Double#POSITIVE_INFINITY} when it is known exactly)
 */
public record Observation(long observed, double expected, double overdispersion, double support) {
    /** An observation whose expectation is known exactly. */
    public Observation(long observed, double expected, double overdispersion) {
        this(observed, expected, overdispersion, Double.POSITIVE_INFINITY);
    }

    public Observation {
        if (observed < 0) {
            throw new IllegalArgumentException("observed must be >= 0: " + observed);
        }
        if (!(expected >= 0) || Double.isInfinite(expected)) {
            throw new IllegalArgumentException("expected must be finite and >= 0: " + expected);
        }
        if (!(overdispersion > 0) || Double.isInfinite(overdispersion)) {
            throw new IllegalArgumentException("overdispersion must be finite and > 0: " + overdispersion);
        }
        if (!(support > 0)) {
            throw new IllegalArgumentException("support must be > 0: " + support);
        }
    }
}
