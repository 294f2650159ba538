package io.outcry.detect;

import java.time.Instant;
import java.util.List;

/**
 * {@link DecisionRule#SCALES}: every scale's count against the seasonal baseline × the series' level, read as a
 * recurrence interval from the series' own daily maxima; the scale where the evidence is strongest decides.
 *
 * <p><b>Evidence.</b> The count X over each of {@link DetectorSettings#scaleMinutes()} against its expectation E gives
 * the signed root of the Poisson deviance; how often the series' days reach that score at that scale is read from a
 * Gumbel fit of its own daily maxima ({@link DailyMaxima}), as a recurrence interval in days, Bonferroni-corrected
 * over the scales. A bursty series raises its own bar, a quiet one lowers it. Outage:
 * {@link DetectorSettings#outageRecurrenceDays()} without the most one source can add, and X ≥ minRatio × E at that
 * scale; possible problems: {@link DetectorSettings#warningRecurrenceDays()}, for a sparse series (a region) also
 * without the most one source can add, since there a network's few reports are already many times the usual count.
 *
 * <p><b>Family.</b> The recurrence intervals are stated per family of series (a service world-wide and in every area):
 * each series is judged against its share of the family's rate ({@link Series#lnShare}), so a service watched in
 * forty countries does not raise forty times the false alarms of one watched world-wide.
 *
 * <p><b>End.</b> An open state ends after at least two ticks and {@link DetectorSettings#quietMinutes()} of quiet
 * counts, judged over at least half the scale that opened it, so one ordinary step neither ends it nor wipes its
 * evidence; after an episode (and after a restart) the longer scales hold only the minutes since.
 *
 * <p><b>Level.</b> The median ratio of the last hours' counts to the seasonal baseline
 * ({@link DetectorSettings#levelWindowMinutes()}), so a service that grows or a news day moves the expectation
 * within hours rather than at the next refit, and a burst shorter than half that window does not (see
 * {@link #updateLevel}).
 */
final class ScalesSeries extends Series {
    /** Longest outage the level tracker waits out before taking the counts as the series' new level. */
    static final int LEVEL_FROZEN_AT_MOST_MINUTES = 6 * 60;

    /** What every series of one scale set shares. */
    static final class Scales {
        final int[] ticks;
        final double lnWarningDays;
        final double lnOutageDays;
        final int levelTicks;
        /** The lowest expectation of a tick. */
        final double floorPerTick;
        /** A sparse series' scales: possible problems, too, must hold without the most one source can add. */
        final boolean sparse;

        /**
         * @param sparse for a service's regions: their baseline is their parent's thinned to their share while their own
         *     history is short, never zero while the parent has reports, and usually far below
         *     {@link DetectorSettings#floorRate()} (a region at one report an hour would be judged as at one a minute
         *     if floored there); their floor is only the guard of a rate estimated from nothing: half a report over
         *     the weeks a baseline is fitted from (the Jeffreys prior's rate after seeing none)
         */
        Scales(DetectorSettings s, int step, List<Integer> minutes, boolean sparse) {
            this.ticks = minutes.stream().mapToInt(m -> Series.ticks(m, step)).distinct().sorted().toArray();
            this.floorPerTick = step * (sparse ? 0.5 / (s.baselineWeeks() * 7 * 1440.0) : s.floorRate());
            this.sparse = sparse;
            this.lnWarningDays = Math.log(s.warningRecurrenceDays());
            this.lnOutageDays = Math.log(s.outageRecurrenceDays());
            this.levelTicks = Series.ticks(60, step);
        }

        int longest() {
            return Math.max(levelTicks, ticks[ticks.length - 1]);
        }
    }

    private final Scales sc;
    /** The UTC day (days since the epoch) this series was created on. */
    private final long createdDay;
    private final DailyMaxima maxima;
    private double level = 1;
    private final float[] hourRatios;
    private int hoursSeen;
    private int outageTicks;
    private long ticks;
    private long sinceClose = Long.MAX_VALUE / 2;
    private boolean warnEvidence;
    private boolean outageEvidence;
    private int episodeTicks;
    /** Whether the open episode (or the one that ended this tick) was confirmed as an outage. */
    private boolean confirmed;
    private int bestTicks;
    /** This tick's evidence before the burst tail and without the source cap (log-days), for explanations. */
    double modelEvidence;
    double leftEvidence;

    ScalesSeries(DetectorSettings s, int step, Scales scales, Instant created) {
        super(s, step, scales.longest(), true);
        this.sc = scales;
        this.createdDay = created.getEpochSecond() / 86_400;
        this.maxima = new DailyMaxima(1440 / step, scales.ticks);
        this.hourRatios = new float[Math.max(1, (int) (s.levelWindowMinutes() / 60))];
        java.util.Arrays.fill(hourRatios, 1f);
    }

