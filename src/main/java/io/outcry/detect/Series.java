package io.outcry.detect;

import java.time.Instant;

/**
 * One series' sequential test: what every rule keeps (state, onset, the online overdispersion, the ring of recent
 * ticks) and the two steps of a tick, {@link #observe} (a calibrated p-value for Benjamini–Hochberg across series)
 * and {@link #decide} (the state machine, given whether BH rejected the series).
 */
abstract class Series {
    private static final double MAX_RESIDUAL2 = 10_000;
    static final double TRUST_DISPERSION_AFTER_MINUTES = 1440;

    final DetectorSettings s;
    final int step;
    final int windowTicks;
    final int quietTicks;
    final Ring ring;
    State state = State.OK;
    Instant onset;
    int quietRun;
    double phiNum;
    double phiDen;
    double phiMinutes;
    double lastExpected;
    double lastPhi = 1;
    double lastSupport = Double.POSITIVE_INFINITY;
    // per-tick scratch
    long x;
    double mu;
    double phi;
    double score;
    double pValue;
    Instant candidateOnset;
    /**
     * −ln of this series' share of its family's false-alarm rate, set each tick (weighted Bonferroni): 0 alone; with
     * others, half the rate for the family's head (a service world-wide), the other half split among the others.
     */
    double lnShare;

    Series(DetectorSettings s, int step, int ringTicks, boolean withBase) {
        this.s = s;
        this.step = step;
        this.windowTicks = ticks(s.windowMinutes(), step);
        this.quietTicks = ticks(s.quietMinutes(), step);
        this.ring = new Ring(Math.max(ringTicks, Math.max(windowTicks, quietTicks)), withBase);
    }

    static int ticks(int minutes, int step) {
        return Math.max(1, (minutes + step - 1) / step);
    }

    /** Takes one tick's observation; returns the p-value fed to Benjamini–Hochberg. */
    abstract double observe(Instant minute, Observation o);

    /** The state after this tick, given whether Benjamini–Hochberg rejected the series. */
    abstract Decision decide(String key, Instant minute, boolean rejected);

    /**
     * Forgets the evidence: OK, charts from zero, the recent ticks forgotten; what was learnt of the series'
     * variability and level stays.
     */
    void restart() {
        close();
        ring.forget();
    }

    final Decision decision(String key, Instant minute, State before) {
        return new Decision(key, minute, x, mu, score, pValue, state, before, Transition.between(before, state),
                state == State.OK ? null : onset, ring.sumObs(windowTicks), ring.sumExp(windowTicks));
    }

    final void open(State to) {
        state = to;
        onset = candidateOnset;
        quietRun = 0;
    }

    void close() {
        state = State.OK;
        onset = null;
        quietRun = 0;
    }

    /** An exponentially weighted mean of squared Pearson residuals, from ordinary ticks. */
    final void updateDispersion() {
        double r2 = Math.min(MAX_RESIDUAL2, (x - mu) * (x - mu) / mu);
        double decay = Math.pow(0.5, step / s.dispersionHalfLifeMinutes());
        phiNum = phiNum * decay + r2;
        phiDen = phiDen * decay + 1;
        phiMinutes += step;
    }

    static Instant earlier(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.isBefore(b) ? a : b;
    }
}
