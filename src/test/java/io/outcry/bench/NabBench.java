package io.outcry.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outcry.detect.Backtest;
import io.outcry.detect.Decision;
import io.outcry.detect.DecisionRule;
import io.outcry.detect.DetectorSettings;
import io.outcry.detect.SeasonalBaseline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Detection on real public data: the Numenta Anomaly Benchmark's real count series with their labelled windows,
 * scored by event, each Outcry detector next to NAB's own published detectors scored the same way. Not a unit test.
 *
 * <p>Run: {@code bench/detection/nab.sh [NAB_DIR]} (finds or fetches a NAB checkout; writes
 * {@code bench/results/detection-nab.md}). NAB's data is not copied into Outcry.
 *
 * <p>Data sets: {@code realTweets} (10 series of tweet volumes per 5 minutes about companies, 33 labelled
 * windows) and {@code nyc_taxi} (taxi passengers in New York per 30 minutes, 5 labelled windows: the marathon,
 * Thanksgiving, Christmas, New Year, a blizzard; most are drops, which an outage detector is not meant to find,
 * so it is shown apart).
 *
 * <p>Scoring, as NAB's: the first 15 % of each file (at most 750 rows) is warm-up, alerts there are ignored.
 * An alert is a row where the detector is in OUTAGE (NAB's detectors: anomaly score ≥ the threshold NAB publishes
 * for its standard profile in {@code config/thresholds.json}). A window is found when an alert falls inside it;
 * each maximal run of alert rows that touches no window is one false event. Precision = found / (found + false
 * events), recall = found / windows. Delay: first alert in a found window minus NAB's labelled anomaly time.
 */