    /** Whether this series has a sparse series' scales. */
    boolean sparse() {
        return sc.sparse;
    }

    /** Whether this series was created on the UTC day of {@code minute}. */
    boolean createdOn(Instant minute) {
        return minute.getEpochSecond() / 86_400 == createdDay;
    }

    @Override
    void restart() {
        super.restart();
        settleMaxima();
        sinceClose = 0; // the scales count only minutes from now on
    }

    /**
     * Gives the daily maxima this tick's scores once its state is known: an episode's are held while it is only
     * possible problems, kept if it ends so, and marked as an outage's from the tick it is confirmed (its minutes are
     * not what is usual for the series).
     */
    private void settleMaxima() {
        confirmed |= state == State.OUTAGE;
        if (confirmed) {
            maxima.drop();
        } else if (state == State.OK) {
            maxima.keep();
        }
        if (state == State.OK) {
            confirmed = false;
        }
    }

    @Override
    double observe(Instant minute, Observation o) {
        x = o.observed();
        boolean trusted = phiMinutes >= TRUST_DISPERSION_AFTER_MINUTES / 2.0 && phiDen > 0;
        phi = Math.max(1, trusted ? phiNum / phiDen : o.overdispersion());
        double floor = sc.floorPerTick;
        mu = Math.max(o.expected() * level, floor);
        lastExpected = o.expected();
        lastPhi = o.overdispersion();
        lastSupport = o.support();
        ring.add(x, mu, Math.max(o.expected(), floor));
        maxima.start(mu, phi);
        ticks++;
        sinceClose++;
        int n = sc.ticks.length;
        double lnScales = Math.log(n);
        double best = -1;
        double bestLeft = -1;
        double pMin = 1;
        bestTicks = 1;
        long known = Math.min(ring.filled(), sinceClose);
        for (int j = 0; j < n; j++) {
            int k = windowTicks(j, known);
            if (k == 0) {
                continue;
            }
            boolean cut = k < sc.ticks[j];
            long xs = ring.sumObs(k);
            double e = ring.sumExp(k);
            double r = DailyMaxima.score(xs, e);
            if (learning() && !cut) {
                maxima.add(j, r);
            }
            double lnDays = lnRecurrenceDays(j, cut, r) - lnScales;
            double pj = cut ? Math.max(maxima.windowTail(j, r), maxima.windowTail(j - 1, r)) : maxima.windowTail(j, r);
            pMin = Math.min(pMin, pj < 1 ? Math.max(pj, NegativeBinomial.upperTail(xs, e, phi)) : 1);
            if (xs >= s.minRatio() * e && lnDays > best) {
                best = lnDays;
                bestTicks = k;
            }
            long left = xs - (long) s.sourceCap() * ((k * step + s.windowMinutes() - 1) / s.windowMinutes());
            if (left >= s.minRatio() * e) {
                bestLeft = Math.max(bestLeft, lnRecurrenceDays(j, cut, DailyMaxima.score(left, e)) - lnScales);
            }
        }
        maxima.tick(confirmed);
        modelEvidence = best;
        leftEvidence = bestLeft;
        warnEvidence = (sc.sparse ? bestLeft : best) - lnShare >= sc.lnWarningDays;
        outageEvidence = bestLeft - lnShare >= sc.lnOutageDays;
        score = Math.max(0, best - lnShare);
        pValue = Math.min(1, n * pMin);
        if (warnEvidence || outageEvidence) { // only then can an episode open or be confirmed
            candidateOnset = likeliestStart(minute);
        }
        return pValue;
    }

    /**
     * The ticks of scale j's window now, of the {@code known} since a start or an episode's end: the whole scale, or a
     * window cut short to them when they are fewer and more than the next shorter scale's (0: that scale judges them).
     * A cut window is judged as it is, against the days of its own scale and of the next shorter one, whichever asks
     * more ({@link #lnRecurrenceDays}), and teaches neither.
     */
    private int windowTicks(int j, long known) {
        int k = sc.ticks[j];
        if (k <= known) {
            return k;
        }
        return j == 0 || known <= sc.ticks[j - 1] ? 0 : (int) known;
    }

    /** ln of the days between scores as high at scale j; for a cut window, the lesser of scale j's and the shorter one's. */
    private double lnRecurrenceDays(int j, boolean cut, double score) {
        double days = maxima.logRecurrenceDays(j, score);
        return cut ? Math.min(days, maxima.logRecurrenceDays(j - 1, score)) : days;
    }

