package io.outcry.detect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Runs exactly the server's {@link Detector} over one series of counts, refitting its baseline from
 * the series' own past, so the server, {@code replay} and the benchmark agree to the tick.
 *
 * <p>Ticks are {@code stepMinutes} apart from {@code first}, at any offset (a file stamped at {@code …:42:53} keeps
 * its stamps). An hour's total is the sum of the ticks that start in it, so the step must divide 60 (each hour then
 * holds the same number of ticks, whatever the offset).
 *
 * <p>Refit schedule: at the first tick and at the first tick of every UTC day, {@link SeasonalBaseline#fit} is
 * called with the hourly totals of the complete hours before that tick (at most
 * {@link DetectorSettings#baselineWeeks()} weeks; hours only partly covered by the input are left
 * out) and {@code warmupPrior}. Each tick's observation is (count, sum of
 * {@link SeasonalBaseline#expectedPerMinute} over the tick's minutes, baseline φ).
 */
public final class Backtest {
    private Backtest() {}

    /**
     * @param first start of counts[0] (any second)
     * @param stepMinutes minutes covered by each count, a divisor of 60
     * @param counts distinct reporters per step (≥ 0)
     * @param warmupPrior prior while history is short; {@code null} means the floor rate
     * @param s settings
     * @return one decision per count, key "series", stamped with the tick's own start
     */
    public static List<Decision> run(Instant first, int stepMinutes, int[] counts, SeasonalBaseline warmupPrior,
            DetectorSettings s) {
        return run(first, stepMinutes, counts, warmupPrior, s, (detector, decision) -> {});
    }

    /** As {@link #run(Instant, int, int[], SeasonalBaseline, DetectorSettings)}, showing each tick's decision. */
    static List<Decision> run(Instant first, int stepMinutes, int[] counts, SeasonalBaseline warmupPrior,
            DetectorSettings s, BiConsumer<Detector, Decision> each) {
        if (stepMinutes < 1 || 60 % stepMinutes != 0) {
            throw new IllegalArgumentException("stepMinutes must divide 60: " + stepMinutes);
        }
        long firstSecond = first.getEpochSecond();
        long stepSeconds = 60L * stepMinutes;
        int perHour = 60 / stepMinutes;
        // Hourly totals of complete hours: index h covers epoch hour firstFullHour + h.
        long firstFullHour = Math.floorDiv(firstSecond + 3599, 3600);
        int lead = (int) ((firstFullHour * 3600 - firstSecond + stepSeconds - 1) / stepSeconds);
        int fullHours = Math.max(0, (counts.length - lead) / perHour);
        int[] hourly = new int[fullHours];
        for (int h = 0; h < fullHours; h++) {
            int t = 0;
            for (int j = 0; j < perHour; j++) {
                t += counts[lead + h * perHour + j];
            }
            hourly[h] = t;
        }
        Detector detector = new Detector(s, stepMinutes);
        List<Decision> out = new ArrayList<>(counts.length);
        SeasonalBaseline baseline = null;
        int maxHours = s.baselineWeeks() * SeasonalBaseline.SLOTS;
        long day = Long.MIN_VALUE;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 0) {
                throw new IllegalArgumentException("counts must be >= 0: " + counts[i] + " at " + i);
            }
            long second = firstSecond + i * stepSeconds;
            if (Math.floorDiv(second, 86_400) != day) {
                day = Math.floorDiv(second, 86_400);
                long hoursBefore = Math.max(0, Math.floorDiv(second, 3600) - firstFullHour);
                int end = (int) Math.min(hoursBefore, fullHours);
                int start = Math.max(0, end - maxHours);
                int[] history = Arrays.copyOfRange(hourly, start, end);
                baseline = SeasonalBaseline.fit(Instant.ofEpochSecond((firstFullHour + start) * 3600), history,
                        warmupPrior, s);
            }
            double expected = 0;
            for (int m = 0; m < stepMinutes; m++) {
                expected += baseline.expectedPerMinute(Instant.ofEpochSecond(second + 60L * m));
            }
            Instant t = Instant.ofEpochSecond(second);
            Observation o = new Observation(counts[i], expected, baseline.overdispersion(), baseline.supportAt(t));
            Decision d = detector.tick(t, Map.of("series", o)).get(0);
            each.accept(detector, d);
            out.add(d);
        }
        return out;
    }
}
