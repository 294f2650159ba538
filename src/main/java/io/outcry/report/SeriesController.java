package io.outcry.report;

import io.javalin.http.Context;
import io.outcry.catalog.Catalog;
import io.outcry.catalog.CatalogController;
import io.outcry.catalog.Service;
import io.outcry.counts.CountStore;
import io.outcry.counts.SeriesKey;
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
 * {@code GET /api/v1/services/{slug}/reports}: distinct reporters per step, zero-filled, per problem kind, and the
 * people who said it works for them.
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
    record Point(Instant t, int reporters, Map<String, Integer> problems, int works) {}

    /** The answer: the series of a service from {@code since} to {@code until}, and the problem kinds' totals. */
    record Series(String service, Instant since, Instant until, String step, List<Point> points,
            Map<String, Integer> problems) {}

    public void reports(Context ctx) {
        Service service = CatalogController.service(catalog.get(), ctx.pathParam("slug"));
        Window w = Window.of(ctx, clock.instant());
        Map<Instant, Integer> minutes = counts.minuteCounts(service.id(), SeriesKey.WORLD, w.from(), w.to());
        Map<Instant, Map<String, Integer>> problems = store.problemsPerMinute(service.id(), w.from(), w.to());
        Map<Instant, Integer> worksMinutes = counts.worksCounts(service.id(), SeriesKey.WORLD, w.from(), w.to());
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
            points.add(new Point(w.from().plus(w.step().multipliedBy(i)), reporters[i], byProblem.get(i), works[i]));
        }
        ctx.json(new Series(service.slug(), w.from(), w.to(), w.step().toString(), points, totals));
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
