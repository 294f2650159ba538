package io.outcry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplayTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {}

    Result replay(String csv, String... options) throws IOException {
        Path f = dir.resolve("counts.csv");
        Files.writeString(f, csv);
        String[] args = new String[options.length + 1];
        System.arraycopy(options, 0, args, 0, options.length);
        args[options.length] = f.toString();
        return run(args);
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Replay.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Two days of quiet minutes at `base`, then a 20-minute surge of `surge` per minute. */
    static String csv(int stepMinutes, int base, int surge, boolean spaceFormat) {
        StringBuilder b = new StringBuilder("timestamp,value\n");
        Instant t = Instant.parse("2024-03-04T00:00:00Z");
        int n = 2 * 1440 / stepMinutes;
        for (int i = 0; i < n + 60 / stepMinutes; i++) {
            Instant at = t.plusSeconds(60L * stepMinutes * i);
            String ts = spaceFormat ? at.toString().replace('T', ' ').replace("Z", "") : at.toString();
            int v = (i >= n && i < n + 20 / stepMinutes ? surge : base) * stepMinutes;
            b.append(ts).append(',').append(v).append('\n');
        }
        return b.toString();
    }

    @ParameterizedTest(name = "step {0} min, space format {1}")
    @CsvSource({"1, false", "1, true", "5, false", "15, true"})
    void writes_one_line_per_input_and_raises_an_alert_on_a_surge(int step, boolean space) throws IOException {
        String in = csv(step, 2, 20, space);
        Result r = replay(in);
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("timestamp,value,expected,score,alert,state", lines.get(0));
        assertEquals(in.lines().count(), lines.size());
        int surgeLine = 1 + 2 * 1440 / step;
        assertTrue(lines.subList(1, surgeLine).stream().noneMatch(l -> l.contains(",1,OUTAGE")), "quiet part");
        assertTrue(lines.subList(surgeLine, surgeLine + 20 / step).stream().anyMatch(l -> l.endsWith(",1,OUTAGE")),
                "surge part");
        String[] first = lines.get(1).split(",");
        assertEquals(6, first.length);
    }

    @Test
    void a_forced_step_that_contradicts_the_timestamps_is_an_error() throws IOException {
        Result r = replay(csv(5, 2, 2, false), "--step", "10");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("line 3: 2024-03-04T00:05:00Z is not a whole number of 10-minute steps"),
                r.err());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no data           | timestamp,value\\n                                  | no data lines",
        "bad timestamp     | timestamp,value\\nyesterday,3\\n                    | bad timestamp",
        "negative value    | timestamp,value\\n2024-03-04T00:00:00Z,-1\\n         | whole number",
        "not a number      | timestamp,value\\n2024-03-04T00:00:00Z,abc\\n        | not a number",
        "three columns     | timestamp,value\\n2024-03-04T00:00:00Z,1,2\\n        | expected timestamp,value",
        "unsorted          | timestamp,value\\n2024-03-04T00:00:00Z,1\\n2024-03-04T00:02:00Z,1\\n2024-03-04T00:01:00Z,1\\n | line 4: 2024-03-04T00:01:00Z comes before line 3's",
        "duplicate         | timestamp,value\\n2024-03-04T00:00:00Z,1\\n2024-03-04T00:01:00Z,1\\n2024-03-04T00:01:00Z,2\\n | line 4: duplicate timestamp 2024-03-04T00:01:00Z (also on line 3)",
        "off the step      | timestamp,value\\n2024-03-04T00:00:00Z,1\\n2024-03-04T00:05:00Z,1\\n2024-03-04T00:12:00Z,1\\n | line 4: 2024-03-04T00:12:00Z is not a whole number of 5-minute steps",
        "step of 7 minutes | timestamp,value\\n2024-03-04T00:00:00Z,1\\n2024-03-04T00:07:00Z,1\\n | divide 60"})
    void bad_input_is_a_clear_error_with_exit_code_2(String name, String csv, String message) throws IOException {
        Result r = replay(csv.replace("\\n", "\n"));
        assertEquals(2, r.code(), name);
        assertTrue(r.err().contains(message), r.err());
        assertEquals("", r.out());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"--fdr, 2", "--min-reporters, x", "--rule, magic", "--bogus, 1"})
    void bad_options_are_a_clear_error_with_exit_code_2(String option, String value) throws IOException {
        Result r = replay(csv(1, 1, 1, false), option, value);
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("replay: "), r.err());
    }

    /** A file that cannot be read at all, for counts and for reports: one plain sentence naming it, never a trace. */
    @Test
    void a_file_that_cannot_be_read_is_named_with_the_reason() throws IOException {
        Path latin1 = dir.resolve("latin1.csv");
        Files.write(latin1, "horodatage,r\u00e9gion\n2024-03-04T00:00:00Z,1\n".getBytes(StandardCharsets.ISO_8859_1));
        Path quote = dir.resolve("quote.csv");
        Files.writeString(quote, "2024-03-04T00:00:00Z,\"US-TX\n");
        Path missing = dir.resolve("missing.csv");
        String[][] cases = {
            {missing.toString(), missing + ": no such file"},
            {dir.toString(), dir + " is a folder, not a CSV file"},
            {latin1.toString(), latin1 + ": line 1 is not UTF-8 text"},
            {quote.toString(), quote + ": not valid CSV: "}};
        for (String[] c : cases) {
            for (boolean reports : new boolean[] {false, true}) {
                String[] args = reports ? new String[] {"--reports", c[0]} : new String[] {c[0]};
                Result r = run(args);
                assertEquals(2, r.code(), r.err());
                assertTrue(r.err().startsWith("replay: " + c[1]), r.err());
                assertEquals(2, r.err().lines().count(), r.err());
                assertEquals("", r.out());
            }
        }
    }

    /** A reports file is read through once before anything is judged: a bad last line costs no replay. */
    @Test
    void a_bad_line_at_the_end_of_a_reports_file_is_refused_before_anything_is_judged() throws IOException {
        StringBuilder b = new StringBuilder("timestamp,region\n");
        Instant t = Instant.parse("2026-01-05T00:00:00Z");
        for (int i = 0; i < 3 * 24 * 60; i += 7) {
            b.append(t.plusSeconds(60L * i)).append(",US-TX\n");
        }
        b.append(t).append(",US-TX\n");
        Path f = dir.resolve("reports.csv");
        Files.writeString(f, b);
        Result r = run("--reports", f.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("replay: " + f + ": line " + b.toString().lines().count() + ": " + t
                + " comes before line "), r.err());
        assertEquals(2, r.err().lines().count(), "no history note: nothing was replayed: " + r.err());
        assertEquals("", r.out());
    }

    @Test
    void reports_take_a_file_and_no_other_option() throws IOException {
        Path f = dir.resolve("reports.csv");
        Files.writeString(f, "2024-03-04T00:00:00Z,US-TX\n");
        for (String[] args : new String[][] {{"--reports"}, {"--reports", f.toString(), "--source-cap", "3"},
                {"--source-cap", "3", "--reports", f.toString()}}) {
            Result r = run(args);
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().startsWith("replay: --reports takes FILE.csv and no other option"), r.err());
        }
        Result help = run("--help");
        assertTrue(help.out().contains("replay --reports FILE.csv"), help.out());
    }

    @Test
    void a_file_separated_by_semicolons_reads_as_the_same_file_with_commas() throws IOException {
        String commas = csv(1, 1, 8, false);
        Result a = replay(commas);
        Result b = replay(commas.replace("timestamp,value", "horodatage;valeur").replace(',', ';'));
        assertEquals(0, b.code(), b.err());
        assertEquals(a.out(), b.out());
    }

    /** NAB's exports: 5-minute steps stamped at ...:42:53, here with two missing steps and a surge on day three. */
    @Test
    void offset_stamps_are_kept_and_missing_steps_count_as_zero_said_once() throws IOException {
        StringBuilder b = new StringBuilder("timestamp,value\n");
        Instant t0 = Instant.parse("2015-02-26T21:42:53Z");
        int n = 3 * 288;
        for (int i = 0; i < n; i++) {
            if (i == 100 || i == 101) {
                continue;
            }
            int v = i >= n - 12 ? 60 : 10;
            b.append(t0.plusSeconds(300L * i).toString().replace('T', ' ').replace("Z", "")).append(',').append(v)
                    .append('\n');
        }
        Result r = replay(b.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("2 of 864 steps have no line (the first at 2015-02-27T06:02:53Z)"), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(n + 1, lines.size());
        assertTrue(lines.get(1).startsWith("2015-02-26T21:42:53Z,10,"), lines.get(1));
        assertTrue(lines.get(101).startsWith("2015-02-27T06:02:53Z,0,"), lines.get(101));
        assertTrue(lines.get(n).startsWith("2015-03-01T21:37:53Z,60,"), lines.get(n));
        assertTrue(lines.subList(1, n - 12).stream().noneMatch(l -> l.endsWith(",OUTAGE")), "quiet part");
        assertTrue(lines.subList(n - 11, n + 1).stream().anyMatch(l -> l.endsWith(",OUTAGE")), "surge");
    }

    /**
     * An internet provider's reports in one state at 15-minute steps: about 0.45 a step (1.8 an hour) for eight days,
     * then a local outage of two hours adding 3 a step. Each count is a person of their own unless --source-cap says
     * what one network could add; with the node's set-aside (3 per 15 minutes) the whole excess could be one network.
     */
    @Test
    void a_local_outage_on_a_sparse_series_is_confirmed_and_one_networks_set_aside_is_asked_for() throws IOException {
        java.util.Random random = new java.util.Random(7);
        StringBuilder b = new StringBuilder("timestamp,value\n");
        Instant t0 = Instant.parse("2026-09-07T00:07:00Z");
        int outage = 8 * 96 + 70;
        for (int i = 0; i < outage + 8 + 12; i++) {
            double usual = 0.45 * (1 + 0.6 * Math.sin(((i % 96) / 4.0 - 8) / 24 * 2 * Math.PI));
            int v = poisson(random, usual) + (i >= outage && i < outage + 8 ? 3 : 0);
            b.append(t0.plusSeconds(900L * i)).append(',').append(v).append('\n');
        }
        List<String> asPeople = replay(b.toString()).out().lines().skip(1).toList();
        assertTrue(asPeople.subList(0, outage).stream().noneMatch(l -> l.endsWith(",1,OUTAGE")), "quiet part");
        assertTrue(asPeople.subList(outage, outage + 8).stream().anyMatch(l -> l.endsWith(",1,OUTAGE")), "outage");
        List<String> oneNetwork = replay(b.toString(), "--source-cap", "3").out().lines().skip(1).toList();
        assertTrue(oneNetwork.stream().noneMatch(l -> l.endsWith(",1,OUTAGE")), "the node's set-aside");
        assertEquals(2, replay(b.toString(), "--source-cap", "-1").code());
    }

    private static int poisson(java.util.Random random, double mean) {
        int k = 0;
        for (double p = random.nextDouble(); p > Math.exp(-mean); p *= random.nextDouble()) {
            k++;
        }
        return k;
    }

    @Test
    void help_gives_the_defaults_the_code_uses() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Replay.run(new String[] {"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        String help = out.toString(StandardCharsets.UTF_8);
        String ratio = help.lines().filter(l -> l.contains("--min-ratio")).findFirst().orElseThrow();
        double shown = Double.parseDouble(ratio.replaceAll(".*\\(default ([0-9.]+)\\).*", "$1"));
        assertEquals(io.outcry.detect.DetectorSettings.defaults().minRatio(), shown, 0);
    }

    @Test
    void help_explains_the_options() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Replay.run(new String[] {"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertEquals(0, code);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("--min-reporters"));
    }
}
