package io.outcry.detect;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sequential outage detector for many series at once: per tick, a calibrated p-value per series,
 * Benjamini–Hochberg across series, then a per-series state machine OK → POSSIBLE → OUTAGE → OK.
 *
 * <p><b>Rule.</b> The default, {@link DecisionRule#NB_CUSUM}, runs one negative-binomial CUSUM per
 * alternative ratio κ (default 2, 4, 10) with the in-control mean and φ of each tick's
 * {@link Observation}: S ← max(0, S + LLR). Its p-value is K·e<sup>−max S</sup> (K charts): the
 * increments are log-likelihood ratios, so E₀[e<sup>LLR</sup>] = 1 and the reflected walk obeys
 * Kingman's bound P₀(S ≥ s) ≤ e<sup>−s</sup> — a calibrated p-value when φ is right. A series
 * signals when BH rejects it at {@link DetectorSettings#fdrLevel()} and S reaches the warning or
 * alarm threshold; the alarm threshold h bounds false outages per series (Lorden: ARL₀ ≥ e<sup>h</sup>/K).
 * It was chosen by measurement ({@code bench/results/detection.md}, 120 seeded series × 28 scored
 * days): NB-CUSUM 0.39 false outages per 100 service-days, recall 0.955 on ≥3×/≥10 min/≥1 per min
 * outages and 1.0 on 5× surges at φ = 10; NB tail (5 min) + persistence 3: 1.01, 0.946 and 0.31,
 * because a windowed test cannot accumulate evidence beyond its window; the Poisson reference: 18
 * false outages per 100 service-days.
 *
 * <p><b>Outage.</b> The smallest-κ chart confirms at {@link DetectorSettings#alarmThreshold()}, the
 * others at {@link DetectorSettings#largeShiftAlarmThreshold()}: the false outages measured came from
 * baseline errors of 1.3–2× (holidays, a weekly peak seen once), which feed the κ = 2 chart, whereas a
 * κ ≥ 4 chart only grows when counts exceed about twice the baseline. Confirmation also needs ≥
 * {@link DetectorSettings#minReporters()} distinct reporters over the last
 * {@link DetectorSettings#windowMinutes()} and observed ≥ {@link DetectorSettings#minRatio()} × expected
 * since the onset (at most that window), both after setting aside
 * {@link DetectorSettings#sourceCap()} reporters, the most one subnet can add once the server caps it:
 * one person (counted once per 15 min by the server) or one network is never what confirms an
 * outage; without them the rest of the crowd must meet both rules and still be unlikely
 * (NB upper tail ≤ 10⁻³ since the onset). The onset is the first tick after the largest
 * chart's last zero (the CUSUM change-point estimate), or, for tail rules, the start of the window
 * at the first of the consecutive significant ticks. An open state ends (RESOLVED / DISMISSED) once
 * the last {@link DetectorSettings#quietMinutes()} look normal at half as many consecutive ticks; the
 * charts then restart from 0.
 *
 * <p><b>Multi-scale rule.</b> {@link DecisionRule#SCALES} judges the count over each of
 * {@link DetectorSettings#scaleMinutes()} against the baseline × the series' level (tracked hour by hour) with the
 * variance φ·E + σ²·E² the series shows at that scale, reads the tail probability as a recurrence interval in days,
 * and checks it against the series' own history of bursts ({@link BurstTail}); the scale where the evidence is
 * strongest decides. Outage: {@link DetectorSettings#outageRecurrenceDays()} without the most one source can add, and
 * observed ≥ minRatio × expected at that scale; possible problems: {@link DetectorSettings#warningRecurrenceDays()}.
 * An open state ends after at least two ticks and {@link DetectorSettings#quietMinutes()} of quiet counts, judged
 * over at least half the scale that opened it, so one ordinary step neither ends it nor wipes its evidence.
 *
 * <p><b>Overdispersion.</b> φ used is the larger of the observation's φ and an online estimate:
 * an exponentially weighted mean (half-life {@link DetectorSettings#dispersionHalfLifeMinutes()}) of
 * squared Pearson residuals (capped at 10⁴ against absurd values), from ticks that are OK and below the warning threshold;
 * it is trusted after one day of ticks. The larger is used because an underestimated φ is what turns
 * bursts into false alarms.
 *
 * <p><b>Absent series.</b> A series known from an earlier tick and missing from a tick's map is
 * left untouched (no decision) unless {@link DetectorSettings#absentAsZero()}, in which case it is
 * ticked with observed 0 and its last expected and φ. The server passes every active series.
 *
 * <p><b>Ticks.</b> One tick covers {@code stepMinutes} minutes (1 on the server); windows in minutes
 * are converted to ⌈minutes/step⌉ ticks. Ticks must come in increasing time order. Deterministic:
 * the same inputs give the same decisions. Not thread-safe.
 *
 * <p>References: Höhle, M. &amp; Paul, M. (2008), "Count data regression charts for the monitoring of
 * surveillance time series", CSDA 52; Watkins, R. E. et al. (2008), "Disease surveillance using a
 * hidden Markov model" / NB CUSUM comparisons, BMC Med Inform Decis Mak 8; Benjamini &amp; Hochberg (1995).
 */
public final class Detector {
    private static final double MAX_RESIDUAL2 = 10_000;
    private static final double TRUST_DISPERSION_AFTER_MINUTES = 1440;
    /** What is left once one source's most is set aside must still be this unlikely (NB tail) since the onset. */
    private static final double SOURCE_ALPHA = 1e-3;
    /** Extra relative variance assumed before a scale has its own windows: a 20 % spread, as the baseline assumes. */
    private static final double SIGMA2_PRIOR = 0.04;
    /** Weight of that assumption, in windows of the scale. */
    private static final double SIGMA2_PRIOR_WEIGHT = 2;
    /** Longest outage the level tracker waits out before taking the counts as the series' new level. */
    static final int LEVEL_FROZEN_AT_MOST_MINUTES = 6 * 60;

    private final DetectorSettings s;
    private final int step;
    private final int windowTicks;
    private final int tailTicks;
    private final int quietTicks;
    private final int quietNeeded;
    private final double[] ratios;
    private final double dispersionDecay;
    /** {@link DecisionRule#SCALES}: each scale in ticks, distinct, increasing. */
    private final int[] scaleTicks;
    private final double lnWarningDays;
    private final double lnOutageDays;
    private final int levelTicks;
    private final double levelDecay;
    private final Map<String, Series> series = new TreeMap<>();
    private Instant last;

    /** A detector ticking once per minute. */
    public Detector(DetectorSettings settings) {
        this(settings, 1);
    }

    /**
     * A detector whose ticks each cover {@code stepMinutes} minutes (observations are per tick).
     */
    public Detector(DetectorSettings settings, int stepMinutes) {
        if (stepMinutes < 1) {
            throw new IllegalArgumentException("stepMinutes must be >= 1: " + stepMinutes);
        }
        this.s = settings;
        this.step = stepMinutes;
        this.windowTicks = ticks(settings.windowMinutes());
        this.tailTicks = ticks(settings.tailWindowMinutes());
        this.quietTicks = ticks(settings.quietMinutes());
        this.quietNeeded = Math.max(1, quietTicks / 2);
        this.ratios = settings.cusumRatios().stream().mapToDouble(Double::doubleValue).sorted().toArray();
        this.dispersionDecay = Math.pow(0.5, stepMinutes / settings.dispersionHalfLifeMinutes());
        this.scaleTicks = settings.scaleMinutes().stream().mapToInt(this::ticks).distinct().sorted().toArray();
        this.lnWarningDays = Math.log(settings.warningRecurrenceDays());
        this.lnOutageDays = Math.log(settings.outageRecurrenceDays());
        this.levelTicks = ticks(60);
        this.levelDecay = Math.pow(0.5, levelTicks * stepMinutes / settings.levelHalfLifeMinutes());
    }

    private int ticks(int minutes) {
        return Math.max(1, (minutes + step - 1) / step);
    }

    /** The settings this detector runs with. */
    public DetectorSettings settings() {
        return s;
    }

    /**
     * Processes one tick for every series in {@code observations} and returns one decision per
     * series ticked, ordered by key.
     *
     * @param minute start of the tick; must be after the previous tick's
     * @param observations series key → observation; series seen for the first time start OK
     * @throws IllegalArgumentException if {@code minute} is not after the previous tick
     */
    public List<Decision> tick(Instant minute, Map<String, Observation> observations) {
        if (last != null && !minute.isAfter(last)) {
            throw new IllegalArgumentException("ticks must increase: " + minute + " after " + last);
        }
        last = minute;
        Map<String, Observation> input = new TreeMap<>(observations);
        if (s.absentAsZero()) {
            for (Map.Entry<String, Series> e : series.entrySet()) {
                Series ss = e.getValue();
                input.putIfAbsent(e.getKey(), new Observation(0, ss.lastExpected, ss.lastPhi));
            }
        }
        int n = input.size();
        String[] keys = new String[n];
        Series[] ss = new Series[n];
        double[] p = new double[n];
        int i = 0;
        for (Map.Entry<String, Observation> e : input.entrySet()) {
            keys[i] = e.getKey();
            ss[i] = series.computeIfAbsent(e.getKey(), k -> new Series(ratios.length, ringSize()));
            p[i] = ss[i].observe(minute, e.getValue());
            i++;
        }
        boolean[] rejected = Fdr.benjaminiHochberg(p, s.fdrLevel());
        List<Decision> out = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            out.add(ss[j].decide(keys[j], minute, rejected[j]));
        }
        return out;
    }

    /**
     * Forgets a series' evidence: its state becomes {@link State#OK} and its charts restart from zero; what it learnt
     * of the series' variability stays. After a silent replay of past minutes, only what comes next can open an
     * episode there.
     */
    public void restart(String key) {
        Series x = series.get(key);
        if (x != null) {
            x.close();
            x.sinceClose = 0; // the scales of a multi-scale rule count only minutes from now on
        }
    }

    private int ringSize() {
        int n = Math.max(windowTicks, Math.max(tailTicks, quietTicks));
        return s.rule() == DecisionRule.SCALES ? Math.max(n, Math.max(levelTicks, scaleTicks[scaleTicks.length - 1])) : n;
    }

    /** The current state of a series, {@link State#OK} if unknown. */
    public State stateOf(String key) {
        Series x = series.get(key);
        return x == null ? State.OK : x.state;
    }

    private final class Series {
        final double[] cusum;
        final Instant[] cusumStart;
        final long[] obs;
        final double[] exp;
        int filled;
        int pos;
        State state = State.OK;
        Instant onset;
        int run;
        Instant runStart;
        int quietRun;
        double phiNum;
        double phiDen;
        double phiMinutes;
        double lastExpected;
        double lastPhi = 1;
        // per-tick scratch
        long x;
        double mu;
        double phi;
        double score;
        boolean largeShift;
        double pValue;
        Instant candidateOnset;
        // SCALES
        final double[] base;
        final double[] sigma2Num = new double[scaleTicks.length];
        final double[] sigma2Den = new double[scaleTicks.length];
        double level = 1;
        double levelNum;
        double levelDen;
        int outageTicks;
        long ticks;
        long sinceClose = Long.MAX_VALUE / 2;
        boolean warnEvidence;
        boolean outageEvidence;
        int episodeTicks;
        int bestTicks;
        final BurstTail tail = new BurstTail(Math.max(2, quietTicks), 1440.0 / step);

        Series(int charts, int window) {
            cusum = new double[charts];
            cusumStart = new Instant[charts];
            obs = new long[window];
            exp = new double[window];
            base = new double[window];
        }

        double observe(Instant minute, Observation o) {
            if (s.rule() == DecisionRule.SCALES) {
                return observeScales(minute, o);
            }
            x = o.observed();
            mu = Math.max(o.expected(), s.floorRate() * step);
            lastExpected = o.expected();
            lastPhi = o.overdispersion();
            double online = phiMinutes >= TRUST_DISPERSION_AFTER_MINUTES && phiDen > 0 ? phiNum / phiDen : 1;
            phi = Math.max(1, Math.max(o.overdispersion(), online));
            pos = (pos + 1) % obs.length;
            obs[pos] = x;
            exp[pos] = mu;
            filled = Math.min(filled + 1, obs.length);
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
                pValue = NegativeBinomial.upperTail(sumObs(tailTicks), sumExp(tailTicks), tailPhi);
                score = -Math.log(Math.max(pValue, Double.MIN_VALUE));
                candidateOnset = minute.minusSeconds(60L * step * (Math.min(tailTicks, filled) - 1));
            }
            return pValue;
        }

        Decision decide(String key, Instant minute, boolean rejected) {
            if (s.rule() == DecisionRule.SCALES) {
                return decideScales(key, minute, rejected);
            }
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
            long wObs = sumObs(windowTicks);
            double wExp = sumExp(windowTicks);
            int since = candidateOnset == null ? 1 : (int) Math.min(windowTicks,
                    Math.max(1, Duration.between(candidateOnset, minute).toMinutes() / step + 1));
            long setAside = s.sourceCap();
            long sObs = sumObs(since) - setAside;
            double sExp = sumExp(since);
            boolean enough = wObs - setAside >= s.minReporters() && sObs >= s.minRatio() * sExp
                    && (setAside == 0 || NegativeBinomial.upperTail(sObs, sExp, phi) <= SOURCE_ALPHA);
            boolean quiet = false;
            if (state != State.OK) {
                long qObs = sumObs(quietTicks);
                double qExp = sumExp(quietTicks);
                quiet = qObs < s.resolveRatio() * qExp
                        || NegativeBinomial.upperTail(qObs, qExp, phi) > s.resolveAlpha();
                quietRun = quiet ? quietRun + 1 : 0;
            }
            switch (state) {
                case OK -> {
                    if (alarm && enough) {
                        open(State.OUTAGE);
                    } else if (warn) {
                        open(State.POSSIBLE);
                    }
                }
                case POSSIBLE -> {
                    if (alarm && enough) {
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
            return new Decision(key, minute, x, mu, score, pValue, state, before, Transition.between(before, state),
                    state == State.OK ? null : onset, wObs, wExp);
        }

        /**
         * Every scale's count against its expectation (seasonal baseline × level): the NB tail with variance
         * φ·E + σ²·E², φ the series' variance-to-mean ratio per tick and σ² its extra relative variance at that scale,
         * read as a recurrence interval: a tail p at a scale of w minutes recurs about once in 1/(p · 1440/w) days,
         * and the scales are Bonferroni-corrected.
         */
        double observeScales(Instant minute, Observation o) {
            x = o.observed();
            boolean trusted = phiMinutes >= TRUST_DISPERSION_AFTER_MINUTES / 2.0 && phiDen > 0;
            phi = Math.max(1, trusted ? phiNum / phiDen : o.overdispersion());
            double floor = s.floorRate() * step;
            mu = Math.max(o.expected() * level, floor);
            lastExpected = o.expected();
            lastPhi = o.overdispersion();
            pos = (pos + 1) % obs.length;
            obs[pos] = x;
            exp[pos] = mu;
            base[pos] = Math.max(o.expected(), floor);
            filled = Math.min(filled + 1, obs.length);
            ticks++;
            sinceClose++;
            int n = scaleTicks.length;
            double lnScales = Math.log(n);
            double best = -1;
            double bestLeft = -1;
            double pMin = 1;
            bestTicks = 1;
            warnEvidence = false;
            outageEvidence = false;
            for (int j = 0; j < n; j++) {
                int k = scaleTicks[j];
                if (k > filled || k > sinceClose) {
                    continue;
                }
                long xs = sumObs(k);
                double e = sumExp(k);
                double phiEff = phi + sigma2(j) * e;
                double p = NegativeBinomial.upperTail(xs, e, phiEff);
                pMin = Math.min(pMin, p);
                double lnPerDay = Math.log(1440.0 / (k * step));
                double lnDays = -Math.log(Math.max(p, Double.MIN_VALUE)) - lnPerDay - lnScales;
                if (xs >= s.minRatio() * e && lnDays > best) {
                    best = lnDays;
                    bestTicks = k;
                }
                long left = xs - (long) s.sourceCap() * ((k * step + s.windowMinutes() - 1) / s.windowMinutes());
                if (left >= s.minRatio() * e) {
                    double pLeft = NegativeBinomial.upperTail(left, e, phiEff);
                    bestLeft = Math.max(bestLeft, -Math.log(Math.max(pLeft, Double.MIN_VALUE)) - lnPerDay - lnScales);
                }
            }
            // What the model calls rare must also be rare in this series' own history of bursts.
            double shown = Math.min(best, tail.logRecurrenceDays(best));
            warnEvidence = shown >= lnWarningDays;
            outageEvidence = Math.min(bestLeft, tail.logRecurrenceDays(bestLeft)) >= lnOutageDays;
            if (learning()) {
                tail.add(best);
            }
            best = shown;
            score = Math.max(0, best);
            pValue = Math.min(1, n * pMin);
            candidateOnset = minute.minusSeconds(60L * step * (bestTicks - 1));
            return pValue;
        }

        Decision decideScales(String key, Instant minute, boolean rejected) {
            State before = state;
            boolean warn = rejected && warnEvidence;
            boolean alarm = rejected && outageEvidence;
            if (state != State.OK) {
                int k = Math.min(filled, Math.max(quietTicks, episodeTicks / 2));
                long qObs = sumObs(k);
                double qExp = sumExp(k);
                boolean quiet = qObs < s.resolveRatio() * qExp
                        || NegativeBinomial.upperTail(qObs, qExp, phi + sigma2(scaleIndex(k)) * qExp) > s.resolveAlpha();
                quietRun = quiet ? quietRun + 1 : 0;
            }
            int quietNeeded = Math.max(2, quietTicks);
            switch (state) {
                case OK -> {
                    if (alarm) {
                        open(State.OUTAGE);
                        episodeTicks = bestTicks;
                    } else if (warn) {
                        open(State.POSSIBLE);
                        episodeTicks = bestTicks;
                    }
                }
                case POSSIBLE -> {
                    if (alarm) {
                        state = State.OUTAGE;
                        onset = earlier(onset, candidateOnset);
                        episodeTicks = Math.max(episodeTicks, bestTicks);
                    } else if (quietRun >= quietNeeded) {
                        close();
                    }
                }
                case OUTAGE -> {
                    if (quietRun >= quietNeeded) {
                        close();
                    }
                }
            }
            if (state == State.OK) {
                sinceClose = before == State.OK ? sinceClose : 0;
                if (before == State.OK && !warn && learning()) {
                    updateDispersion();
                    updateVariability();
                }
            }
            if (ticks % levelTicks == 0) {
                updateLevel();
            }
            long wObs = sumObs(windowTicks);
            double wExp = sumExp(windowTicks);
            return new Decision(key, minute, x, mu, score, pValue, state, before, Transition.between(before, state),
                    state == State.OK ? null : onset, wObs, wExp);
        }

        /**
         * Whether this tick teaches the series' variability and bursts: not in its first day, when the counts judge
         * the baseline (a prior, a first fit) more than the series.
         */
        boolean learning() {
            return ticks * step > TRUST_DISPERSION_AFTER_MINUTES;
        }

        /** Extra relative variance σ² at scale j: a running mean of ((X − E)² − φE)/E², each term winsorised at 3 sd. */
        double sigma2(int j) {
            return Math.max(0, (sigma2Num[j] + SIGMA2_PRIOR_WEIGHT * SIGMA2_PRIOR)
                    / (sigma2Den[j] + SIGMA2_PRIOR_WEIGHT));
        }

        int scaleIndex(int k) {
            int j = 0;
            while (j + 1 < scaleTicks.length && scaleTicks[j + 1] <= k) {
                j++;
            }
            return j;
        }

        /** Each scale learns from its own non-overlapping windows of ordinary ticks. */
        void updateVariability() {
            for (int j = 0; j < scaleTicks.length; j++) {
                int k = scaleTicks[j];
                if (ticks % k != 0 || k > filled || k > sinceClose) {
                    continue;
                }
                long xs = sumObs(k);
                double e = sumExp(k);
                double var = phi / e + sigma2(j);
                double term = Math.min(((xs - e) * (xs - e) - phi * e) / (e * e), 9 * var);
                double decay = Math.pow(0.5, k * step / s.dispersionHalfLifeMinutes());
                sigma2Num[j] = sigma2Num[j] * decay + term;
                sigma2Den[j] = sigma2Den[j] * decay + 1;
            }
        }

        /**
         * The level: a running ratio of the last hours' counts to the seasonal baseline. Each hour counts at most
         * √{@link DetectorSettings#minRatio()} times (at least 1/√minRatio of) the current expectation — half-way, in
         * ratio, to what an outage needs, so the level follows what cannot be one and is moved only a little by
         * bursts that may be one (a band of minRatio itself: 7 false events instead of 2 on NAB's tweet volumes) —
         * and hours of a confirmed outage do not count
         * until it has lasted {@link #LEVEL_FROZEN_AT_MOST_MINUTES}: what lasts longer is the series' new level.
         */
        void updateLevel() {
            if (filled < levelTicks) {
                return;
            }
            outageTicks = state == State.OUTAGE ? outageTicks + levelTicks : 0;
            if (state == State.OUTAGE && (long) outageTicks * step < LEVEL_FROZEN_AT_MOST_MINUTES) {
                return;
            }
            long xs = sumObs(levelTicks);
            double b = 0;
            for (int j = 0; j < levelTicks; j++) {
                b += base[Math.floorMod(pos - j, base.length)];
            }
            double e = b * level;
            double band = Math.sqrt(s.minRatio());
            double held = Math.max(e / band, Math.min(e * band, xs));
            if (levelDen == 0) {
                levelNum = b;
                levelDen = b;
            }
            levelNum = levelNum * levelDecay + held;
            levelDen = levelDen * levelDecay + b;
            level = levelNum / levelDen;
        }

        private void open(State to) {
            state = to;
            onset = candidateOnset;
            quietRun = 0;
        }

        private void close() {
            state = State.OK;
            onset = null;
            quietRun = 0;
            run = 0;
            java.util.Arrays.fill(cusum, 0);
        }

        private void updateDispersion() {
            double r2 = Math.min(MAX_RESIDUAL2, (x - mu) * (x - mu) / mu);
            phiNum = phiNum * dispersionDecay + r2;
            phiDen = phiDen * dispersionDecay + 1;
            phiMinutes += step;
        }

        private long sumObs(int k) {
            long t = 0;
            int m = Math.min(k, filled);
            for (int j = 0; j < m; j++) {
                t += obs[Math.floorMod(pos - j, obs.length)];
            }
            return t;
        }

        private double sumExp(int k) {
            double t = 0;
            int m = Math.min(k, filled);
            for (int j = 0; j < m; j++) {
                t += exp[Math.floorMod(pos - j, exp.length)];
            }
            return t;
        }
    }

    private static Instant earlier(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.isBefore(b) ? a : b;
    }
}
