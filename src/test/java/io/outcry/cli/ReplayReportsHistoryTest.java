package io.outcry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outcry.outage.Outage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@code replay --reports} starts as a node with a day of history would: the file's first day is the history its usual
 * levels are fitted from, and is not judged. Judged from its first minute, a region's usual level is a guess from
 * nothing, and a handful of reports there is an outage.
 */
class ReplayReportsHistoryTest {
    private static final Instant FIRST = Instant.parse("2026-10-05T00:00:00Z");

    /** Two days of one report an hour in Texas, and eight people within 40 minutes on each: at 10:00, then 18:00. */
    private static String reports() {
        Random random = new Random(7);
        List<Instant> times = new ArrayList<>();
        for (long s = 0; s < 2 * 86_400; s += (long) (-3600 * Math.log(1 - random.nextDouble()))) {
            times.add(FIRST.plusSeconds(s));
        }
        for (int day = 0; day < 2; day++) {
            for (int i = 0; i < 8; i++) {
                times.add(FIRST.plus(Duration.ofDays(day)).plus(Duration.ofHours(10 + 8 * day)).plusSeconds(300L * i + 7));
            }
        }
        StringBuilder csv = new StringBuilder("timestamp,region\n");
        times.stream().sorted().forEach(t -> csv.append(t).append(",US-TX\n"));
        return csv.toString();
    }

    @Test
    void the_first_day_is_history_and_what_follows_is_judged() throws Exception {
        Path file = Files.createTempFile("reports", ".csv");
        Files.writeString(file, reports());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, Replay.run(new String[] {"--reports", file.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("the first 24 hours of reports (to "
                + FIRST.plus(ReplayReports.HISTORY) + ") are the history"), err.toString(StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>(List.of(out.toString(StandardCharsets.UTF_8).split("\n")));
        assertEquals("scope,state,start,confirmed,end,peak_observed,peak_expected", lines.remove(0));
        Instant judged = FIRST.plus(ReplayReports.HISTORY);
        assertEquals(List.of(), lines.stream().filter(l -> Instant.parse(l.split(",")[2]).isBefore(judged)).toList(),
                "nothing from the first day");
        Instant second = judged.plus(Duration.ofHours(18));
        // Judged against a level resting on one day of reports, eight people in 40 minutes where one or two an hour
        // are usual are possible problems (an outage when the level was known exactly); what matters here is that
        // they are judged at all.
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("US-TX,") && !Instant.parse(l.split(",")[2])
                .isBefore(second.minus(Duration.ofMinutes(5)))), "the second day's eight people: " + lines);
    }

    /**
     * A file longer than what a node keeps is written a day at a time and pruned as a node prunes: twelve people within
     * an hour in Texas on its 36th day, where one report an hour is usual, are an outage there, judged against the
     * usual level of the weeks before, and nothing in the 35 days before is.
     */
    @Test
    void a_file_longer_than_a_node_keeps_is_judged_to_its_end() {
        Random random = new Random(11);
        List<ReportsCsv.Report> reports = new ArrayList<>();
        int days = 36;
        for (long s = 0; s < days * 86_400L; s += (long) (-3600 * Math.log(1 - random.nextDouble()))) {
            reports.add(new ReportsCsv.Report(FIRST.plusSeconds(s), "US-TX", null));
        }
        Instant burst = FIRST.plus(Duration.ofDays(days - 1)).plus(Duration.ofHours(12));
        for (int i = 0; i < 12; i++) {
            reports.add(new ReportsCsv.Report(burst.plusSeconds(300L * i + 7), "US-TX", null));
        }
        reports.sort(Comparator.comparing(ReportsCsv.Report::at));

        List<Outage> outages = ReplayReports.replay(reports);

        assertTrue(outages.stream().anyMatch(o -> o.scope().equals("US-TX") && o.confirmedAt() != null
                && !o.confirmedAt().isBefore(burst) && o.confirmedAt().isBefore(burst.plus(Duration.ofHours(1)))),
                "the burst on the last day: " + outages);
        assertEquals(List.of(), outages.stream().filter(o -> o.confirmedAt() != null
                && o.startedAt().isBefore(burst.minus(Duration.ofMinutes(30)))).toList(), "nothing confirmed before");
    }
}
