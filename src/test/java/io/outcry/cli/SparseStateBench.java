package io.outcry.cli;

import io.outcry.detect.Backtest;
import io.outcry.detect.Decision;
import io.outcry.detect.DetectorSettings;
import io.outcry.detect.SeasonalBaseline;
import io.outcry.detect.State;
import io.outcry.outage.Outage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.commons.math3.special.Gamma;

/**
 * The "sparse series" case: an internet provider's reports in one state, at 15-minute steps, about 0.3–0.6 a
 * step where a local outage brings 6–12 more an hour. Each outage is judged by how {@code replay} (counts, each a
 * person of their own), {@code replay --source-cap 3} (a node's series rule: one network's most set aside) and
 * {@code replay --reports} (the server's whole detection; the state the only area, so its country and world are as
 * thin as it) see it. Not a unit test: {@code bench/detection/sparse.sh} writes
 * {@code bench/results/detection-sparse.md}.
 *
 * <p>Generator (fixed seeds): {@link #FILES} months of {@link #DAYS} days, the day's mean 0.3–0.6 a step with a
 * ± 60 % daily cycle, Poisson; from day 8, every 12 days, a local outage of 1–3 hours bringing 6–12 more reports an
 * hour. An outage is "confirmable" when a detector knowing the usual level would call some window of it (up to 4
 * hours) once in 100 days or rarer; found when an outage is confirmed from its start to an hour after its end. A
 * confirmed outage or an episode starting outside every outage (from 30 minutes before to 2 hours after) is false.
 */
public final class SparseStateBench {
    static final int FILES = 12;
    static final int DAYS = 35;
    static final int STEP = 15;
    static final Instant FIRST = Instant.parse("2026-09-07T00:07:00Z");

    record Month(int[] counts, double[] usual, List<int[]> outages) {}

    /** Per way of judging: outages, confirmable, confirmed of them, delays, false outages and episodes. */
    static final class Score {
        int outages;
        int confirmable;
        int found;
        final List<Integer> delays = new ArrayList<>();
        int falseOutages;
        int falseEpisodes;
    }

    public static void main(String[] args) throws IOException {
        long t0 = System.nanoTime();
        Score counts = new Score();
        Score capped = new Score();
        Score reports = new Score();
        for (int f = 0; f < FILES; f++) {
            Month m = month(new Random(100 + f));
            SeasonalBaseline prior = SeasonalBaseline.flat(firstDayMean(m.counts()) / STEP, 1);
            DetectorSettings replay = DetectorSettings.defaults().withSourceCap(0);
            scoreCounts(m, Backtest.run(FIRST, STEP, m.counts(), prior, replay), counts);
            scoreCounts(m, Backtest.run(FIRST, STEP, m.counts(), prior,
                    replay.withSourceCap(DetectorSettings.defaults().sourceCap())), capped);
            scoreReports(m, ReplayReports.replay(asReports(m, new Random(200 + f))), reports);
        }
        StringBuilder md = new StringBuilder();
        md.append("# One sparse state (generated)\n\nCommand: `bench/detection/sparse.sh`. ").append(FILES)
                .append(" months of ").append(DAYS).append(" days of one state at 15-minute steps (0.3–0.6 reports a "
                        + "step, ± 60 % daily cycle), a local outage of 6–12 more reports an hour for 1–3 hours every "
                        + "12 days. Confirmable: a detector knowing the usual level would call some window of it once "
                        + "in 100 days or rarer.\n\n")
                .append("| judged by | outages | confirmable | confirmed of them | median min to outage | false outages "
                        + "/100 series-days | false episodes /100 series-days |\n|---|---|---|---|---|---|---|\n");
        double seriesDays = FILES * (DAYS - 1.0);
        row(md, "`replay` (each count a person of their own)", counts, seriesDays);
        row(md, "`replay --source-cap 3` (a node's series rule)", capped, seriesDays);
        row(md, "`replay --reports` (the server's whole detection)", reports, seriesDays);
        md.append(String.format(Locale.ROOT, "%nStated rates: an outage at once in 100 days, possible problems at once "
                + "in 10 days, per series (`replay`) or per service (`--reports`: world, country and state share "
                + "them). Run time %.0f s.%n", (System.nanoTime() - t0) / 1e9));
        System.out.print(md);
        Files.createDirectories(Path.of("bench/results"));
        Files.writeString(Path.of("bench/results/detection-sparse.md"), md.toString());
    }

    static Month month(Random r) {
        int n = DAYS * 96;
        double base = 0.3 + 0.3 * r.nextDouble();
        int[] c = new int[n];
        double[] usual = new double[n];
        List<int[]> outages = new ArrayList<>();
        for (int d = 8; d < DAYS; d += 12) {
            int start = d * 96 + r.nextInt(96 - 16);
            int steps = 4 + r.nextInt(9);
            double perStep = (6 + r.nextInt(7)) / 4.0;
            outages.add(new int[] {start, steps});
            for (int i = start; i < start + steps; i++) {
                c[i] += poisson(r, perStep);
            }
        }
        for (int i = 0; i < n; i++) {
            double hour = (i % 96) / 4.0;
            usual[i] = base * (1 + 0.6 * Math.sin((hour - 8) / 24 * 2 * Math.PI));
            c[i] += poisson(r, usual[i]);
        }
        return new Month(c, usual, outages);
    }

