package io.outcry.outage;

import io.outcry.counts.Anonymity;
import io.javalin.http.Context;
import io.outcry.catalog.Catalog;
import io.outcry.catalog.CatalogController;
import io.outcry.catalog.Service;
import io.outcry.counts.CountStore;
import io.outcry.counts.SeriesKey;
import io.outcry.detect.SeasonalBaseline;
import io.outcry.report.SeriesController;
import io.outcry.web.HttpCache;
import io.outcry.web.Params;
import io.outcry.web.Problem;
import io.outcry.web.ResponseCache;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Status of every service, outages past and present, and the usual band of a service for charts.
 *
 * @param demoHistory while the demo writes its history: how much of it is written; null otherwise
 * @param statusCache the status answer, built at most once a second per node
 */
public record OutageController(Supplier<Catalog> catalog, OutageStore store, CountStore counts, DetectionJob job,
        Baselines baselines, Supplier<OutageView> view, Clock clock, boolean demo, Supplier<DemoHistory> demoHistory,
        ResponseCache<String> statusCache) {

    public OutageController(Supplier<Catalog> catalog, OutageStore store, CountStore counts, DetectionJob job,
            Baselines baselines, Supplier<OutageView> view, Clock clock, boolean demo,
            Supplier<DemoHistory> demoHistory) {
        this(catalog, store, counts, job, baselines, view, clock, demo, demoHistory,
                new ResponseCache<>(clock, Duration.ofSeconds(1), 4L << 20));
    }

    /** {@code GET /api/v1/status}: every service, most severe first; built at most once a second per node. */
    public void status(Context ctx) {
        HttpCache.send(ctx, "application/json", statusCache.get("status", job.minutesProcessed(), () -> {
            byte[] body = ctx.jsonMapper().toJsonString(statusBody(), Object.class).getBytes(StandardCharsets.UTF_8);
            return HttpCache.Body.of(body, store.lastTick().map(t -> t.plus(Duration.ofMinutes(1))).orElse(null));
        }));
    }

    /** The answer of {@code GET /api/v1/status}; {@code demoHistory} only while the demo writes its history. */
    public record StatusBody(Instant updatedAt, boolean demo, DemoHistory demoHistory, int windowMinutes,
            List<Card> services) {}

    /** How much of the demo's history is written, while it is being written. */
    public record DemoHistory(String state, long written, long total) {}

    /**
     * One service's status: its world state and numbers over the window; the open outage, the areas with problems
     * and their own numbers only when there are some; a label in place of each hidden count.
     */
    public record Card(String slug, String name, String category, String state, Integer observed,
            String observedLabel, double expected, Integer worksLast15Minutes, String worksLast15MinutesLabel,
            UUID outage, List<String> regionalProblems, List<Breakdown.Area.Shown> regionalOutages,
            int popularity) {}

    public StatusBody statusBody() {
        Map<Integer, ServiceStatus> statuses = store.statuses().stream()
                .collect(Collectors.toMap(ServiceStatus::serviceId, Function.identity()));
        Map<Integer, Outage> open = new LinkedHashMap<>();
        List<Outage> regional = new ArrayList<>();
        for (Outage o : store.open()) {
            if (SeriesKey.WORLD.equals(o.scope())) {
                open.put(o.serviceId(), o);
            } else {
                regional.add(o);
            }
        }
        Instant now = clock.instant();
        Map<SeriesKey, Integer> works = counts.worksCounts(now.minus(Duration.ofMinutes(15)), now.plus(Duration.ofMinutes(1)));
        List<Card> services = new ArrayList<>();
        for (Service s : catalog.get().services()) {
            ServiceStatus st = statuses.get(s.id());
            Outage o = open.get(s.id());
            int observed = st == null ? 0 : st.observed();
            int worksHere = works.getOrDefault(new SeriesKey(s.id(), SeriesKey.WORLD), 0);
            List<String> areas = regional.stream().filter(r -> r.serviceId() == s.id()).map(Outage::scope).toList();
            services.add(new Card(s.slug(), s.name(), s.category(), o != null ? o.state().label() : "ok",
                    Anonymity.shown(observed), Anonymity.label(observed),
                    st == null ? 0 : Math.round(st.expected() * 10) / 10.0,
                    Anonymity.shown(worksHere), Anonymity.label(worksHere), o != null ? o.id() : null,
                    areas.isEmpty() ? null : areas,
                    areas.isEmpty() ? null : regionalOutages(s.id(), areas, regional, now).orElse(null),
                    s.popularity()));
        }
        services.sort(Comparator.comparingInt((Card c) -> severity(c.state(), c.regionalProblems() != null))
                .thenComparing(c -> -(c.observed() != null ? c.observed() : 0) / Math.max(1, c.expected()))
                .thenComparing(c -> -c.popularity()));
        // While the demo writes its history, charts fill in as it is written; nothing is judged until it is all there.
        return new StatusBody(store.lastTick().map(t -> t.plus(Duration.ofMinutes(1))).orElse(null), demo,
                demoHistory.get(), job.settings().windowMinutes(), services);
    }

    /**
     * The open records of a service below the world, each named, with its state and its own reports against the usual
     * over the same window as the service's (the last minutes processed): what a card of regional problems shows.
     */
    private java.util.Optional<List<Breakdown.Area.Shown>> regionalOutages(int serviceId, List<String> areas,
            List<Outage> regional, Instant now) {
        return view.get().breakdown().map(b -> {
            List<Outage> own = regional.stream().filter(r -> r.serviceId() == serviceId).toList();
            return b.areas(serviceId, areas, b.now(now), own, now).stream().map(Breakdown.Area::json).toList();
        });
    }

    private static int severity(String state, boolean regional) {
        return switch (state) {
            case "outage" -> 0;
            case "possible" -> 1;
            default -> regional ? 2 : 3;
        };
    }

    /** {@code GET /api/v1/outages?active=&service=&since=&limit=&tz=}: newest first. */
    public void list(Context ctx) {
        Boolean active = Params.bool(ctx, "active", null);
        List<Outage.State> states = active == null
                ? List.of(Outage.State.POSSIBLE, Outage.State.OUTAGE, Outage.State.RESOLVED)
                : active ? List.of(Outage.State.POSSIBLE, Outage.State.OUTAGE) : List.of(Outage.State.RESOLVED);
        if (Boolean.TRUE.equals(Params.bool(ctx, "dismissed", false))) {
            states = new ArrayList<>(states);
            states.add(Outage.State.DISMISSED);
        }
        String slug = ctx.queryParam("service");
        Integer serviceId = slug == null || slug.isBlank() ? null
                : catalog.get().bySlug(slug).map(Service::id)
                        .orElseThrow(() -> Problem.unknown("service", "No service has the slug '" + clip(slug) + "'."));
        Instant now = clock.instant();
        Instant since = Params.instant(ctx, "since", now, null);
        int limit = Params.integer(ctx, "limit", 100, 1, 1_000);
        ZoneId zone = zone(ctx);
        List<Outage> outages = store.find(states, serviceId, since, limit);
        ctx.json(new Outages(demo, view.get().json(outages, now, zone)));
    }

    /** {@code GET /api/v1/outages/{id}}. */
    public void get(Context ctx) {
        Outage o = store.byId(outageId(ctx.pathParam("id")))
                .orElseThrow(() -> Problem.notFound("No outage has the id " + clip(ctx.pathParam("id")) + "."));
        ctx.json(view.get().json(o, clock.instant(), zone(ctx)).withDemo(demo));
    }

    /** The answer of {@code GET /api/v1/outages}. */
    record Outages(boolean demo, List<OutageView.Shown> outages) {}

    /**
     * {@code GET /api/v1/services/{slug}/baseline?since=&step=&area=}: the usual number of reporters per step and a band
     * around it (mean ± 2 standard deviations of the negative-binomial model, variance = φ·mean, floored at 0), of the
     * world or of one country or region.
     */
    public void baseline(Context ctx) {
        Service service = CatalogController.service(catalog.get(), ctx.pathParam("slug"));
        SeriesController.Window w = SeriesController.Window.of(ctx, clock.instant());
        String area = SeriesController.area(ctx);
        SeasonalBaseline baseline = baselines.of(new SeriesKey(service.id(), area), clock.instant());
        List<BandPoint> points = new ArrayList<>(w.points());
        for (int i = 0; i < w.points(); i++) {
            Instant t = w.from().plus(w.step().multipliedBy(i));
            double mean = baseline.expectedBetween(t, t.plus(w.step()));
            double sd = Math.sqrt(Math.max(1, baseline.overdispersion()) * mean);
            points.add(new BandPoint(t, round(mean), round(Math.max(0, mean - 2 * sd)), round(mean + 2 * sd)));
        }
        ctx.json(new Band(service.slug(), area, w.from(), w.to(), w.step().toString(),
                round(baseline.overdispersion()), points));
    }

    /** The answer of {@code GET /api/v1/services/{slug}/baseline}. */
    record Band(String service, String area, Instant since, Instant until, String step, double overdispersion,
            List<BandPoint> points) {}

    /** The usual count of one step and the band around it. */
    record BandPoint(Instant t, double expected, double lower, double upper) {}

    private static double round(double x) {
        return Math.round(x * 100) / 100.0;
    }

    static UUID outageId(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw Problem.notFound("No outage has the id " + clip(text) + ".");
        }
    }

    /** The time zone of explanations: {@code ?tz=Europe/Paris}, UTC by default. */
    public static ZoneId zone(Context ctx) {
        String tz = ctx.queryParam("tz");
        if (tz == null || tz.isBlank()) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(tz);
        } catch (DateTimeException e) {
            throw Problem.badRequest("tz", "tz is a time zone such as Europe/Paris or UTC.");
        }
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
