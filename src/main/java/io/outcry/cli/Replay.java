package io.outcry.cli;

import io.outcry.detect.Backtest;
import io.outcry.detect.Decision;
import io.outcry.detect.DecisionRule;
import io.outcry.detect.DetectorSettings;
import io.outcry.detect.SeasonalBaseline;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code replay FILE.csv}: runs the server's detector over a CSV of counts with {@link Backtest} and
 * prints one decision per input line.
 *
 * <p>Steps longer than a minute: each line is one tick whose expectation is the baseline summed over
 * its minutes, with the same φ (variance = φ·mean is preserved by summing); windows in minutes
 * become ⌈minutes/step⌉ ticks. The step must divide 60. The warm-up prior (the server uses the
 * parent series × share) is a flat rate: {@code --prior-rate}, by default the mean of the file's first
 * 24 hours, so a replay neither screams nor sleeps on its first day.
 */
public final class Replay {
    private static final DateTimeFormatter SPACE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm[:ss]");
    private static final String USAGE = """
            usage: replay [options] FILE.csv
              FILE.csv            header line, then timestamp,value (ISO-8601 or yyyy-MM-dd HH:mm:ss, UTC)
              --step MINUTES      minutes per line (default: inferred from the first two lines; must divide 60)
              --rule NAME         nb-cusum (default), nb-tail or poisson-tail
              --fdr Q             Benjamini-Hochberg level (default 0.05)
              --alarm NATS        CUSUM threshold to confirm an outage (default 12)
              --warning NATS      CUSUM threshold for an early warning (default 6)
              --min-reporters N   reporters needed over 15 minutes (default 10)
              --min-ratio R       observed/expected needed over 15 minutes (default 1.5)
              --weeks N           weeks of history for the baseline (default 4)
              --prior-rate R      warm-up prior, reporters per minute (default: mean of the first 24 h of the file)
              --help              this text
            output: timestamp,value,expected,score,alert,state (alert = 1 while an outage is open)
            """;

    private Replay() {}

    /** Runs the command; returns 0 on success, 2 on bad input. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        DetectorSettings s = DetectorSettings.defaults();
        Integer step = null;
        Double priorRate = null;
        String file = null;
        double alarm = s.alarmThreshold();
        double warning = s.warningThreshold();
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--help", "-h" -> {
                        out.print(USAGE);
                        return 0;
                    }
                    case "--step" -> step = positiveInt(a, value(args, ++i, a));
                    case "--rule" -> s = s.withRule(rule(value(args, ++i, a)));
                    case "--fdr" -> s = s.withFdrLevel(number(a, value(args, ++i, a)));
                    case "--alarm" -> alarm = number(a, value(args, ++i, a));
                    case "--warning" -> warning = number(a, value(args, ++i, a));
                    case "--min-reporters" -> s = s.withMinimums(positiveInt(a, value(args, ++i, a)), s.minRatio());
                    case "--min-ratio" -> s = s.withMinimums(s.minReporters(), number(a, value(args, ++i, a)));
                    case "--prior-rate" -> priorRate = number(a, value(args, ++i, a));
                    case "--weeks" -> s = s.withBaseline(positiveInt(a, value(args, ++i, a)), s.priorDays(),
                            s.floorRate());
                    default -> {
                        if (a.startsWith("--")) {
                            throw new IllegalArgumentException("unknown option " + a);
                        }
                        if (file != null) {
                            throw new IllegalArgumentException("only one FILE expected, got " + file + " and " + a);
                        }
                        file = a;
                    }
                }
            }
            s = s.withThresholds(alarm, warning);
            if (file == null) {
                throw new IllegalArgumentException("missing FILE.csv");
            }
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of(file));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
            }
            List<Instant> times = new ArrayList<>();
            List<Integer> values = new ArrayList<>();
            for (int n = 1; n < lines.size(); n++) {
                String line = lines.get(n).strip();
                if (line.isEmpty()) {
                    continue;
                }
                String[] f = line.split(",");
                if (f.length != 2) {
                    throw new IllegalArgumentException("line " + (n + 1) + ": expected timestamp,value, got: " + line);
                }
                times.add(time(f[0].strip(), n + 1));
                values.add(count(f[1].strip(), n + 1));
            }
            if (times.isEmpty()) {
                throw new IllegalArgumentException(file + ": no data lines after the header");
            }
            int stepMinutes = step != null ? step : inferStep(times);
            if (60 % stepMinutes != 0) {
                throw new IllegalArgumentException("step must divide 60 minutes, got " + stepMinutes);
            }
            for (int i = 0; i < times.size(); i++) {
                Instant expected = times.get(0).plusSeconds(60L * stepMinutes * i);
                if (!times.get(i).equals(expected)) {
                    throw new IllegalArgumentException("line " + (i + 2) + ": expected " + expected + " (step "
                            + stepMinutes + " min, no gaps), got " + times.get(i));
                }
            }
            int[] counts = values.stream().mapToInt(Integer::intValue).toArray();
            if (priorRate == null) {
                int firstDay = Math.min(counts.length, 1440 / stepMinutes);
                long sum = 0;
                for (int i = 0; i < firstDay; i++) {
                    sum += counts[i];
                }
                priorRate = sum / (double) (firstDay * stepMinutes);
            }
            if (!(priorRate >= 0)) {
                throw new IllegalArgumentException("--prior-rate must be >= 0: " + priorRate);
            }
            SeasonalBaseline prior = SeasonalBaseline.flat(priorRate, 1);
            List<Decision> ds = Backtest.run(times.get(0), stepMinutes, counts, prior, s);
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
        try {
            int n = Integer.parseInt(v);
            if (n < 1) {
                throw new IllegalArgumentException(option + " must be >= 1: " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": not an integer: " + v);
        }
    }

    private static DecisionRule rule(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "nb-cusum" -> DecisionRule.NB_CUSUM;
            case "nb-tail" -> DecisionRule.NB_TAIL;
            case "poisson-tail" -> DecisionRule.POISSON_TAIL;
            default -> throw new IllegalArgumentException("--rule: unknown rule " + v
                    + " (nb-cusum, nb-tail, poisson-tail)");
        };
    }

    static Instant time(String v, int line) {
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            // fall through: no offset
        }
        try {
            String iso = v.replace(' ', 'T');
            return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            // fall through
        }
        try {
            return LocalDateTime.parse(v, SPACE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("line " + line + ": bad timestamp " + v
                    + " (ISO-8601 or yyyy-MM-dd HH:mm:ss, UTC)");
        }
    }

    private static int count(String v, int line) {
        try {
            double d = Double.parseDouble(v);
            if (d < 0 || d != Math.rint(d) || d > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("line " + line + ": value must be a whole number >= 0: " + v);
            }
            return (int) d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("line " + line + ": value is not a number: " + v);
        }
    }

    private static int inferStep(List<Instant> times) {
        if (times.size() < 2) {
            return 1;
        }
        long seconds = times.get(1).getEpochSecond() - times.get(0).getEpochSecond();
        if (seconds <= 0 || seconds % 60 != 0) {
            throw new IllegalArgumentException("cannot infer the step from the first two timestamps ("
                    + seconds + " s apart); use --step");
        }
        return (int) (seconds / 60);
    }
}
