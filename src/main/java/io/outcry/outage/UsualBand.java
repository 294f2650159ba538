package io.outcry.outage;

import io.outcry.counts.SeriesKey;
import io.outcry.detect.NegativeBinomial;

/**
 * A series' last {@link OutageLifecycle#EVIDENCE_MINUTES} against its usual band, the expected count ± two standard
 * deviations (variance φ·expected) that the charts draw: how the lifecycle ends an episode the detector still holds
 * open, and tells an excess that lies in the past from one that goes on.
 */
final class UsualBand {
    /** The chance of a normal count beyond two standard deviations above its mean, the top of the band. */
    static final double ABOVE_TAIL = 0.0228;

    private UsualBand() {}

    /**
     * Whether the series' last half hour is within the band (a series without reports there has none). False when its
     * usual level is not known, and where the band's top is under one report: a sparse region's ongoing outage has
     * half hours without reports too, so there a half hour tells nothing.
     */
    static boolean within(SeriesKey key, OutageLifecycle.Inputs in) {
        int observed = in.lastHalfHour().getOrDefault(key, 0);
        Double expected = in.usualLastHalfHour().get(key);
        if (expected == null) {
            return false;
        }
        double top = expected + 2 * Math.sqrt(Math.max(1, in.overdispersion().getOrDefault(key, 1.0)) * expected);
        return top >= 1 && observed <= top;
    }

    /**
     * Whether the series' last half hour is above the band: as many reports come less often than counts beyond its top
     * ({@link #ABOVE_TAIL}) under the usual level. A tail, not the band itself, so that it holds where the band's top
     * is under one report: there one report is not above it, but a few are. False when the usual level is not known.
     */
    static boolean above(SeriesKey key, OutageLifecycle.Inputs in) {
        Double expected = in.usualLastHalfHour().get(key);
        return expected != null && NegativeBinomial.upperTail(in.lastHalfHour().getOrDefault(key, 0), expected,
                in.overdispersion().getOrDefault(key, 1.0)) < ABOVE_TAIL;
    }
}
