package io.outcry.cli;

import io.outcry.detect.Backtest;
import io.outcry.detect.Decision;
import io.outcry.detect.DecisionRule;
import io.outcry.detect.DetectorSettings;
import io.outcry.detect.SeasonalBaseline;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code replay FILE.csv}: runs the server's detector over a CSV of counts with {@link Backtest} and
 * prints one decision per input line.
 *
 * <p>Steps longer than a minute: each line is one tick whose expectation is the baseline summed over
 * its minutes, with the same φ (variance = φ·mean is preserved by summing); windows in minutes
 * become ⌈minutes/step⌉ ticks. The step must divide 60; the stamps may have any offset and are kept.
 * The file is read by {@link CountsCsv}. The warm-up prior (the server uses the
 * parent series × share) is a flat rate: {@code --prior-rate}, by default the mean of the file's first
 * 24 hours, so a replay neither screams nor sleeps on its first day.
 *
 * <p>A count says how many, not who: each is taken as a different person on a network of their own, as
 * {@code replay --reports} takes each line, so nothing is set aside for one network unless {@code --source-cap} says
 * what one could add. A node's series rules set aside its intake's most (their reports' networks are not theirs to
 * see), which on a sparse series is most of a local outage: a replay with the node's set-aside is that series rule
 * alone, without the regional scan that judges a node's regions from their reporters' networks.
 */
public final class Replay {
    /** The server's own settings: replay runs what the server runs unless told otherwise. */
    private static final DetectorSettings DEFAULTS = DetectorSettings.defaults();
    /** Replay's own defaults: the server's, each count a person of their own (see the class comment). */
    private static final DetectorSettings REPLAY = DEFAULTS.withSourceCap(0);
    private static final String USAGE = """
            usage: replay [options] FILE.csv    one series of counts, judged as the server judges a series
                   replay --reports FILE.csv  one line per report, judged by the server's whole detection
              FILE.csv            timestamp,value lines (yyyy-MM-dd HH:mm:ss or ISO-8601, UTC unless an offset
                                  follows, or seconds since 1970), an optional header, commas, semicolons
                                  or tabs between fields;
                                  one line per step at any offset (stamps are kept), in time order, no
                                  duplicates; a step without a line counts as 0 (said once on stderr)
              --step MINUTES      minutes per line (default: the smallest gap between two lines; must divide 60)
              --rule NAME         scales, nb-cusum, nb-tail or poisson-tail (default: the server's, %s)
              --outage-days D     scales: confirm when counts this high come less than once in D days (default %s)
              --warning-days D    scales: possible problems when less than once in D days (default %s)
              --fdr Q             nb-cusum and tails: Benjamini-Hochberg level (default %s)
              --alarm NATS        nb-cusum: CUSUM threshold to confirm an outage (default %s)
              --warning NATS      nb-cusum: CUSUM threshold for an early warning (default %s)
              --min-reporters N   nb-cusum and tails: reporters needed over %d minutes (default %d)
              --min-ratio R       observed/expected needed since the onset (default %s)
              --source-cap N      reporters one network can add per %d minutes, set aside before confirming
                                  (default 0: each count is a different person on a network of their own, as
                                  replay --reports takes each line; a node's series rules set aside %d)
              --weeks N           weeks of history for the baseline (default %d)
              --prior-rate R      warm-up prior, reporters per minute (default: mean of the first 24 h of the file)
              --help              this text
            output: timestamp,value,expected,score,alert,state (alert = 1 while an outage is open)

            --reports FILE.csv: timestamp[,region][,problem] lines, one per person, in time order; the region as the
                                  API's codes (US, US-TX), empty when unknown. The first 24 hours are the history
                                  the usual levels start from, not judged. Output: one line per outage it would
                                  declare, possible problems included:
                                  scope,state,start,confirmed,end,peak_observed,peak_expected
            """.formatted(DEFAULTS.rule().name().toLowerCase(Locale.ROOT).replace('_', '-'),
            num(DEFAULTS.outageRecurrenceDays()), num(DEFAULTS.warningRecurrenceDays()),
            num(DEFAULTS.fdrLevel()), num(DEFAULTS.alarmThreshold()), num(DEFAULTS.warningThreshold()),
            DEFAULTS.windowMinutes(), DEFAULTS.minReporters(), num(DEFAULTS.minRatio()), DEFAULTS.windowMinutes(),
            DEFAULTS.sourceCap(), DEFAULTS.baselineWeeks());

    private Replay() {}