public final class NabBench {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]");
    /** NAB's detectors as published (results files and standard-profile thresholds), and their names in the paper. */
    static final Map<String, String> PUBLISHED = new LinkedHashMap<>();

    static {
        PUBLISHED.put("contextOSE", "contextOSE");
        PUBLISHED.put("ARTime", "ARTime");
        PUBLISHED.put("numenta", "Numenta HTM");
        PUBLISHED.put("twitterADVec", "Twitter S-H-ESD (ADVec)");
    }

    /** The server's rule, as {@link #detectors()} names it. */
    static final String SERVER = "Outcry SCALES (a node's series rule: 100 days, one network's most set aside)";
    /**
     * The realTweets series the rule was developed on; the other five are reported apart, as data it was not tuned
     * on.
     */
    static final List<String> DEVELOPED_ON = List.of("AAPL", "AMZN", "CRM", "CVS", "FB");

    public record Window(Instant start, Instant end, Instant label) {}

    public record Series(String dataSet, String file, Instant[] stamps, int[] counts, int stepMinutes, List<Window> windows,
            int probation) {}

    record Score(String dataSet, String detector, int windows, int found, int falseEvents, double seriesDays,
            List<Double> delaysMinutes) {
        double precision() {
            return found + falseEvents == 0 ? Double.NaN : (double) found / (found + falseEvents);
        }

        double recall() {
            return (double) found / windows;
        }

        double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
    }

    public static void main(String[] args) throws IOException {
        Path nab = Path.of(args.length > 0 ? args[0] : System.getenv().getOrDefault("NAB_DIR", "/tmp/outcry-nab"));
        long t0 = System.nanoTime();
        Map<String, List<Series>> sets = load(nab);
        Map<String, Function<Series, boolean[]>> detectors = detectors();
        StringBuilder md = new StringBuilder("# Detection on real data (NAB)\n\n");
        md.append(String.format(Locale.ROOT, "NAB checkout: commit %s. Command: `bench/detection/nab.sh`.%n%n",
                commit(nab)));
        md.append("| data set | detector | windows | found | false events | precision | recall | F1 "
                + "| false events /100 series-days | median delay (min) |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, List<Series>> set : sets.entrySet()) {
            List<Score> scores = new ArrayList<>();
            for (Map.Entry<String, Function<Series, boolean[]>> d : detectors.entrySet()) {
                scores.add(score(set.getKey(), d.getKey(), set.getValue(), d.getValue()));
            }
            for (Map.Entry<String, String> p : PUBLISHED.entrySet()) {
                double threshold = threshold(nab, p.getKey());
                scores.add(score(set.getKey(), p.getValue() + " (NAB results, threshold " + threshold + ")",
                        set.getValue(), s -> published(nab, p.getKey(), s, threshold)));
            }
            if (set.getKey().equals("realTweets")) {
                Function<Series, boolean[]> server = detectors.get(SERVER);
                List<Series> dev = set.getValue().stream().filter(x -> DEVELOPED_ON.stream().anyMatch(
                        x.file()::contains)).toList();
                List<Series> held = set.getValue().stream().filter(x -> !dev.contains(x)).toList();
                scores.add(1, score("realTweets: the 5 series the rule was developed on", SERVER, dev, server));
                scores.add(2, score("realTweets: the 5 other series (held out)", SERVER, held, server));
            }
            for (Score s : scores) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %.2f | %.2f | %.2f | %.1f | %s |%n",
                        s.dataSet(), s.detector(), s.windows(), s.found(), s.falseEvents(), s.precision(),
                        s.recall(), s.f1(), 100 * s.falseEvents() / s.seriesDays(), median(s.delaysMinutes())));
            }
        }
        md.append(String.format(Locale.ROOT,
                "%nPublished event-level F1 on realTweets (the figures this table checks): contextOSE 0.78, "
                        + "ARTime 0.47, Numenta HTM 0.45, Twitter S-H-ESD 0.32. Run time %.0f s.%n",
                (System.nanoTime() - t0) / 1e9));
        System.out.print(md);
        Files.createDirectories(Path.of("bench/results"));
        Files.writeString(Path.of("bench/results/detection-nab.md"), md.toString());
    }

    /** Outcry's detectors, each run as {@code replay} runs it (prior: the mean of the file's first day). */
    static Map<String, Function<Series, boolean[]>> detectors() {
        Map<String, Function<Series, boolean[]>> d = new LinkedHashMap<>();
        d.put("Outcry NB-CUSUM (replay --rule nb-cusum)",
                s -> alerts(Backtest.run(s.stamps()[0], s.stepMinutes(), s.counts(), prior(s),
                        DetectorSettings.defaults().withRule(DecisionRule.NB_CUSUM))));
        DetectorSettings scales = DetectorSettings.defaults().withRule(DecisionRule.SCALES);
        d.put(SERVER,
                s -> alerts(Backtest.run(s.stamps()[0], s.stepMinutes(), s.counts(), prior(s), scales)));
        d.put("Outcry SCALES (replay's default: each count a person of its own)",
                s -> alerts(Backtest.run(s.stamps()[0], s.stepMinutes(), s.counts(), prior(s),
                        scales.withSourceCap(0))));
        for (double days : new double[] {10, 20, 40}) {
            DetectorSettings x = scales.withRecurrence(Math.min(scales.warningRecurrenceDays(), days), days);
            d.put("Outcry SCALES at " + (int) days + " days instead of " + (int) scales.outageRecurrenceDays()
                    + " (trade-off, not the default)", s -> alerts(Backtest.run(s.stamps()[0], s.stepMinutes(),
                    s.counts(), prior(s), x)));
        }
        return d;
    }

    public static SeasonalBaseline prior(Series s) {
        int firstDay = Math.min(s.counts().length, 1440 / s.stepMinutes());
        long sum = 0;
        for (int i = 0; i < firstDay; i++) {
            sum += s.counts()[i];
        }
        return SeasonalBaseline.flat(sum / (double) (firstDay * s.stepMinutes()), 1);
    }

    static boolean[] alerts(List<Decision> ds) {
        boolean[] a = new boolean[ds.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = ds.get(i).alert();
        }
        return a;
    }

    static Score score(String dataSet, String detector, List<Series> series, Function<Series, boolean[]> run) {
        int windows = 0;
        int found = 0;
        int falses = 0;
        double days = 0;
        List<Double> delays = new ArrayList<>();
        List<boolean[]> all = series.parallelStream().map(run).toList();
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            boolean[] a = all.get(k);
            windows += s.windows().size();
            days += (s.counts().length - s.probation()) * s.stepMinutes() / 1440.0;
            for (Window w : s.windows()) {
                for (int i = s.probation(); i < a.length; i++) {
                    if (a[i] && inside(s.stamps()[i], w)) {
                        found++;
                        delays.add(Duration.between(w.label(), s.stamps()[i]).toSeconds() / 60.0);
                        break;
                    }
                }
            }
            int i = s.probation();
            while (i < a.length) {
                if (!a[i]) {
                    i++;
                    continue;
                }
                boolean touches = false;
                for (; i < a.length && a[i]; i++) {
                    for (Window w : s.windows()) {
                        touches |= inside(s.stamps()[i], w);
                    }
                }
                if (!touches) {
                    falses++;
                }
            }
        }
        return new Score(dataSet, detector, windows, found, falses, days, delays);
    }

    public static boolean inside(Instant t, Window w) {
        return !t.isBefore(w.start()) && !t.isAfter(w.end());
    }

    public static Map<String, List<Series>> load(Path nab) throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode windows = json.readTree(nab.resolve("labels/combined_windows.json").toFile());
        JsonNode labels = json.readTree(nab.resolve("labels/combined_labels.json").toFile());
        Map<String, List<Series>> sets = new LinkedHashMap<>();
        List<Series> tweets = new ArrayList<>();
        try (var files = Files.list(nab.resolve("data/realTweets"))) {
            for (Path f : files.sorted().toList()) {
                tweets.add(series("realTweets", "realTweets/" + f.getFileName(), nab, windows, labels));
            }
        }
        sets.put("realTweets", tweets);
        sets.put("nyc_taxi", List.of(series("nyc_taxi", "realKnownCause/nyc_taxi.csv", nab, windows, labels)));
        return sets;
    }

    static Series series(String dataSet, String name, Path nab, JsonNode windows, JsonNode labels) throws IOException {
        List<String> lines = Files.readAllLines(nab.resolve("data").resolve(name));
        int n = lines.size() - 1;
        Instant[] t = new Instant[n];
        int[] c = new int[n];
        for (int i = 0; i < n; i++) {
            String[] f = lines.get(i + 1).split(",");
            t[i] = time(f[0]);
            c[i] = (int) Math.round(Double.parseDouble(f[1]));
        }
        int step = (int) Duration.between(t[0], t[1]).toMinutes();
        List<Window> ws = new ArrayList<>();
        JsonNode wl = windows.get(name);
        JsonNode ll = labels.get(name);
        for (int i = 0; i < wl.size(); i++) {
            Instant start = time(wl.get(i).get(0).asText());
            Instant end = time(wl.get(i).get(1).asText());
            Instant label = start;
            for (JsonNode l : ll) {
                Instant at = time(l.asText());
                if (!at.isBefore(start) && !at.isAfter(end)) {
                    label = at;
                }
            }
            ws.add(new Window(start, end, label));
        }
        return new Series(dataSet, name, t, c, step, ws, Math.min((int) Math.floor(0.15 * n), 750));
    }

    static Instant time(String v) {
        return LocalDateTime.parse(v, STAMP).toInstant(ZoneOffset.UTC);
    }

    static double threshold(Path nab, String detector) {
        try {
            return new ObjectMapper().readTree(nab.resolve("config/thresholds.json").toFile())
                    .get(detector).get("standard").get("threshold").asDouble();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean[] published(Path nab, String detector, Series s, double threshold) {
        Path f = nab.resolve("results").resolve(detector).resolve(s.file().replace("/", "/" + detector + "_"));
        try {
            List<String> lines = Files.readAllLines(f);
            boolean[] a = new boolean[s.counts().length];
            for (int i = 0; i < a.length; i++) {
                a[i] = Double.parseDouble(lines.get(i + 1).split(",")[2]) >= threshold;
            }
            return a;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String commit(Path nab) {
        try {
            Process p = new ProcessBuilder("git", "-C", nab.toString(), "rev-parse", "HEAD").start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            return p.waitFor() == 0 && !out.isEmpty() ? out : "unknown";
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }

    static String median(List<Double> v) {
        if (v.isEmpty()) {
            return "–";
        }
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double m = a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
        return String.format(Locale.ROOT, "%.0f", m);
    }
}
