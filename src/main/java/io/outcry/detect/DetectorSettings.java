package io.outcry.detect;

import java.util.List;

/**
 * Tuning of the detector and of the baseline fit; {@link #defaults()} are the server's, measured by
 * {@code bench/detection} (see {@code bench/results/detection-nab.md} and {@code bench/results/detection.md}).
 *
 * @param rule per-series sequential test
 * @param fdrLevel Benjamini–Hochberg level q across the series of one tick, in (0, 1]
 * @param alarmThreshold CUSUM threshold h (nats) to confirm an outage; by Lorden's bound a chart
 *     alarms at most once per e<sup>h</sup> ticks on average when the model holds
 * @param warningThreshold CUSUM threshold (nats) to open a POSSIBLE early warning, ≤ alarmThreshold
 * @param cusumRatios alternative rate ratios κ &gt; 1, one CUSUM chart each; the p-value is Bonferroni-corrected over them
 * @param tailAlpha per-tick significance for the tail rules
 * @param persistenceMinutes minutes of consecutive significant ticks the tail rules need for an outage (≥ 1)
 * @param tailWindowMinutes window of the tail rules' count (minutes ≥ 1)
 * @param windowMinutes explanation window, also the window of the minimum-reporters and minimum-ratio rules
 * @param minReporters an outage needs at least this many distinct reporters over {@code windowMinutes}
 * @param minRatio an outage needs observed ≥ minRatio × expected since the estimated onset (at most
 *     {@code windowMinutes}): a fixed window would dilute a fresh surge with the normal minutes before it
 * @param quietMinutes an open POSSIBLE/OUTAGE ends after the last {@code quietMinutes} look normal
 *     (tail p &gt; resolveAlpha or ratio &lt; resolveRatio) at {@code quietMinutes/2} consecutive ticks
 * @param resolveAlpha tail probability above which the quiet window counts as normal
 * @param resolveRatio observed/expected ratio below which the quiet window counts as normal
 * @param baselineWeeks weeks of hourly history used to fit a {@link SeasonalBaseline}
 * @param priorDays weight, in days of history, of the prior when history is short; it fades to 0 at two weeks
 * @param floorRate lowest expected rate, reporters per minute (&gt; 0): keeps a zero baseline from screaming
 * @param dispersionHalfLifeMinutes half-life of the online overdispersion estimate (minutes)
 * @param absentAsZero when true, a known series missing from a tick is ticked with observed 0 and its last baseline
 * @param largeShiftAlarmThreshold CUSUM threshold (nats) of every chart but the first (smallest κ), in
 *     [warningThreshold, alarmThreshold]: baseline errors (holidays, drifting levels) feed the small-κ chart,
 *     while a chart for κ ≥ 4 only grows when counts exceed about twice the baseline, so it can confirm sooner
 * @param sourceCap most reporters one source (an IPv4 /24 or IPv6 /48, after the server's cap) can add to a series over
 *     {@code windowMinutes}; the minimum-reporters and minimum-ratio rules must hold without them, so one network
 *     is never what confirms an outage. 0: no such bound is known, nothing is set aside
 * @param scaleMinutes time scales of {@link DecisionRule#SCALES}: the count over the last this many minutes
 *     (rounded up to whole ticks) is judged against its expectation and the series' variability at that scale
 * @param warningRecurrenceDays {@link DecisionRule#SCALES} opens POSSIBLE when counts this high would come by chance
 *     less than once in this many days (the recurrence interval, across all scales)
 * @param outageRecurrenceDays {@link DecisionRule#SCALES} confirms an outage when counts this high, without the most
 *     one source can add, would come by chance less than once in this many days: the false-outage rate per series
 *     when the model holds
 * @param levelWindowMinutes the level of {@link DecisionRule#SCALES}, which scales the seasonal baseline to the
 *     series' recent level, is the median ratio of counts to baseline over the last this many minutes, in whole hours:
 *     a burst shorter than half of it never moves the level, a shift that lasts longer does
 */
