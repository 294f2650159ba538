package io.outcry.detect;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * {@link DecisionRule#NB_CUSUM} and the tail rules ({@link DecisionRule#NB_TAIL}, {@link DecisionRule#POISSON_TAIL}).
 *
 * <p><b>NB-CUSUM.</b> One negative-binomial CUSUM per alternative ratio κ (default 2, 4, 10) with the in-control mean
 * and φ of each tick's {@link Observation}: S ← max(0, S + LLR). Its p-value is K·e<sup>−max S</sup> (K charts): the
 * increments are log-likelihood ratios, so E₀[e<sup>LLR</sup>] = 1 and the reflected walk obeys Kingman's bound
 * P₀(S ≥ s) ≤ e<sup>−s</sup> — a calibrated p-value when φ is right. A series signals when BH rejects it and S
 * reaches the warning or alarm threshold; the smallest-κ chart confirms at {@link DetectorSettings#alarmThreshold()},
 * the others at {@link DetectorSettings#largeShiftAlarmThreshold()}.
 *
 * <p><b>Confirmation.</b> Also needs ≥ {@link DetectorSettings#minReporters()} distinct reporters over the last
 * {@link DetectorSettings#windowMinutes()} and observed ≥ {@link DetectorSettings#minRatio()} × expected since the
 * onset, both after setting aside {@link DetectorSettings#sourceCap()} reporters, the most one subnet can add; what
 * is left must still be unlikely (NB upper tail ≤ 10⁻³ since the onset). The onset is the first tick after the
 * largest chart's last zero, or, for tail rules, the start of the window at the first of the consecutive significant
 * ticks. An open state ends once the last {@link DetectorSettings#quietMinutes()} look normal at half as many
 * consecutive ticks; the charts then restart from 0.
 *
 * <p><b>Overdispersion.</b> φ used is the larger of the observation's φ and the online estimate, trusted after one
 * day of ticks: an underestimated φ is what turns bursts into false alarms.
 *
 * <p>References: Höhle, M. &amp; Paul, M. (2008), "Count data regression charts for the monitoring of surveillance
 * time series", CSDA 52; Watkins, R. E. et al. (2008), BMC Med Inform Decis Mak 8.
 */
final class ChartSeries extends Series {
    /** What is left once one source's most is set aside must still be this unlikely (NB tail) since the onset. */
    private static final double SOURCE_ALPHA = 1e-3;

    private final double[] ratios;
    private final double[] cusum;
    private final Instant[] cusumStart;
    private final int tailTicks;
    private final int quietNeeded;
    private int run;
    private Instant runStart;
    private boolean largeShift;

    ChartSeries(DetectorSettings s, int step, double[] ratios) {
        super(s, step, ticks(s.tailWindowMinutes(), step), false);
        this.ratios = ratios;
        this.cusum = new double[ratios.length];
        this.cusumStart = new Instant[ratios.length];
        this.tailTicks = ticks(s.tailWindowMinutes(), step);
        this.quietNeeded = Math.max(1, quietTicks / 2);
    }

    @Override
    double observe(Instant minute, Observation o) {
        x = o.observed();
        mu = Math.max(o.expected(), s.floorRate() * step);
        lastExpected = o.expected();
        lastPhi = o.overdispersion();
        lastSupport = o.support();
        double online = phiMinutes >= TRUST_DISPERSION_AFTER_MINUTES && phiDen > 0 ? phiNum / phiDen : 1;
        phi = Math.max(1, Math.max(o.overdispersion(), online));
        ring.add(x, mu, 0);
        if (s.rule() == DecisionRule.NB_CUSUM) {
            int best = 0;
            for (int k = 0; k < cusum.length; k++) {
                double before = cusum[k];
                double after = Math.max(0, before + NegativeBinomial.logLikelihoodRatio(x, mu, phi, ratios[k]));
                if (before == 0 && after > 0) {
                    cusumStart[k] = minute;
                }
                cusum[k] = after;
                if (after > cusum[best]) {
                    best = k;
                }
            }
            score = cusum[best];
            largeShift = false;
            for (int k = 1; k < cusum.length; k++) {
                largeShift |= cusum[k] >= s.largeShiftAlarmThreshold();
            }
            pValue = Math.min(1, cusum.length * Math.exp(-score));
            candidateOnset = score > 0 ? cusumStart[best] : minute;
        } else {
            double tailPhi = s.rule() == DecisionRule.POISSON_TAIL ? 1 : phi;
            pValue = NegativeBinomial.upperTail(ring.sumObs(tailTicks), ring.sumExp(tailTicks), tailPhi);
            score = -Math.log(Math.max(pValue, Double.MIN_VALUE));
            candidateOnset = minute.minusSeconds(60L * step * (Math.min(tailTicks, ring.filled()) - 1));
        }
        return pValue;
    }

    @Override
    Decision decide(String key, Instant minute, boolean rejected) {
        State before = state;
        boolean warn;
        boolean alarm;
        if (s.rule() == DecisionRule.NB_CUSUM) {
            warn = rejected && score >= s.warningThreshold();
            alarm = rejected && (cusum[0] >= s.alarmThreshold() || largeShift);
        } else {
            boolean sig = rejected && pValue <= s.tailAlpha();
            if (sig) {
                if (run == 0) {
                    runStart = candidateOnset;
                }
                run++;
            } else {
                run = 0;
            }
            warn = sig;
            alarm = (long) run * step >= s.persistenceMinutes();
            if (run > 0) {
                candidateOnset = runStart;
            }
        }
        boolean quiet = false;
        if (state != State.OK) {
            long qObs = ring.sumObs(quietTicks);
            double qExp = ring.sumExp(quietTicks);
            quiet = qObs < s.resolveRatio() * qExp || NegativeBinomial.upperTail(qObs, qExp, phi) > s.resolveAlpha();
            quietRun = quiet ? quietRun + 1 : 0;
        }
        switch (state) {
            case OK -> {
                if (alarm && enough(minute)) {
                    open(State.OUTAGE);
                } else if (warn) {
                    open(State.POSSIBLE);
                }
            }
            case POSSIBLE -> {
                if (alarm && enough(minute)) {
                    state = State.OUTAGE;
                    onset = earlier(onset, candidateOnset);
                } else if (quietRun >= quietNeeded || (s.rule() == DecisionRule.NB_CUSUM && score == 0)) {
                    close();
                }
            }
            case OUTAGE -> {
                if (quietRun >= quietNeeded) {
                    close();
                }
            }
        }
        if (state == State.OK && before == State.OK && !warn) {
            updateDispersion();
        }
        return decision(key, minute, before);
    }

    /** Enough reporters and enough above the expectation since the onset, without the most one source can add. */
    private boolean enough(Instant minute) {
        long wObs = ring.sumObs(windowTicks);
        int since = candidateOnset == null ? 1 : (int) Math.min(windowTicks,
                Math.max(1, Duration.between(candidateOnset, minute).toMinutes() / step + 1));
        long setAside = s.sourceCap();
        long sObs = ring.sumObs(since) - setAside;
        double sExp = ring.sumExp(since);
        return wObs - setAside >= s.minReporters() && sObs >= s.minRatio() * sExp
                && (setAside == 0 || NegativeBinomial.upperTail(sObs, sExp, phi) <= SOURCE_ALPHA);
    }

    @Override
    void close() {
        super.close();
        run = 0;
        Arrays.fill(cusum, 0);
    }
}
