package io.outcry.report;

import io.javalin.http.Context;
import io.outcry.catalog.Catalog;
import io.outcry.catalog.CatalogController;
import io.outcry.catalog.Service;
import io.outcry.counts.CountStore;
import io.outcry.counts.SeriesKey;
import io.outcry.outage.Anonymity;
import io.outcry.web.Params;
import io.outcry.web.Problem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/services/{slug}/reports?area=}: distinct reporters per step, zero-filled, per problem kind, and the
 * people who said it works for them, world-wide or in one country or region. A count under
 * {@value Anonymity#MIN} is not given (null, with a label), nor a problem kind named by fewer.
 */
public final class SeriesController {
    static final int MAX_POINTS = 10_000;
    /** The longest step and the oldest since a series answers: every request's work stays within a few milliseconds. */
    static final Duration MAX_STEP = Duration.ofDays(7);
    static final Duration MAX_SPAN = Duration.ofDays(366);

    private final Supplier<Catalog> catalog;
    private final CountStore counts;
    private final ReportStore store;
    private final Clock clock;

    public SeriesController(Supplier<Catalog> catalog, CountStore counts, ReportStore store, Clock clock) {
        this.catalog = catalog;
        this.counts = counts;
        this.store = store;
        this.clock = clock;
    }

    /** One step of the series: its start, distinct reporters, reports per problem kind, and "works for me". */
    record Point(Instant t, Integer reporters, String reportersLabel, Map<String, Integer> problems, Integer works) {}

    /** The answer: the series of a service from {@code since} to {@code until}, and the problem kinds' totals. */
    record Series(String service, String area, Instant since, Instant until, String step, List<Point> points,
            Map<String, Integer> problems) {}

    public void reports(Context ctx) {
        Service service = CatalogController.service(catalog.get(), ctx.pathParam("slug"));
        Window w = Window.of(ctx, clock.instant());
        String area = area(ctx);
        Map<Instant, Integer> minutes = counts.minuteCounts(service.id(), area, w.from(), w.to());
        // Problem kinds are kept per report world-wide only; an area's series has none.
        Map<Instant, Map<String, Integer>> problems = SeriesKey.WORLD.equals(area)
                ? store.problemsPerMinute(service.id(), w.from(), w.to()) : Map.of();
        Map<Instant, Integer> worksMinutes = counts.worksCounts(service.id(), area, w.from(), w.to());
        int n = w.points();
        int[] reporters = new int[n];
        int[] works = new int[n];
        worksMinutes.forEach((minute, count) -> works[w.indexOf(minute)] += count);
        List<Map<String, Integer>> byProblem = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byProblem.add(new TreeMap<>());
        }
        minutes.forEach((minute, count) -> reporters[w.indexOf(minute)] += count);
        Map<String, Integer> totals = new TreeMap<>();
        problems.forEach((minute, counts) -> counts.forEach((p, c) -> {
            byProblem.get(w.indexOf(minute)).merge(p, c, Integer::sum);
            totals.merge(p, c, Integer::sum);
        }));
        List<Point> points = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            points.add(new Point(w.from().plus(w.step().multipliedBy(i)), Anonymity.shown(reporters[i]),
                    Anonymity.hidden(reporters[i]) ? Anonymity.FEWER : null, shownOnly(byProblem.get(i)),
                    Anonymity.shown(works[i])));
        }
        ctx.json(new Series(service.slug(), area, w.from(), w.to(), w.step().toString(), points, shownOnly(totals)));
    }

    /** {@code ?area=}: the world ({@code *}, the default), a country ({@code FR}) or a region ({@code FR-IDF}). */
    public static String area(Context ctx) {
        String area = ctx.queryParam("area");
        if (area == null || area.isBlank() || area.equals(SeriesKey.WORLD)) {
            return SeriesKey.WORLD;
        }
        if (!area.matches("[A-Z]{2}(-[A-Z0-9]{1,3})?")) {
            throw Problem.badRequest("area", "area is * (the world), a country code such as FR or a region code such as"
                    + " FR-IDF.");
        }
        return area;
    }

    private static Map<String, Integer> shownOnly(Map<String, Integer> counts) {
        Map<String, Integer> out = new TreeMap<>();
        counts.forEach((kind, n) -> {
            if (!Anonymity.hidden(n)) {
                out.put(kind, n);
            }
        });
        return out;
    }

    /** A time range aligned on whole steps, from {@code since} (default 24 hours back) to now. */
    public record Window(Instant from, Instant to, Duration step) {
        public static Window of(Context ctx, Instant now) {
            Duration step = Params.duration(ctx, "step", Duration.ofMinutes(5));
            if (step.compareTo(Duration.ofMinutes(1)) < 0 || step.compareTo(MAX_STEP) > 0 || step.toSeconds() % 60 != 0) {
                throw Problem.badRequest("step", "step is a whole number of minutes, from 1m to 7d.");
            }
            Instant since = Params.instant(ctx, "since", now, now.minus(Duration.ofHours(24)));
            if (!since.isBefore(now)) {
                throw Problem.badRequest("since", "since must be in the past.");
            }
            if (since.isBefore(now.minus(MAX_SPAN))) {
                throw Problem.badRequest("since", "since is at most 366 days back.");
            }
            long stepSeconds = step.toSeconds();
            Instant from = Instant.ofEpochSecond(Math.floorDiv(since.getEpochSecond(), stepSeconds) * stepSeconds);
            Instant to = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
            long points = Duration.between(from, to).toSeconds() / stepSeconds + 1;
            if (points > MAX_POINTS) {
                throw Problem.badRequest("step", "That is " + points + " points; ask for at most " + MAX_POINTS
                        + " with a later since or a longer step.");
            }
            return new Window(from, to, step);
        }

        public int points() {
            return (int) ((Duration.between(from, to).toSeconds() + step.toSeconds() - 1) / step.toSeconds());
        }

        public int indexOf(Instant t) {
            return (int) (Duration.between(from, t).toSeconds() / step.toSeconds());
        }
    }
}