public record DetectorSettings(
        DecisionRule rule,
        double fdrLevel,
        double alarmThreshold,
        double warningThreshold,
        List<Double> cusumRatios,
        double tailAlpha,
        int persistenceMinutes,
        int tailWindowMinutes,
        int windowMinutes,
        int minReporters,
        double minRatio,
        int quietMinutes,
        double resolveAlpha,
        double resolveRatio,
        int baselineWeeks,
        double priorDays,
        double floorRate,
        double dispersionHalfLifeMinutes,
        boolean absentAsZero,
        double largeShiftAlarmThreshold,
        int sourceCap,
        List<Integer> scaleMinutes,
        double warningRecurrenceDays,
        double outageRecurrenceDays,
        double levelWindowMinutes) {

    public DetectorSettings {
        cusumRatios = List.copyOf(cusumRatios);
        if (rule == null) {
            throw new IllegalArgumentException("rule must not be null");
        }
        check(fdrLevel > 0 && fdrLevel <= 1, "fdrLevel must be in (0, 1]", fdrLevel);
        check(alarmThreshold > 0, "alarmThreshold must be > 0", alarmThreshold);
        check(warningThreshold > 0 && warningThreshold <= alarmThreshold,
                "warningThreshold must be in (0, alarmThreshold]", warningThreshold);
        check(!cusumRatios.isEmpty(), "cusumRatios must not be empty", cusumRatios);
        for (double k : cusumRatios) {
            check(k > 1, "each cusum ratio must be > 1", k);
        }
        check(tailAlpha > 0 && tailAlpha < 1, "tailAlpha must be in (0, 1)", tailAlpha);
        check(persistenceMinutes >= 1, "persistenceMinutes must be >= 1", persistenceMinutes);
        check(tailWindowMinutes >= 1, "tailWindowMinutes must be >= 1", tailWindowMinutes);
        check(windowMinutes >= 1, "windowMinutes must be >= 1", windowMinutes);
        check(minReporters >= 0, "minReporters must be >= 0", minReporters);
        check(minRatio >= 1, "minRatio must be >= 1", minRatio);
        check(quietMinutes >= 1, "quietMinutes must be >= 1", quietMinutes);
        check(resolveAlpha > 0 && resolveAlpha < 1, "resolveAlpha must be in (0, 1)", resolveAlpha);
        check(resolveRatio >= 1, "resolveRatio must be >= 1", resolveRatio);
        check(baselineWeeks >= 1, "baselineWeeks must be >= 1", baselineWeeks);
        check(priorDays >= 0, "priorDays must be >= 0", priorDays);
        check(floorRate > 0, "floorRate must be > 0", floorRate);
        check(dispersionHalfLifeMinutes > 0, "dispersionHalfLifeMinutes must be > 0", dispersionHalfLifeMinutes);
        check(largeShiftAlarmThreshold >= warningThreshold && largeShiftAlarmThreshold <= alarmThreshold,
                "largeShiftAlarmThreshold must be in [warningThreshold, alarmThreshold]", largeShiftAlarmThreshold);
        check(sourceCap >= 0, "sourceCap must be >= 0", sourceCap);
        scaleMinutes = List.copyOf(scaleMinutes);
        check(!scaleMinutes.isEmpty(), "scaleMinutes must not be empty", scaleMinutes);
        for (int m : scaleMinutes) {
            check(m >= 1, "each scale must be >= 1 minute", m);
        }
        check(warningRecurrenceDays > 0 && warningRecurrenceDays <= outageRecurrenceDays,
                "warningRecurrenceDays must be in (0, outageRecurrenceDays]", warningRecurrenceDays);
        check(levelWindowMinutes >= 60, "levelWindowMinutes must be >= 60", levelWindowMinutes);
    }

    /**
     * The server's settings: {@link DecisionRule#SCALES}, possible problems at once in 10 days, an outage at once in
     * 100 days per series; the CUSUM and tail parameters serve the other rules, kept for comparison.
     */
    public static DetectorSettings defaults() {
        return new DetectorSettings(
                DecisionRule.SCALES, 0.05, 12.0, 6.0, List.of(2.0, 4.0, 10.0), 1e-4, 3, 5, 15, 10, 2.0,
                10, 0.05, 1.25, 4, 3.0, 0.01, 7 * 1440.0, false, 10.0, 3,
                List.of(1, 3, 10, 30, 60, 120, 240), 10, 100, 180);
    }

    public DetectorSettings withRule(DecisionRule r) {
        return new DetectorSettings(r, fdrLevel, alarmThreshold, warningThreshold, cusumRatios, tailAlpha,
                persistenceMinutes, tailWindowMinutes, windowMinutes, minReporters, minRatio, quietMinutes, resolveAlpha,
                resolveRatio, baselineWeeks, priorDays, floorRate, dispersionHalfLifeMinutes, absentAsZero,
                largeShiftAlarmThreshold, sourceCap, scaleMinutes, warningRecurrenceDays, outageRecurrenceDays,
                levelWindowMinutes);
    }

    public DetectorSettings withFdrLevel(double q) {
        return new DetectorSettings(rule, q, alarmThreshold, warningThreshold, cusumRatios, tailAlpha,
                persistenceMinutes, tailWindowMinutes, windowMinutes, minReporters, minRatio, quietMinutes, resolveAlpha,
                resolveRatio, baselineWeeks, priorDays, floorRate, dispersionHalfLifeMinutes, absentAsZero,
                largeShiftAlarmThreshold, sourceCap, scaleMinutes, warningRecurrenceDays, outageRecurrenceDays,
                levelWindowMinutes);
    }

    /** These alarm and warning thresholds; the large-shift threshold is kept unless above the new alarm threshold. */
    public DetectorSettings withThresholds(double alarm, double warning) {
        return withThresholds(alarm, Math.max(warning, Math.min(largeShiftAlarmThreshold, alarm)), warning);
    }

    public DetectorSettings withThresholds(double alarm, double largeShiftAlarm, double warning) {
        return new DetectorSettings(rule, fdrLevel, alarm, warning, cusumRatios, tailAlpha,
                persistenceMinutes, tailWindowMinutes, windowMinutes, minReporters, minRatio, quietMinutes, resolveAlpha,
                resolveRatio, baselineWeeks, priorDays, floorRate, dispersionHalfLifeMinutes, absentAsZero,
                largeShiftAlarm, sourceCap, scaleMinutes, warningRecurrenceDays, outageRecurrenceDays,
                levelWindowMinutes);
    }

    /** As these settings, with {@code reporters} the most one source can add over {@code windowMinutes}. */
    public DetectorSettings withSourceCap(int reporters) {
        return new DetectorSettings(rule, fdrLevel, alarmThreshold, warningThreshold, cusumRatios, tailAlpha,
                persistenceMinutes, tailWindowMinutes, windowMinutes, minReporters, minRatio, quietMinutes, resolveAlpha,
                resolveRatio, baselineWeeks, priorDays, floorRate, dispersionHalfLifeMinutes, absentAsZero,
                largeShiftAlarmThreshold, reporters, scaleMinutes, warningRecurrenceDays, outageRecurrenceDays,
                levelWindowMinutes);
    }

    /**
     * The most one subnet can add over {@link #windowMinutes()} when the server counts at most {@code cap} of its
     * reports per service in any {@code capMinutes}; 0 when there is no cap.
     */
    public int sourceCapFor(int cap, int capMinutes) {
        if (cap <= 0 || capMinutes <= 0) {
            return 0;
        }
        return cap * ((windowMinutes + capMinutes - 1) / capMinutes);
    }

    public DetectorSettings withTail(double alpha, int persist, int windowMin) {
        return new DetectorSettings(rule, fdrLevel, alarmThreshold, warningThreshold, cusumRatios, alpha,
                persist, windowMin, windowMinutes, minReporters, minRatio, quietMinutes, resolveAlpha,
                resolveRatio, baselineWeeks, priorDays, floorRate, dispersionHalfLifeMinutes, absentAsZero,
                largeShiftAlarmThreshold, sourceCap, scaleMinutes, warningRecurrenceDays, outageRecurrenceDays,
                levelWindowMinutes);
    }

    public DetectorSettings withMinimums(int reporters, double ratio) {
        return new DetectorSettings(rule, fdrLevel, alarmThreshold, warningThreshold, cusumRatios, tailAlpha,
                persistenceMinutes, tailWindowMinutes, windowMinutes, reporters, ratio, quietMinutes, resolveAlpha,
                resolveRatio, baselineWeeks, priorDays, floorRate, dispersionHalfLifeMinutes, absentAsZero,
                largeShiftAlarmThreshold, sourceCap, scaleMinutes, warningRecurrenceDays, outageRecurrenceDays,
                levelWindowMinutes);
    }

    public DetectorSettings withBaseline(int weeks, double prior, double floor) {
        return new DetectorSettings(rule, fdrLevel, alarmThreshold, warningThreshold, cusumRatios, tailAlpha,
                persistenceMinutes, tailWindowMinutes, windowMinutes, minReporters, minRatio, quietMinutes, resolveAlpha,
                resolveRatio, weeks, prior, floor, dispersionHalfLifeMinutes, absentAsZero,
                largeShiftAlarmThreshold, sourceCap, scaleMinutes, warningRecurrenceDays, outageRecurrenceDays,
                levelWindowMinutes);
    }

    public DetectorSettings withAbsentAsZero(boolean zero) {
        return new DetectorSettings(rule, fdrLevel, alarmThreshold, warningThreshold, cusumRatios, tailAlpha,
                persistenceMinutes, tailWindowMinutes, windowMinutes, minReporters, minRatio, quietMinutes, resolveAlpha,
                resolveRatio, baselineWeeks, priorDays, floorRate, dispersionHalfLifeMinutes, zero,
                largeShiftAlarmThreshold, sourceCap, scaleMinutes, warningRecurrenceDays, outageRecurrenceDays,
                levelWindowMinutes);
    }

    /** As these settings, confirming at {@code outageDays} and warning at {@code warningDays} (recurrence intervals). */
    public DetectorSettings withRecurrence(double warningDays, double outageDays) {
        return new DetectorSettings(rule, fdrLevel, alarmThreshold, warningThreshold, cusumRatios, tailAlpha,
                persistenceMinutes, tailWindowMinutes, windowMinutes, minReporters, minRatio, quietMinutes,
                resolveAlpha, resolveRatio, baselineWeeks, priorDays, floorRate, dispersionHalfLifeMinutes,
                absentAsZero, largeShiftAlarmThreshold, sourceCap, scaleMinutes, warningDays, outageDays,
                levelWindowMinutes);
    }

    /** As these settings, with these time scales and level window. */
    public DetectorSettings withScales(List<Integer> minutes, double levelWindow) {
        return new DetectorSettings(rule, fdrLevel, alarmThreshold, warningThreshold, cusumRatios, tailAlpha,
                persistenceMinutes, tailWindowMinutes, windowMinutes, minReporters, minRatio, quietMinutes,
                resolveAlpha, resolveRatio, baselineWeeks, priorDays, floorRate, dispersionHalfLifeMinutes,
                absentAsZero, largeShiftAlarmThreshold, sourceCap, minutes, warningRecurrenceDays,
                outageRecurrenceDays, levelWindow);
    }

    /** As these settings, an open state ending after {@code minutes} of normal counts. */
    public DetectorSettings withQuietMinutes(int minutes) {
        return new DetectorSettings(rule, fdrLevel, alarmThreshold, warningThreshold, cusumRatios, tailAlpha,
                persistenceMinutes, tailWindowMinutes, windowMinutes, minReporters, minRatio, minutes,
                resolveAlpha, resolveRatio, baselineWeeks, priorDays, floorRate, dispersionHalfLifeMinutes,
                absentAsZero, largeShiftAlarmThreshold, sourceCap, scaleMinutes, warningRecurrenceDays,
                outageRecurrenceDays, levelWindowMinutes);
    }

    private static void check(boolean ok, String message, Object value) {
        if (!ok) {
            throw new IllegalArgumentException(message + ": " + value);
        }
    }
}