    /**
     * Where the excess began: its likeliest start over the last hour (or the strongest scale's window, if longer), so
     * that "down since" neither stops at the strongest window's start when the rise began before it, nor reaches
     * back to ordinary minutes.
     */
    private Instant likeliestStart(Instant minute) {
        SpaceTimeScan.Region r = ring.region(Math.max(bestTicks, sc.levelTicks));
        int ticksBack = r.observed().length - 1 - SpaceTimeScan.likeliestStart(r.observed(), r.expected());
        return minute.minusSeconds(60L * step * ticksBack);
    }

    @Override
    Decision decide(String key, Instant minute, boolean rejected) {
        State before = state;
        boolean warn = rejected && warnEvidence;
        boolean alarm = rejected && outageEvidence;
        if (state != State.OK) {
            int k = Math.min(ring.filled(), Math.max(quietTicks, episodeTicks / 2));
            long qObs = ring.sumObs(k);
            double qExp = ring.sumExp(k);
            boolean quiet = qObs < s.resolveRatio() * qExp
                    || maxima.logRecurrenceDays(scaleIndex(k), DailyMaxima.score(qObs, qExp)) < 0;
            quietRun = quiet ? quietRun + 1 : 0;
        }
        int quietNeeded = Math.max(2, quietTicks);
        switch (state) {
            case OK -> {
                if (alarm || warn) {
                    open(alarm ? State.OUTAGE : State.POSSIBLE);
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
        settleMaxima();
        if (state == State.OK) {
            sinceClose = before == State.OK ? sinceClose : 0;
            if (before == State.OK && !warn && learning()) {
                updateDispersion();
            }
        }
        if (ticks % sc.levelTicks == 0) {
            updateLevel();
        }
        return decision(key, minute, before);
    }

    /**
     * Whether this tick teaches the series' dispersion and daily maxima: not in its first day, when the counts judge
     * the baseline (a prior, a first fit) more than the series.
     */
    private boolean learning() {
        return ticks * step > TRUST_DISPERSION_AFTER_MINUTES;
    }

    int bestMinutes() {
        return bestTicks * step;
    }

    double level() {
        return level;
    }

    private int scaleIndex(int k) {
        int j = 0;
        while (j + 1 < sc.ticks.length && sc.ticks[j + 1] <= k) {
            j++;
        }
        return j;
    }

    /**
     * The level: the median, over the last {@link DetectorSettings#levelWindowMinutes()} in whole hours, of each hour's
     * ratio (count + 1) / (seasonal baseline + 1) — the one report keeps an empty hour of a sparse series from meaning
     * a level of zero. Before the window is full the missing hours count as the baseline's own level, 1. A burst
     * shorter than half the window never moves a median; a shift that lasts longer does, fully. The hours of a
     * confirmed outage are left out until it has lasted {@link #LEVEL_FROZEN_AT_MOST_MINUTES}: what lasts longer is
     * the series' new level. The level never falls below 1/√minRatio: hours without counts (a node that was down,
     * minutes never written) must not make the usual count look like an outage — at that floor it is √minRatio times
     * the expectation, half-way in ratio to what an outage needs.
     */
    private void updateLevel() {
        if (ring.filled() < sc.levelTicks) {
            return;
        }
        outageTicks = state == State.OUTAGE ? outageTicks + sc.levelTicks : 0;
        if (state == State.OUTAGE && (long) outageTicks * step < LEVEL_FROZEN_AT_MOST_MINUTES) {
            return;
        }
        double base = ring.sumBase(sc.levelTicks);
        hourRatios[hoursSeen++ % hourRatios.length] = (float) ((ring.sumObs(sc.levelTicks) + 1) / (base + 1));
        float[] sorted = hourRatios.clone();
        java.util.Arrays.sort(sorted);
        int h = sorted.length;
        double median = h % 2 == 1 ? sorted[h / 2] : (sorted[h / 2 - 1] + sorted[h / 2]) / 2.0;
        // The median of h hourly ratios errs by about 1.25·√(φ/(b·h)) (b: an hour's baseline); the level moves only
        // by what lies beyond two such errors, so counts' own noise does not become a level.
        double noise = 2 * 1.25 * Math.sqrt(phi / (Math.max(base, 1) * h));
        double shift = Math.log(median);
        double moved = Math.exp(Math.signum(shift) * Math.max(0, Math.abs(shift) - noise));
        level = Math.max(1 / Math.sqrt(s.minRatio()), moved);
    }
}
