package io.outcry.detect;

/**
 * The per-series sequential test a {@link Detector} applies; {@link #SCALES} is the server's, the others exist so
 * the benchmark and replay can compare them on the same data.
 */
public enum DecisionRule {
    /**
     * Negative-binomial CUSUM (Höhle &amp; Paul 2008; Watkins et al. 2008), one chart per
     * alternative ratio in {@link DetectorSettings#cusumRatios()}; score = largest statistic in nats.
     */
    NB_CUSUM,
    /**
     * Negative-binomial upper tail of the count over the last {@link DetectorSettings#tailWindowMinutes()},
     * with persistence: outage after {@link DetectorSettings#persistenceMinutes()} minutes of consecutive significant ticks.
     */
    NB_TAIL,
    /** As {@link #NB_TAIL} with the overdispersion forced to 1 (Poisson): the naive reference. */
    POISSON_TAIL,
    /**
     * The count over each of {@link DetectorSettings#scaleMinutes()} against the series' own level and
     * variability at that scale, read as a recurrence interval; the scale where the evidence is strongest decides.
     */
    SCALES
}