    /** Runs the command; returns 0 on success, 2 on bad input. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            Options o = Options.parse(args);
            if (o == null) {
                out.print(USAGE);
                return 0;
            }
            if (o.reports()) {
                ReplayReports.run(Path.of(o.file()), out, err);
                return 0;
            }
            CountsCsv csv = read(o.file(), o.step(), err);
            SeasonalBaseline prior = SeasonalBaseline.flat(priorRate(o.priorRate(), csv), 1);
            List<Decision> ds = Backtest.run(csv.first(), csv.stepMinutes(), csv.counts(), prior, o.settings());
            out.println("timestamp,value,expected,score,alert,state");
            for (Decision d : ds) {
                out.printf(Locale.ROOT, "%s,%d,%.4f,%.4f,%d,%s%n", d.minute(), d.observed(), d.expected(), d.score(),
                        d.alert() ? 1 : 0, d.state());
            }
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("replay: " + e.getMessage());
            err.println("try: replay --help");
            return 2;
        }
    }

    /**
     * The command line: the settings it asks for, the step, the prior rate and the file, or a file of reports (which
     * the server's settings judge).
     */
    private record Options(DetectorSettings settings, Integer step, Double priorRate, String file, boolean reports) {
        /** The options, or null when help was asked for. */
        static Options parse(String[] args) {
            DetectorSettings s = REPLAY;
            Integer step = null;
            Double priorRate = null;
            String file = null;
            boolean reports = false;
            double alarm = s.alarmThreshold();
            double warning = s.warningThreshold();
            double outageDays = s.outageRecurrenceDays();
            double warningDays = s.warningRecurrenceDays();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--help", "-h" -> {
                        return null;
                    }
                    case "--reports" -> reports = true;
                    case "--step" -> step = positiveInt(a, value(args, ++i, a));
                    case "--rule" -> s = s.withRule(rule(value(args, ++i, a)));
                    case "--fdr" -> s = s.withFdrLevel(number(a, value(args, ++i, a)));
                    case "--alarm" -> alarm = number(a, value(args, ++i, a));
                    case "--warning" -> warning = number(a, value(args, ++i, a));
                    case "--min-reporters" -> s = s.withMinimums(positiveInt(a, value(args, ++i, a)), s.minRatio());
                    case "--min-ratio" -> s = s.withMinimums(s.minReporters(), number(a, value(args, ++i, a)));
                    case "--outage-days" -> outageDays = number(a, value(args, ++i, a));
                    case "--warning-days" -> warningDays = number(a, value(args, ++i, a));
                    case "--source-cap" -> s = s.withSourceCap(nonNegativeInt(a, value(args, ++i, a)));
                    case "--prior-rate" -> priorRate = number(a, value(args, ++i, a));
                    case "--weeks" -> s = s.withBaseline(positiveInt(a, value(args, ++i, a)), s.priorDays(),
                            s.floorRate());
                    default -> file = operand(a, file);
                }
            }
            if (reports && (args.length != 2 || file == null)) {
                throw new IllegalArgumentException("--reports takes FILE.csv and no other option: it judges with the "
                        + "server's settings");
            }
            if (file == null) {
                throw new IllegalArgumentException("missing FILE.csv");
            }
            s = s.withThresholds(alarm, warning).withRecurrence(Math.min(warningDays, outageDays), outageDays);
            return new Options(s, step, priorRate, file, reports);
        }

        private static String operand(String a, String file) {
            if (a.startsWith("--")) {
                throw new IllegalArgumentException("unknown option " + a);
            }
            if (file != null) {
                throw new IllegalArgumentException("only one FILE expected, got " + file + " and " + a);
            }
            return a;
        }
    }

    private static CountsCsv read(String file, Integer step, PrintStream err) {
        CountsCsv csv = CsvFile.read(Path.of(file), in -> CountsCsv.read(in, step));
        if (csv.missing() > 0) {
            err.printf(Locale.ROOT, "replay: %d of %d steps have no line (the first at %s): counted as 0%n",
                    csv.missing(), csv.counts().length, csv.firstMissing());
        }
        return csv;
    }

    /** The warm-up prior's rate: as given, or the mean of the file's first 24 hours. */
    private static double priorRate(Double given, CountsCsv csv) {
        double rate = given != null ? given : firstDayMean(csv);
        if (!(rate >= 0)) {
            throw new IllegalArgumentException("--prior-rate must be >= 0: " + rate);
        }
        return rate;
    }

    private static double firstDayMean(CountsCsv csv) {
        int[] counts = csv.counts();
        int firstDay = Math.min(counts.length, 1440 / csv.stepMinutes());
        long sum = 0;
        for (int i = 0; i < firstDay; i++) {
            sum += counts[i];
        }
        return sum / (double) (firstDay * csv.stepMinutes());
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static double number(String option, String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": not a number: " + v);
        }
    }

    private static int positiveInt(String option, String v) {
        return atLeast(1, option, v);
    }

    private static int nonNegativeInt(String option, String v) {
        return atLeast(0, option, v);
    }

    private static int atLeast(int least, String option, String v) {
        try {
            int n = Integer.parseInt(v);
            if (n < least) {
                throw new IllegalArgumentException(option + " must be >= " + least + ": " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": not an integer: " + v);
        }
    }

    private static DecisionRule rule(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "scales" -> DecisionRule.SCALES;
            case "nb-cusum" -> DecisionRule.NB_CUSUM;
            case "nb-tail" -> DecisionRule.NB_TAIL;
            case "poisson-tail" -> DecisionRule.POISSON_TAIL;
            default -> throw new IllegalArgumentException("--rule: unknown rule " + v
                    + " (scales, nb-cusum, nb-tail, poisson-tail)");
        };
    }
}
