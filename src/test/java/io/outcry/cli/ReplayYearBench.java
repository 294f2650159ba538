package io.outcry.cli;

import io.outcry.outage.Outage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A year of an internet provider's reports in 50 states through {@code replay --reports}: how long it takes, in how
 * much heap (the wrapper runs it with {@code -Xmx1g}), and what it declares. Not a unit test:
 * {@code bench/detection/year.sh} writes {@code bench/results/detection-year.md}.
 *
 * <p>Generator (fixed seed): each state's day mean 0.2–3.2 reports an hour, ± 60 % over the day, Poisson, each report a
 * person of their own; every two days one state (at random) gets a local outage of 6–12 more reports an hour for 1–3
 * hours. An outage is confirmed when an episode of its state is confirmed from 30 minutes before it to an hour after
 * it; an episode of a state outside every outage of that state is false.
 */
public final class ReplayYearBench {
    static final long SEED = 20261205L;
    static final Instant START = Instant.parse("2026-01-05T00:00:00Z");
    static final int DAYS = 365;
    static final String[] STATES = {"AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN",
        "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC",
        "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY"};

    record Local(String state, Instant from, Instant to) {}

    /** The year's reports in time order; the local outages played are added to {@code locals}. */
    private static List<ReportsCsv.Report> reports(Random random, List<Local> locals) {
        List<ReportsCsv.Report> reports = new ArrayList<>();
        for (String s : STATES) {
            double perHour = 0.2 + 3.0 * random.nextDouble();
            double peak = perHour * 1.6;
            for (double t = 0; ; ) {
                t += -Math.log(1 - random.nextDouble()) * 3600 / peak; // thinning: candidates at the peak rate
                if (t >= DAYS * 86400.0) {
                    break;
                }
                double hour = t / 3600 % 24;
                if (random.nextDouble() * peak < perHour * (1 + 0.6 * Math.sin((hour - 8) / 24 * 2 * Math.PI))) {
                    reports.add(new ReportsCsv.Report(START.plusSeconds((long) t), "US-" + s, null));
                }
            }
        }
        for (int day = 3; day < DAYS - 1; day += 2) {
            String state = "US-" + STATES[random.nextInt(STATES.length)];
            Instant from = START.plus(Duration.ofDays(day)).plusSeconds(random.nextInt(36 * 3600));
            long seconds = 3600 + random.nextInt(2 * 3600);
            long more = Math.round((6 + 6 * random.nextDouble()) * seconds / 3600.0);
            for (int i = 0; i < more; i++) {
                reports.add(new ReportsCsv.Report(from.plusSeconds(random.nextLong(seconds)), state, null));
            }
            locals.add(new Local(state, from, from.plusSeconds(seconds)));
        }
        reports.sort(Comparator.comparing(ReportsCsv.Report::at));
        return reports;
    }

    /** How many reports a file holds, and its first and last stamps. */
    private record Written(int count, Instant first, Instant last) {}

    /** Writes the reports as a {@code replay --reports} file. */
    private static Written write(Path file, List<ReportsCsv.Report> reports) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("timestamp,region\n");
            for (ReportsCsv.Report r : reports) {
                out.write(r.at() + "," + r.region() + "\n");
            }
        }
        return new Written(reports.size(), reports.getFirst().at(), reports.getLast().at());
    }

    public static void main(String[] args) throws IOException {
        List<Local> locals = new ArrayList<>();
        Path file = Files.createTempFile("outcry-year", ".csv");
        Written written = write(file, reports(new Random(SEED), locals));
        // What the replay itself holds, as replay --reports FILE runs it: not the generator's list.
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        long t0 = System.nanoTime();
        List<Outage> outages = CsvFile.read(file,
                in -> ReplayReports.replay(ReportsCsv.reports(in), written.first(), written.last()));
        double minutes = (System.nanoTime() - t0) / 60e9;
        long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        Files.delete(file);

        List<Long> delays = new ArrayList<>();
        for (Local l : locals) {
            outages.stream().filter(o -> o.scope().equals(l.state()) && o.confirmedAt() != null
                    && !o.confirmedAt().isBefore(l.from().minus(Duration.ofMinutes(30)))
                    && o.confirmedAt().isBefore(l.to().plus(Duration.ofHours(1))))
                    .map(Outage::confirmedAt).min(Comparator.naturalOrder())
                    .ifPresent(c -> delays.add(Duration.between(l.from(), c).toMinutes()));
        }
        int confirmed = delays.size();
        delays.sort(null);
        int falseOutages = 0;
        int falseEpisodes = 0;
        for (Outage o : outages) {
            boolean near = locals.stream().anyMatch(l -> l.state().equals(o.scope())
                    && o.startedAt().isBefore(l.to().plus(Duration.ofHours(1)))
                    && (o.endedAt() == null || o.endedAt().isAfter(l.from().minus(Duration.ofMinutes(30)))));
            if (o.scope().startsWith("US-") && !near) {
                falseEpisodes++;
                falseOutages += o.confirmedAt() != null ? 1 : 0;
            }
        }
        long elsewhere = outages.stream().filter(o -> !o.scope().startsWith("US-")).count();
        double stateDays = STATES.length * (DAYS - 1.0);
        String md = String.format(Locale.ROOT, """
                # A year of reports in 50 states (generated)

                Command: `bench/detection/year.sh` (`replay --reports` over a file of %,d reports, heap limited to %,d MB; \
                seed %d). Each state's day mean 0.2–3.2 reports an hour (± 60 %% over the day); every two days one \
                state gets 6–12 more reports an hour for 1–3 hours.

                | reports | replay time | peak heap | local outages | confirmed | median min to outage | false \
                outages /100 state-days | false episodes /100 state-days | world or country episodes |
                |---|---|---|---|---|---|---|---|---|
                | %,d | %.1f min | %,d MB | %d | %d | %s | %.2f (%d) | %.2f (%d) | %d |

                The regional scan shares its rates (an outage at once in 100 days, possible problems at once in 10) \
                among the 50 states: a local outage of six more an hour where three are usual is not rare enough.
                """, written.count(), Runtime.getRuntime().maxMemory() >> 20, SEED, written.count(), minutes,
                peakHeap >> 20, locals.size(), confirmed, delays.isEmpty() ? "–" : delays.get(delays.size() / 2),
                100 * falseOutages / stateDays, falseOutages, 100 * falseEpisodes / stateDays, falseEpisodes,
                elsewhere);
        System.out.print(md);
        Files.createDirectories(Path.of("bench/results"));
        Files.writeString(Path.of("bench/results/detection-year.md"), md);
    }
}
