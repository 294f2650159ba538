package io.outcry.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.outcry.App;
import io.outcry.Config;
import io.outcry.Db;
import io.outcry.MutableClock;
import io.outcry.catalog.Catalog;
import io.outcry.catalog.CatalogStore;
import io.outcry.catalog.Service;
import io.outcry.counts.CountStore;
import io.outcry.counts.CountTime;
import io.outcry.counts.RetentionStore;
import io.outcry.counts.SeriesKey;
import io.outcry.detect.DetectorSettings;
import io.outcry.outage.Baselines;
import io.outcry.outage.DetectionJob;
import io.outcry.outage.Outage;
import io.outcry.outage.OutageStore;
import io.outcry.report.ReportStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntSupplier;

/**
 * {@code replay --reports FILE.csv}: the server's whole detection over a file of single reports. Each line is one
 * report of one person, {@code timestamp[,area][,problem]}, the area as the API names it ({@code US-TX}, or a
 * country such as {@code FR}); the reports are counted into world, country and region series as the intake counts
 * them (lines in time order, read by {@link ReportsCsv}), into a private in-memory database, and the server's {@link DetectionJob} runs over them minute by minute
 * with the settings a server would have under this environment's configuration. Prints one line per outage it would
 * declare, possible problems included:
 * {@code scope,state,start,confirmed,end,peak_observed,peak_expected}.
 */
public final class ReplayReports {
    /** The detector runs on a service of the catalog; which one does not matter for a replay. */
    private static final String SERVICE = "chatgpt";
    /**
     * The file's first day is history, not judged: without it every series' usual level is a guess from nothing (a
     * region's, half a report over the weeks a baseline spans), and a few reports anywhere would be outages. A day
     * holds every hour of the day once, which the first fit of the usual level needs.
     */
    public static final Duration HISTORY = Duration.ofDays(1);

    private ReplayReports() {}

    /**
     * Reads, replays and prints.
     *
     * @throws IllegalArgumentException for a file it cannot read, naming the file and the line
     */
    public static void run(Path file, PrintStream out, PrintStream err) {
        Span span = CsvFile.read(file, in -> Span.of(ReportsCsv.reports(in)));
        if (span == null) {
            throw new IllegalArgumentException(file + ": no report lines");
        }
        Instant from = judgedFrom(span.first());
        err.println("replay: the first " + HISTORY.toHours() + " hours of reports (to " + from
                + ") are the history the usual levels start from; outages are judged after them"
                + (span.last().isBefore(from) ? ", and the file ends before: nothing is judged" : ""));
        // Read a second time as it is replayed: the file's reports are never all in memory at once.
        List<Outage> outages = CsvFile.read(file, in -> replay(ReportsCsv.reports(in), span.first(), span.last()));
        out.println("scope,state,start,confirmed,end,peak_observed,peak_expected");
        for (Outage o : outages) {
            out.printf(Locale.ROOT, "%s,%s,%s,%s,%s,%d,%.2f%n", o.scope(), o.state().label(), o.startedAt(),
                    o.confirmedAt() == null ? "" : o.confirmedAt(), o.endedAt() == null ? "" : o.endedAt(),
                    o.peakObserved(), o.peakExpected());
        }
    }

    /** When a file's reports begin and end; read through once, which checks every line, before anything is judged. */
    private record Span(Instant first, Instant last) {
        /** The span of the reports, or null when there is none. */
        static Span of(Iterator<ReportsCsv.Report> reports) {
            if (!reports.hasNext()) {
                return null;
            }
            Instant first = reports.next().at();
            Instant last = first;
            while (reports.hasNext()) {
                last = reports.next().at();
            }
            return new Span(first, last);
        }
    }

    /** The reporters of each series per minute, as the intake counts them: a report counts in its area and above. */
    static Map<SeriesKey, Map<Instant, Integer>> counts(List<ReportsCsv.Report> reports, int serviceId) {
        Map<SeriesKey, Map<Instant, Integer>> minutes = new HashMap<>();
        for (ReportsCsv.Report r : reports) {
            Instant minute = CountTime.minuteOf(r.at());
            for (String a : SeriesKey.areasOf(country(r), region(r))) {
                minutes.computeIfAbsent(new SeriesKey(serviceId, a), k -> new HashMap<>()).merge(minute, 1, Integer::sum);
            }
        }
        return minutes;
    }

    private static String country(ReportsCsv.Report r) {
        return r.region() == null ? null : r.region().substring(0, 2);
    }

    private static String region(ReportsCsv.Report r) {
        return r.region() == null || r.region().length() <= 2 ? null : r.region();
    }

    /** The first minute judged: a day after the first report's minute. */
    static Instant judgedFrom(Instant first) {
        return CountTime.minuteOf(first).plus(HISTORY);
    }

