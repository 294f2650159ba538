package io.outcry.bench;

import io.outcry.detect.Backtest;
import io.outcry.detect.Decision;
import io.outcry.detect.DecisionRule;
import io.outcry.detect.DetectorSettings;
import io.outcry.detect.SeasonalBaseline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Detection yardstick: generates labelled scenarios with a fixed seed, runs {@link Backtest} with
 * each decision rule and scores event by event. Not a unit test.
 *
 * <p>Run: {@code bench/detection/run.sh} (compiles tests, then runs this main; writes
 * {@code bench/results/detection.md} and {@code .json}).
 *
 * <p>Generator: per-minute counts NB(mean μ(t), variance φ·μ(t)) drawn as gamma–Poisson, μ(t) =
 * base × daily sine × weekend factor × a weekly Monday-morning peak × a daily level noise
 * (log-normal, σ 0.05); one holiday with the whole day's level shifted × 1.3. Outages
 * multiply μ by κ (2–50, log-uniform) for 5 min–6 h, as a step or as a ramp reaching κ after
 * min(duration/2, 30 min). Nuisances that are not outages: one reporter pressing again and again
 * (the server counts a reporter once per 15 min, so +1 every 15 min for 2–8 h) and one /24 subnet
 * flooding for 1–4 h; assumed server cap: one reporter per /24 per series per 5 minutes
 * (+1 every 5 min). A row with a looser cap (1 per minute) shows what that assumption buys; there
 * the detector is told that cap ({@link DetectorSettings#sourceCap()}), as the server tells it its own.
 * A flood counts as declared when an outage that matches no real outage overlaps it and the same series without the
 * flood's reports (the same draws otherwise) has no outage there: a false outage that the background alone raises is
 * counted once, among the false outages, not again as the flood's.
 * The 5×@2/min series are flat at 2/min (no daily cycle), so the rate at onset is 2/min.
 *
 * <p>With {@code BENCH_DEBUG} set, every false outage, declared flood and missed target or surge outage is printed on
 * standard error (a missed outage with how many outages its series had before it).
 */
public final class DetectionBench {
    static final long SEED = 20240601L;
    static final Instant START = Instant.parse("2024-01-01T00:00:00Z"); // a Monday
    static final int DAYS = 35;
    static final int WARMUP_DAYS = 7;
    static final int GRACE_MIN = 30;
    static final double ARL = 100 * 1440;

    record Event(int start, int end, double kappa, double mu, String kind) {}

    /** @param withoutFloods the same counts without the floods' reports, for telling what the floods caused */
    record Scenario(String group, int[] counts, int[] withoutFloods, List<Event> events, double phi, double base,
            SeasonalBaseline prior) {}

    record Score(String rule, String subset, int events, int detected, int detections, int falseDetections,
            double serviceDays, double medianDelay, double p90Delay, double medianDelayOverBound, int floods,
            int floodsDeclared) {}

    public static void main(String[] args) throws IOException {
        long t0 = System.nanoTime();
        List<Scenario> scenarios = generate(args.length > 0 ? Integer.parseInt(args[0]) : 120);
        Map<String, DetectorSettings> rules = new LinkedHashMap<>();
        DetectorSettings d = DetectorSettings.defaults();
        rules.put("SCALES (multi-scale, recurrence 100 days)", d.withRule(DecisionRule.SCALES));
        rules.put("NB-CUSUM", d.withRule(DecisionRule.NB_CUSUM));
        String only = System.getProperty("bench.only"); // rule names separated by |, to run a few of them
        if (only != null) {
            rules.keySet().retainAll(List.of(only.split("\\|")));
        }
        rules.put("NB-CUSUM h=9 (faster, for comparison)", d.withRule(DecisionRule.NB_CUSUM).withThresholds(9, 5));
        rules.put("NB-tail 5 min + persistence 3", d.withRule(DecisionRule.NB_TAIL));
        rules.put("Poisson-tail 5 min + persistence 3", d.withRule(DecisionRule.POISSON_TAIL));
        List<Score> all = new ArrayList<>();
        for (Map.Entry<String, DetectorSettings> r : rules.entrySet()) {
            List<List<Decision>> runs = IntStream.range(0, scenarios.size()).parallel()
                    .mapToObj(i -> Backtest.run(START, 1, scenarios.get(i).counts(), scenarios.get(i).prior(),
                            settingsFor(scenarios.get(i), r.getValue())))
                    .toList();
            List<List<Decision>> runsWithoutFloods = IntStream.range(0, scenarios.size()).parallel()
                    .mapToObj(i -> Backtest.run(START, 1, scenarios.get(i).withoutFloods(), scenarios.get(i).prior(),
                            settingsFor(scenarios.get(i), r.getValue())))
                    .toList();
            all.addAll(score(r.getKey(), scenarios, runs, runsWithoutFloods));
            System.err.printf(Locale.ROOT, "%s done after %.0f s%n", r.getKey(), (System.nanoTime() - t0) / 1e9);
        }
        String md = markdown(all, scenarios.size(), (System.nanoTime() - t0) / 1e9);
        System.out.println(md);
        Path dir = Path.of("bench/results");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("detection.md"), md);
        Files.writeString(dir.resolve("detection.json"), json(all));
    }

    /** The detector as the server would set it: told the subnet cap the scenario's server applies. */
    static DetectorSettings settingsFor(Scenario sc, DetectorSettings s) {
        return sc.group().equals("floods cap 1/min") ? s.withSourceCap(s.sourceCapFor(1, 1)) : s;
    }

    static List<Scenario> generate(int mainSeries) {
        List<Scenario> out = new ArrayList<>();
        for (int i = 0; i < mainSeries; i++) {
            SplittableRandom r = new SplittableRandom(SEED + i);
            double base = Math.exp(Math.log(0.05) + r.nextDouble() * (Math.log(200) - Math.log(0.05)));
            double phi = 1.5 + r.nextDouble() * 8.5;
            out.add(scenario("main", r, base, phi, true, 0.2));
        }
        for (double phi : new double[] {1.5, 3, 10}) {
            for (int i = 0; i < 8; i++) {
                SplittableRandom r = new SplittableRandom(SEED * 31 + (long) (phi * 100) + i * 7919L);
                out.add(surge("5x@2/min phi=" + phi, r, 2.0, phi));
            }
        }
        for (int i = 0; i < 24; i++) {
            SplittableRandom r = new SplittableRandom(SEED * 17 + i);
            double base = Math.exp(Math.log(0.05) + r.nextDouble() * (Math.log(200) - Math.log(0.05)));
            out.add(scenario("floods cap 1/min", r, base, 1.5 + r.nextDouble() * 8.5, false, 1.0));
        }
        return out;
    }

    static Scenario scenario(String group, SplittableRandom r, double base, double phi, boolean outages,
            double subnetPerMinute) {
        int n = DAYS * 1440;
        double[] mu = seasonal(r, base, n);
        double[] mult = new double[n];
        Arrays.fill(mult, 1);
        List<Event> events = new ArrayList<>();
        int[] extra = new int[n];
        int scored = WARMUP_DAYS * 1440;
        if (outages) {
            for (int k = 0; k < 2; k++) {
                double kappa = Math.exp(Math.log(2) + r.nextDouble() * (Math.log(50) - Math.log(2)));
                int dur = (int) Math.round(Math.exp(Math.log(5) + r.nextDouble() * (Math.log(360) - Math.log(5))));
                int start = scored + 1440 * (k * 13 + 2) + r.nextInt(1440 * 10);
                boolean ramp = r.nextBoolean();
                applyOutage(mult, start, dur, kappa, ramp);
                events.add(new Event(start, start + dur, kappa, mu[start], ramp ? "ramp" : "step"));
            }
        }
        int person = scored + 1440 * 5 + r.nextInt(1440 * 3);
        int personDur = 120 + r.nextInt(361);
        for (int t = person; t < person + personDur; t += 15) {
            extra[t]++;
        }
        events.add(new Event(person, person + personDur, 0, mu[person], "one-reporter flood"));
        int subnet = scored + 1440 * 18 + r.nextInt(1440 * 3);
        int subnetDur = 60 + r.nextInt(181);
        int every = (int) Math.round(1 / subnetPerMinute);
        for (int t = subnet; t < subnet + subnetDur; t += every) {
            extra[t]++;
        }
        events.add(new Event(subnet, subnet + subnetDur, 0, mu[subnet], "subnet flood"));
        int[] counts = new int[n];
        int[] withoutFloods = new int[n];
        for (int t = 0; t < n; t++) {
            withoutFloods[t] = negBin(r, mu[t] * mult[t], phi);
            counts[t] = withoutFloods[t] + extra[t];
        }
        double priorError = Math.exp(0.5 * gaussian(r));
        SeasonalBaseline prior = SeasonalBaseline.flat(base * priorError, 2);
        return new Scenario(group, counts, withoutFloods, events, phi, base, prior);
    }

    static Scenario surge(String group, SplittableRandom r, double base, double phi) {
        int n = 21 * 1440;
        double[] mu = new double[n];
        Arrays.fill(mu, base);
        double[] mult = new double[n];
        Arrays.fill(mult, 1);
        List<Event> events = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            int start = WARMUP_DAYS * 1440 + 1440 * (3 * k + 1) + r.nextInt(1440);
            applyOutage(mult, start, 60, 5, false);
            events.add(new Event(start, start + 60, 5, base, "step"));
        }
        int[] counts = new int[n];
        for (int t = 0; t < n; t++) {
            counts[t] = negBin(r, mu[t] * mult[t], phi);
        }
        return new Scenario(group, counts, counts, events, phi, base, SeasonalBaseline.flat(base, phi));
    }

    static void applyOutage(double[] mult, int start, int dur, double kappa, boolean ramp) {
        int rise = ramp ? Math.max(1, Math.min(dur / 2, 30)) : 1;
        for (int t = start; t < start + dur && t < mult.length; t++) {
            double f = Math.min(1, (t - start + 1) / (double) rise);
            mult[t] = 1 + (kappa - 1) * f;
        }
    }

    static double[] seasonal(SplittableRandom r, double base, int n) {
        double amp = 0.3 + 0.4 * r.nextDouble();
        double phase = r.nextDouble() * 24;
        double weekend = 0.7 + 0.5 * r.nextDouble();
        int holiday = WARMUP_DAYS + 8 + r.nextInt(14);
        double[] level = new double[DAYS + 1];
        for (int d = 0; d <= DAYS; d++) {
            level[d] = Math.exp(0.05 * gaussian(r));
        }
        double[] mu = new double[n];
        for (int t = 0; t < n; t++) {
            int day = t / 1440;
            double hod = (t % 1440) / 60.0;
            int dow = day % 7;
                        double m = base * (1 + amp * Math.sin(2 * Math.PI * (hod - phase) / 24)) * level[day];
            if (dow >= 5) {
                m *= weekend;
            }
            if (dow == 0 && hod >= 9 && hod < 10) {
                m *= 1.6; // weekly peak: Monday 09:00 UTC
            }
            if (day == holiday) {
                m *= 1.3;
            }
            mu[t] = m;
        }
        return mu;
    }

    static List<Score> score(String rule, List<Scenario> scenarios, List<List<Decision>> runs,
            List<List<Decision>> runsWithoutFloods) {
        Map<String, List<Object[]>> bySubset = new LinkedHashMap<>();
        List<Score> out = new ArrayList<>();
        String[] subsets = {"all outages", "target: >=3x, >=10 min, base >=1/min", "5x@2/min phi=1.5",
            "5x@2/min phi=3.0", "5x@2/min phi=10.0", "floods cap 1/min"};
        for (String sub : subsets) {
            int events = 0;
            int detected = 0;
            int detections = 0;
            int falses = 0;
            double days = 0;
            int floods = 0;
            int floodsDeclared = 0;
            List<Double> delays = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < scenarios.size(); i++) {
                Scenario sc = scenarios.get(i);
                boolean groupMatch = sub.startsWith("5x") || sub.startsWith("floods") ? sc.group().equals(sub)
                        : sc.group().equals("main");
                if (!groupMatch) {
                    continue;
                }
                List<int[]> runsOfOutage = outageRuns(runs.get(i));
                List<int[]> backgroundRuns = outageRuns(runsWithoutFloods.get(i));
                int scored = WARMUP_DAYS * 1440;
                days += (sc.counts().length - scored) / 1440.0;
                for (int[] run : runsOfOutage) {
                    if (run[0] < scored) {
                        continue;
                    }
                    detections++;
                    boolean matched = false;
                    for (Event e : sc.events()) {
                        if (e.kappa() > 0 && run[0] <= e.end() + GRACE_MIN && run[1] >= e.start()) {
                            matched = true;
                        }
                    }
                    if (!matched) {
                        falses++;
                        if (System.getenv("BENCH_DEBUG") != null && sub.equals("all outages")) {
                            Decision dd = runs.get(i).get(run[0]);
                            System.err.printf(Locale.ROOT,
                                    "FALSE %s series %d base %.2f phi %.1f at day %d %s len %d obs %d exp %.1f w %d/%.1f onset %s%n",
                                    rule, i, sc.base(), sc.phi(), run[0] / 1440, dd.minute(), run[1] - run[0] + 1,
                                    dd.observed(), dd.expected(), dd.windowObserved(), dd.windowExpected(), dd.onset());
                        }
                    }
                }
                for (Event e : sc.events()) {
                    if (e.kappa() == 0) {
                        floods++;
                        boolean declared = false;
                        for (int[] run : runsOfOutage) {
                            boolean real = sc.events().stream().anyMatch(o -> o.kappa() > 0
                                    && run[0] <= o.end() + GRACE_MIN && run[1] >= o.start());
                            boolean background = backgroundRuns.stream()
                                    .anyMatch(b -> b[0] <= run[1] && b[1] >= run[0]);
                            if (!real && !background && run[0] <= e.end() + GRACE_MIN && run[1] >= e.start()) {
                                declared = true;
                                if (System.getenv("BENCH_DEBUG") != null) {
                                    Decision dd = runs.get(i).get(run[0]);
                                    System.err.printf(Locale.ROOT, "FLOOD %s %s series %d base %.2f phi %.1f flood "
                                            + "%d-%d run %d-%d window %d/%.1f%n", rule, sub, i, sc.base(), sc.phi(),
                                            e.start(), e.end(), run[0], run[1], dd.windowObserved(),
                                            dd.windowExpected());
                                }
                            }
                        }
                        if (declared) {
                            floodsDeclared++;
                        }
                        continue;
                    }
                    if (sub.startsWith("target") && !(e.kappa() >= 3 && e.end() - e.start() >= 10 && e.mu() >= 1)) {
                        continue;
                    }
                    events++;
                    Integer first = null;
                    for (int[] run : runsOfOutage) {
                        if (run[0] >= e.start() - GRACE_MIN && run[0] <= e.end() + GRACE_MIN && run[1] >= e.start()) {
                            first = first == null ? run[0] : Math.min(first, run[0]);
                        }
                    }
                    if (first == null && System.getenv("BENCH_DEBUG") != null && !sub.equals("all outages")) {
                        long earlier = sc.events().stream().filter(o -> o.kappa() > 0 && o.start() < e.start()).count();
                        System.err.printf(Locale.ROOT, "MISSED %s %s series %d base %.2f phi %.1f at day %d: %.1fx %s "
                                + "for %d min on %.2f/min, %d outage(s) of the series before%n", rule, sub, i, sc.base(),
                                sc.phi(), e.start() / 1440, e.kappa(), e.kind(), e.end() - e.start(), e.mu(), earlier);
                    }
                    if (first != null) {
                        detected++;
                        double delay = Math.max(0, first - e.start()) + 1;
                        delays.add(delay);
                        double lam = e.mu();
                        double muA = e.kappa() * lam;
                        double kl = muA * Math.log(muA / lam) - muA + lam;
                        ratios.add(delay / (Math.log(ARL) / kl));
                    }
                }
            }
            out.add(new Score(rule, sub, events, detected, detections, falses, days, quantile(delays, 0.5),
                    quantile(delays, 0.9), quantile(ratios, 0.5), floods, floodsDeclared));
        }
        return out;
    }

    /** Runs of OUTAGE as [first tick, last tick]. */
    static List<int[]> outageRuns(List<Decision> ds) {
        List<int[]> runs = new ArrayList<>();
        int start = -1;
        for (int t = 0; t < ds.size(); t++) {
            boolean on = ds.get(t).alert();
            if (on && start < 0) {
                start = t;
            } else if (!on && start >= 0) {
                runs.add(new int[] {start, t - 1});
                start = -1;
            }
        }
        if (start >= 0) {
            runs.add(new int[] {start, ds.size() - 1});
        }
        return runs;
    }

    static double quantile(List<Double> v, double q) {
        if (v.isEmpty()) {
            return Double.NaN;
        }
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a[Math.min(a.length - 1, (int) Math.floor(q * a.length))];
    }

    static String markdown(List<Score> all, int series, double seconds) {
        StringBuilder b = new StringBuilder();
        b.append("# Detection benchmark\n\n");
        b.append(String.format(Locale.ROOT,
                "Seed %d, %d series, %d days each (first %d days warm-up, not scored), run time %.0f s. "
                        + "Command: `bench/detection/run.sh`. Delay in minutes from outage start to confirmation "
                        + "(1 = confirmed in the first minute); bound = ln(ARL)/KL with ARL = 100 days.%n%n",
                SEED, series, DAYS, WARMUP_DAYS, seconds));
        b.append("| rule | subset | events | recall | precision | F1 | false outages /100 service-days | "
                + "median delay | p90 delay | median delay / bound | floods declared |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Score s : all) {
            double recall = s.events() == 0 ? Double.NaN : (double) s.detected() / s.events();
            double precision = s.detections() == 0 ? Double.NaN
                    : (double) (s.detections() - s.falseDetections()) / s.detections();
            double f1 = 2 * precision * recall / (precision + recall);
            b.append(String.format(Locale.ROOT, "| %s | %s | %d | %.3f | %.3f | %.3f | %.2f | %.1f | %.1f | %.1f | %d/%d |%n",
                    s.rule(), s.subset(), s.events(), recall, precision, f1,
                    100.0 * s.falseDetections() / s.serviceDays(), s.medianDelay(), s.p90Delay(),
                    s.medianDelayOverBound(), s.floodsDeclared(), s.floods()));
        }
        return b.toString();
    }

    static String json(List<Score> all) {
        StringBuilder b = new StringBuilder("[\n");
        for (int i = 0; i < all.size(); i++) {
            Score s = all.get(i);
            b.append(String.format(Locale.ROOT,
                    "  {\"rule\": \"%s\", \"subset\": \"%s\", \"events\": %d, \"detected\": %d, \"detections\": %d, "
                            + "\"falseDetections\": %d, \"serviceDays\": %.1f, \"medianDelay\": %s, \"p90Delay\": %s, "
                            + "\"medianDelayOverBound\": %s, \"floods\": %d, \"floodsDeclared\": %d}%s%n",
                    s.rule(), s.subset(), s.events(), s.detected(), s.detections(), s.falseDetections(),
                    s.serviceDays(), num(s.medianDelay()), num(s.p90Delay()), num(s.medianDelayOverBound()),
                    s.floods(), s.floodsDeclared(), i + 1 < all.size() ? "," : ""));
        }
        return b.append("]\n").toString();
    }

    static String num(double v) {
        return Double.isNaN(v) ? "null" : String.format(Locale.ROOT, "%.2f", v);
    }

    static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** NB with mean m and variance phi·m, as Poisson(Gamma(shape m/(phi−1), scale phi−1)). */
    static int negBin(SplittableRandom r, double m, double phi) {
        if (m <= 0) {
            return 0;
        }
        double lambda = phi <= 1 ? m : gamma(r, m / (phi - 1)) * (phi - 1);
        return poisson(r, lambda);
    }

    static double gamma(SplittableRandom r, double shape) {
        if (shape < 1) {
            double u = r.nextDouble();
            return gamma(r, shape + 1) * Math.pow(u, 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = gaussian(r);
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = r.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }

    static int poisson(SplittableRandom r, double lambda) {
        if (lambda < 30) {
            double l = Math.exp(-lambda);
            int k = 0;
            double p = r.nextDouble();
            while (p > l) {
                k++;
                p *= r.nextDouble();
            }
            return k;
        }
        // Hörmann (1993) PTRS transformed rejection.
        double slam = Math.sqrt(lambda);
        double loglam = Math.log(lambda);
        double b = 0.931 + 2.53 * slam;
        double a = -0.059 + 0.02483 * b;
        double invalpha = 1.1239 + 1.1328 / (b - 3.4);
        double vr = 0.9277 - 3.6224 / (b - 2);
        while (true) {
            double u = r.nextDouble() - 0.5;
            double v = r.nextDouble();
            double us = 0.5 - Math.abs(u);
            long k = (long) Math.floor((2 * a / us + b) * u + lambda + 0.43);
            if (us >= 0.07 && v <= vr) {
                return (int) k;
            }
            if (k < 0 || (us < 0.013 && v > us)) {
                continue;
            }
            if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b)
                    <= -lambda + k * loglam - org.apache.commons.math3.special.Gamma.logGamma(k + 1)) {
                return (int) k;
            }
        }
    }
}
