package io.outcry.outage;

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

/** Status of every service, outages past and present, and the usual band of a service for charts. */
public final class OutageController {
    private final Supplier<Catalog> catalog;
    private final OutageStore store;
    private final CountStore counts;
    private final DetectionJob job;
    private final Baselines baselines;
    private final Supplier<OutageView> view;
    private final Clock clock;
    private final boolean demo;
    private final ResponseCache<String> statusCache;

    public OutageController(Supplier<Catalog> catalog, OutageStore store, CountStore counts, DetectionJob job,
            Baselines baselines, Supplier<OutageView> view, Clock clock, boolean demo) {
        this.catalog = catalog;
        this.store = store;
        this.counts = counts;
        this.job = job;
        this.baselines = baselines;
        this.view = view;
        this.clock = clock;
        this.demo = demo;
        this.statusCache = new ResponseCache<>(clock, Duration.ofSeconds(1), 4L << 20);
    }

    /** {@code GET /api/v1/status}: every service, most severe first; built at most once a second per node. */
    public void status(Context ctx) {
        HttpCache.send(ctx, "application/json", statusCache.get("status", job.minutesProcessed(), () -> {
            byte[] body = ctx.jsonMapper().toJsonString(statusBody(), Object.class).getBytes(StandardCharsets.UTF_8);
            return HttpCache.Body.of(body, store.lastTick().map(t -> t.plus(Duration.ofMinutes(1))).orElse(null));
        }));
    }

    public Map<String, Object> statusBody() {
        Catalog current = catalog.get();
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
        List<Map<String, Object>> services = new ArrayList<>();
        for (Service s : current.services()) {
            ServiceStatus st = statuses.get(s.id());
            Outage o = open.get(s.id());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("slug", s.slug());
            m.put("name", s.name());
            m.put("category", s.category());
            m.put("state", o != null ? o.state().label() : "ok");
            int observed = st == null ? 0 : st.observed();
            m.put("observed", Anonymity.shown(observed));
            if (Anonymity.hidden(observed)) {
                m.put("observedLabel", Anonymity.FEWER);
            }
            m.put("expected", st == null ? 0 : Math.round(st.expected() * 10) / 10.0);
            int worksHere = works.getOrDefault(new SeriesKey(s.id(), SeriesKey.WORLD), 0);
            m.put("worksLast15Minutes", Anonymity.shown(worksHere));
            if (Anonymity.hidden(worksHere)) {
                m.put("worksLast15MinutesLabel", Anonymity.FEWER);
            }
            if (o != null) {
                m.put("outage", o.id());
            }
            List<String> areas = regional.stream().filter(r -> r.serviceId() == s.id()).map(Outage::scope).toList();
            if (!areas.isEmpty()) {
                m.put("regionalProblems", areas);
                regionalOutages(s.id(), areas, regional, now).ifPresent(r -> m.put("regionalOutages", r));
            }
            m.put("popularity", s.popularity());
            services.add(m);
        }
        services.sort(Comparator.comparingInt((Map<String, Object> m) -> severity((String) m.get("state"),
                        m.containsKey("regionalProblems")))
                .thenComparing(m -> -(m.get("observed") instanceof Number n ? n.doubleValue() : 0)
                        / Math.max(1, ((Number) m.get("expected")).doubleValue()))
                .thenComparing(m -> -(Integer) m.get("popularity")));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("updatedAt", store.lastTick().map(t -> t.plus(Duration.ofMinutes(1))).orElse(null));
        body.put("demo", demo);
        body.put("windowMinutes", job.settings().windowMinutes());
        body.put("services", services);
        return body;
    }

    /**
     * The open records of a service below the world, each named, with its state and its own reports against the usual
     * over the same window as the service's (the last minutes processed): what a card of regional problems shows.
     */
    private java.util.Optional<List<Map<String, Object>>> regionalOutages(int serviceId, List<String> areas,
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
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("demo", demo);
        body.put("outages", view.get().json(outages, now, zone));
        ctx.json(body);
    }

    /** {@code GET /api/v1/outages/{id}}. */
    public void get(Context ctx) {
        Outage o = store.byId(outageId(ctx.pathParam("id")))
                .orElseThrow(() -> Problem.notFound("No outage has the id " + clip(ctx.pathParam("id")) + "."));
        Map<String, Object> body = view.get().json(o, clock.instant(), zone(ctx));
        body.put("demo", demo);
        ctx.json(body);
    }

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
        List<Map<String, Object>> points = new ArrayList<>(w.points());
        for (int i = 0; i < w.points(); i++) {
            Instant t = w.from().plus(w.step().multipliedBy(i));
            double mean = baseline.expectedBetween(t, t.plus(w.step()));
            double sd = Math.sqrt(Math.max(1, baseline.overdispersion()) * mean);
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("t", t);
            p.put("expected", round(mean));
            p.put("lower", round(Math.max(0, mean - 2 * sd)));
            p.put("upper", round(mean + 2 * sd));
            points.add(p);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", service.slug());
        body.put("area", area);
        body.put("since", w.from());
        body.put("until", w.to());
        body.put("step", w.step().toString());
        body.put("overdispersion", round(baseline.overdispersion()));
        body.put("points", points);
        ctx.json(body);
    }

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