    /**
     * Runs the server's detection over the reports, from a day after their first minute (the day before is the
     * history it starts from, as a node's would be) to an hour after their last. A file names no network: each line
     * is its own, so the most one network adds to an area is one report. The reports are written a day at a time,
     * just ahead of the minutes judged, and what a node would have deleted by then is deleted ({@link #KEEP_REPORTS},
     * {@link #KEEP_MINUTES}, {@link #KEEP_HOURS}): a year of reports needs no more memory than a month.
     */
    static List<Outage> replay(List<ReportsCsv.Report> reports) {
        return reports.isEmpty() ? List.of()
                : replay(reports.iterator(), reports.getFirst().at(), reports.getLast().at());
    }

    /** As {@link #replay(List)}, over reports read one at a time, the first at {@code first}, the last at {@code last}. */
    static List<Outage> replay(Iterator<ReportsCsv.Report> reports, Instant first, Instant last) {
        String url = "jdbc:h2:mem:replay-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (Db db = Db.open(url, "sa", "", 2)) {
            CatalogStore catalogStore = new CatalogStore(db.dsl());
            catalogStore.seed(new ObjectMapper());
            Catalog catalog = catalogStore.load();
            int service = catalog.bySlug(SERVICE).map(Service::id).orElseThrow();
            Instant from = judgedFrom(first);
            Instant to = CountTime.minuteOf(last).plus(Duration.ofHours(1));
            if (!to.isAfter(from)) {
                return List.of(); // the whole file is history
            }
            CountStore countStore = new CountStore(db.dsl());
            // The file is heard whole: its first judged hour begins before the detector's first tick, not a downtime.
            countStore.listened("replay", CountTime.minuteOf(first), to);
            Writer writer = new Writer(reports, service, countStore, new ReportStore(db.dsl()),
                    new RetentionStore(db.dsl()));
            MutableClock clock = new MutableClock(from);
            DetectorSettings settings = App.detectorSettings(Config.from(System.getenv()).abuse());
            OutageStore store = new OutageStore(db.dsl(), false);
            try (DetectionJob job = new DetectionJob(store, countStore, new Baselines(countStore, settings),
                    () -> catalog, clock, settings, Duration.ofMinutes(1))) {
                for (Instant through = from; ; through = earlier(through.plus(Duration.ofDays(1)), to)) {
                    writer.through(through);
                    clock.set(through.plusSeconds(62)); // a minute is judged once it is over
                    job.runOnce(); // the first run starts a day in: the hours before are history
                    if (!through.isBefore(to)) {
                        break;
                    }
                }
            }
            List<Outage> outages = new ArrayList<>(store.find(List.of(Outage.State.values()), service, null,
                    Integer.MAX_VALUE));
            outages.sort(Comparator.comparing(Outage::startedAt).thenComparing(Outage::scope)
                    .thenComparing(Outage::detectedAt));
            return outages;
        }
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /**
     * Reports, as long as per-minute counts: the detection reads them only since an episode's start (its problem kinds)
     * and over the last hour (its largest network); a node keeps them longer for audits and recounts.
     */
    static final Duration KEEP_REPORTS = Duration.ofDays(30);
    /** Per-minute counts, as a node keeps them. */
    static final Duration KEEP_MINUTES = Duration.ofDays(30);
    /** Hourly totals, as long as a node's baselines read them. */
    static final Duration KEEP_HOURS = Duration.ofDays(7L * (DetectorSettings.defaults().baselineWeeks() + 1));
    private static final int BATCH = 5_000;

    /**
     * Writes the file's reports and their counts in whole hours, as far as the minutes about to be judged need, and
     * deletes what a node would have deleted by then. Whole hours, so that each hour's total is written once.
     */
    private static final class Writer {
        private final Iterator<ReportsCsv.Report> reports;
        private final int service;
        private final CountStore counts;
        private final ReportStore rows;
        private final RetentionStore retention;
        /** The first report not written yet, read ahead; null when none is left. */
        private ReportsCsv.Report next;

        Writer(Iterator<ReportsCsv.Report> reports, int service, CountStore counts, ReportStore rows,
                RetentionStore retention) {
            this.reports = reports;
            this.next = reports.hasNext() ? reports.next() : null;
            this.service = service;
            this.counts = counts;
            this.rows = rows;
            this.retention = retention;
        }

        /** Everything up to the end of the hour of {@code minute}, and nothing a node would no longer keep. */
        void through(Instant minute) {
            Instant end = minute.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
            List<ReportsCsv.Report> chunk = new ArrayList<>();
            while (next != null && next.at().isBefore(end)) {
                chunk.add(next);
                next = reports.hasNext() ? reports.next() : null;
            }
            counts.writeSeries(counts(chunk, service));
            rows.writeReplayed(service, chunk.stream()
                    .map(r -> new ReportStore.Replayed(r.at(), country(r), region(r), r.problem())).toList());
            prune(() -> retention.deleteReportsBefore(minute.minus(KEEP_REPORTS), BATCH));
            prune(() -> retention.deleteMinuteCountsBefore(minute.minus(KEEP_MINUTES), BATCH));
            prune(() -> retention.deleteHourCountsBefore(minute.minus(KEEP_HOURS), BATCH));
        }

        /** Deletes batch after batch, as a node's retention does, until a batch finds nothing. */
        private static void prune(IntSupplier batch) {
            while (batch.getAsInt() > 0) {
                continue;
            }
        }
    }
}