    /** Each count as that many reports of distinct people at random seconds within its step, in the state. */
    static List<ReportsCsv.Report> asReports(Month m, Random r) {
        List<ReportsCsv.Report> out = new ArrayList<>();
        for (int i = 0; i < m.counts().length; i++) {
            for (int k = 0; k < m.counts()[i]; k++) {
                out.add(new ReportsCsv.Report(FIRST.plusSeconds(i * 60L * STEP + r.nextInt(60 * STEP)), "US-TX",
                        null));
            }
        }
        out.sort(Comparator.comparing(ReportsCsv.Report::at));
        return out;
    }

    static void scoreCounts(Month m, List<Decision> ds, Score s) {
        for (int[] o : m.outages()) {
            Integer confirmed = null;
            for (int i = o[0]; i < Math.min(ds.size(), o[0] + o[1] + 4) && confirmed == null; i++) {
                confirmed = ds.get(i).alert() ? (i - o[0]) * STEP : null;
            }
            count(m, o, confirmed, s);
        }
        boolean wasOutage = false;
        boolean wasEpisode = false;
        for (int i = 96; i < ds.size(); i++) {
            boolean outage = ds.get(i).alert();
            boolean episode = ds.get(i).state() != State.OK;
            if (!near(m, i)) {
                s.falseOutages += outage && !wasOutage ? 1 : 0;
                s.falseEpisodes += episode && !wasEpisode ? 1 : 0;
            }
            wasOutage = outage;
            wasEpisode = episode;
        }
    }

    static void scoreReports(Month m, List<Outage> found, Score s) {
        for (int[] o : m.outages()) {
            Instant from = at(o[0]);
            Instant to = at(o[0] + o[1] + 4);
            Integer confirmed = null;
            for (Outage x : found) {
                if (confirmed == null && x.confirmedAt() != null && !x.confirmedAt().isBefore(from)
                        && x.confirmedAt().isBefore(to)) {
                    confirmed = (int) Duration.between(from, x.confirmedAt()).toMinutes();
                }
            }
            count(m, o, confirmed, s);
        }
        for (Outage x : found) {
            int step = (int) (Duration.between(FIRST, x.startedAt()).toMinutes() / STEP);
            if (!near(m, step)) {
                s.falseOutages += x.confirmedAt() != null ? 1 : 0;
                s.falseEpisodes++;
            }
        }
    }

    private static void count(Month m, int[] o, Integer confirmedAfter, Score s) {
        s.outages++;
        if (knownLevelCalls(m, o[0], o[1] + 4)) {
            s.confirmable++;
            if (confirmedAfter != null) {
                s.found++;
                s.delays.add(confirmedAfter);
            }
        }
    }

    /** Within an outage, from 30 minutes before it to 2 hours after. */
    private static boolean near(Month m, int step) {
        for (int[] o : m.outages()) {
            if (step >= o[0] - 2 && step < o[0] + o[1] + 8) {
                return true;
            }
        }
        return false;
    }

    /** Some window of up to 4 hours ending in [start, start + steps) is once in 100 days or rarer, the level known. */
    static boolean knownLevelCalls(Month m, int start, int steps) {
        for (int end = start; end < Math.min(m.counts().length, start + steps); end++) {
            long count = 0;
            double expected = 0;
            for (int k = 1; k <= 16 && end - k + 1 >= 0; k++) {
                count += m.counts()[end - k + 1];
                expected += m.usual()[end - k + 1];
                if (count > expected) {
                    double lnPmf = (count - 1) * Math.log(expected) - expected - Gamma.logGamma(count);
                    if (-(Math.log(1440.0 * expected / (k * STEP)) + lnPmf) >= Math.log(100)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static void row(StringBuilder md, String name, Score s, double seriesDays) {
        Collections.sort(s.delays);
        md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %s | %.1f (%d) | %.1f (%d) |%n", name, s.outages,
                s.confirmable, s.found, s.delays.isEmpty() ? "–" : s.delays.get(s.delays.size() / 2),
                s.falseOutages * 100 / seriesDays, s.falseOutages, s.falseEpisodes * 100 / seriesDays,
                s.falseEpisodes));
    }

    private static Instant at(int step) {
        return FIRST.plus(Duration.ofMinutes((long) step * STEP));
    }

    private static double firstDayMean(int[] c) {
        double sum = 0;
        for (int i = 0; i < 96; i++) {
            sum += c[i];
        }
        return sum / 96;
    }

    private static int poisson(Random r, double mean) {
        int k = 0;
        for (double p = r.nextDouble(); p > Math.exp(-mean); p *= r.nextDouble()) {
            k++;
        }
        return k;
    }
}
