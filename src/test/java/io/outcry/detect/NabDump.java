package io.outcry.detect;

import io.outcry.bench.NabBench;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Why the server's rule finds or misses each labelled window of NAB's realTweets, and what it raises outside them. Not
 * a unit test: {@code bench/detection/nab.sh NAB_DIR explain}. One line per labelled window and per burst outside all
 * windows (ticks with evidence ≥ ln 3): whether an outage was declared there, the largest observed/expected of a tick
 * (against the expectation with the level, and against the seasonal baseline alone), the largest evidence in
 * log-days (ln of the recurrence interval, as the rule reads it) with and without the most one source can add, the
 * scale in minutes where it was strongest and the level then. With a file as second argument, one line per tick
 * instead (count, baseline, expectation, window), for analysis elsewhere.
 */
public final class NabDump {
    record Tick(double ratio, double baseRatio, double model, double left, double shown, int scale, double level,
            boolean alert) {}

    public static void main(String[] args) throws Exception {
        Path nab = Path.of(args.length > 0 ? args[0] : "/tmp/outcry-nab");
        DetectorSettings s = DetectorSettings.defaults();
        if (args.length > 1) {
            ticks(nab, s, Path.of(args[1]));
            return;
        }
        for (NabBench.Series x : NabBench.load(nab).get("realTweets")) {
            List<Tick> ticks = new ArrayList<>();
            Backtest.run(x.stamps()[0], x.stepMinutes(), x.counts(), NabBench.prior(x), s, (det, d) -> {
                ScalesSeries ss = (ScalesSeries) det.seriesOf("series");
                double base = d.expected() / ss.level();
                ticks.add(new Tick(d.observed() / d.expected(), d.observed() / base, ss.modelEvidence,
                        ss.leftEvidence, d.score(), ss.bestMinutes(), ss.level(), d.alert()));
            });

            boolean[] inWin = new boolean[ticks.size()];
            for (NabBench.Window w : x.windows()) {
                int a = -1;
                int b = -1;
                for (int i = 0; i < ticks.size(); i++) {
                    if (NabBench.inside(x.stamps()[i], w)) {
                        inWin[i] = true;
                        a = a < 0 ? i : a;
                        b = i;
                    }
                }
                report("window labelled " + w.label(), ticks, Math.max(a, x.probation()), b, x);
            }
            // bursts outside windows: runs of model evidence > ln 10 (10 days)
            int i = x.probation();
            while (i < ticks.size()) {
                if (inWin[i] || ticks.get(i).shown() < Math.log(3)) {
                    i++;
                    continue;
                }
                int a = i;
                while (i < ticks.size() && !inWin[i] && ticks.get(i).shown() >= Math.log(3)) {
                    i++;
                }
                report("outside the windows", ticks, a, i - 1, x);
            }
        }
    }

    /** One line per tick: set, file, index, stamp, count, seasonal expectation, expectation × level, window. */
    static void ticks(Path nab, DetectorSettings s, Path out) throws Exception {
        StringBuilder b = new StringBuilder("set,file,i,stamp,x,base,mu,window,probation\n");
        for (var set : NabBench.load(nab).entrySet()) {
            for (NabBench.Series x : set.getValue()) {
                List<double[]> rows = new ArrayList<>();
                Backtest.run(x.stamps()[0], x.stepMinutes(), x.counts(), NabBench.prior(x), s, (det, d) -> {
                    ScalesSeries ss = (ScalesSeries) det.seriesOf("series");
                    rows.add(new double[] {d.observed(), d.expected() / ss.level(), d.expected()});
                });
                for (int i = 0; i < rows.size(); i++) {
                    int w = -1;
                    for (int k = 0; k < x.windows().size(); k++) {
                        w = NabBench.inside(x.stamps()[i], x.windows().get(k)) ? k : w;
                    }
                    b.append(String.format(Locale.ROOT, "%s,%s,%d,%s,%d,%.4f,%.4f,%d,%d%n", set.getKey(), x.file(), i,
                            x.stamps()[i], (long) rows.get(i)[0], rows.get(i)[1], rows.get(i)[2], w, x.probation()));
                }
            }
        }
        java.nio.file.Files.writeString(out, b);
    }

    static void report(String what, List<Tick> ticks, int a, int b, NabBench.Series x) {
        if (b < a) {
            System.out.println(what + ": in probation");
            return;
        }
        double maxRatio = 0;
        double maxBase = 0;
        double maxModel = -99;
        double maxLeft = -99;
        int scale = 0;
        boolean alert = false;
        double level = 0;
        for (int i = a; i <= b; i++) {
            Tick t = ticks.get(i);
            maxRatio = Math.max(maxRatio, t.ratio());
            maxBase = Math.max(maxBase, t.baseRatio());
            maxLeft = Math.max(maxLeft, t.left());
            if (t.model() > maxModel) {
                maxModel = t.model();
                scale = t.scale();
                level = t.level();
            }
            alert |= t.alert();
        }
        System.out.printf(Locale.ROOT,
                "%s %s %s..%s %s ratio %.1f (baseline alone %.1f) evidence %.1f without one source %.1f at %d min"
                        + " level %.2f%n",
                x.file(), what, x.stamps()[a], x.stamps()[b], alert ? "OUTAGE" : "-", maxRatio, maxBase, maxModel,
                maxLeft, scale, level);
    }
}
