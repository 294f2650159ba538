package io.outcry.outage;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.outcry.counts.Anonymity;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.http.Context;
import io.outcry.catalog.Catalog;
import io.outcry.catalog.Service;
import io.outcry.counts.CountStore;
import io.outcry.counts.SeriesKey;
import io.outcry.detect.SeasonalBaseline;
import io.outcry.geo.Geography;
import io.outcry.geo.Region;
import io.outcry.geo.Shapes;
import io.outcry.web.Departure;
import io.outcry.web.HeavyReads;
import io.outcry.web.HttpCache;
import io.outcry.web.Params;
import io.outcry.web.Problem;
import io.outcry.web.ResponseCache;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Where it hurts, as RFC 7946 GeoJSON: each country or region with reports in the window, coloured by how far its
 * reports are above its own usual level, not by how many people live there. An area with fewer than
 * {@value Anonymity#MIN} reporters is not shown unless it is in an outage, and then without its count or ratio.
 */
public final class MapController {
    /** Pseudo-count that shrinks the ratio of small counts toward 1 so a handful of reports cannot dominate. */
    static final double SHRINK = 5;
    private static final Duration CACHE_FOR = Duration.ofSeconds(5);
    /** A map of every region weighs up to 2 MB: this holds a few dozen at once on any heap. */
    private static final long CACHE_BYTES = 64L << 20;
    /** The windows a map is drawn over; any other is rounded up to the next, so each has one cached answer. */
    static final List<Duration> WINDOWS = List.of(Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(30),
            Duration.ofHours(1), Duration.ofHours(3), Duration.ofHours(6), Duration.ofHours(12), Duration.ofHours(24));

    private final Supplier<Catalog> catalog;
    private final OutageStore store;
    private final CountStore counts;
    private final DetectionJob job;
    private final Baselines baselines;
    private final Supplier<Geography> geo;
    private final Shapes shapes = new Shapes();
    private final Clock clock;
    private final ResponseCache<String> cache;
    private final HeavyReads heavy;

    public MapController(Supplier<Catalog> catalog, OutageStore store, CountStore counts, DetectionJob job,
            Baselines baselines, Supplier<Geography> geo, Clock clock, HeavyReads heavy) {
        this.heavy = heavy;
        this.catalog = catalog;
        this.store = store;
        this.counts = counts;
        this.job = job;
        this.baselines = baselines;
        this.geo = geo;
        this.clock = clock;
        this.cache = new ResponseCache<>(clock, CACHE_FOR, CACHE_BYTES);
    }

    /**
     * {@code GET /api/v1/map?service=&window=15m&level=country|region&geometry=true&names=true}; the window is one of
     * {@link #WINDOWS} (5m, 15m, 30m, 1h, 3h, 6h, 12h, 24h), rounded up, and the answer says which.
     */
    public void service(Context ctx) {
        String slug = ctx.queryParam("service");
        if (slug == null || slug.isBlank()) {
            throw Problem.badRequest("service", "Name the service, e.g. ?service=chatgpt; /api/v1/map/now shows all.");
        }
        Service service = catalog.get().bySlug(slug).orElseThrow(() -> Problem.unknown("service",
                "No service has the slug '" + (slug.length() > 40 ? slug.substring(0, 40) + "…" : slug) + "'."));
        answer(ctx, service);
    }

    /** {@code GET /api/v1/map/now}: every service at once. */
    public void now(Context ctx) {
        answer(ctx, null);
    }

    private void answer(Context ctx, Service service) {
        Duration asked = Params.duration(ctx, "window", Duration.ofMinutes(15));
        if (asked.compareTo(Duration.ofMinutes(1)) < 0 || asked.compareTo(Duration.ofHours(24)) > 0) {
            throw Problem.badRequest("window", "window is from 1m to 24h.");
        }
        Duration window = WINDOWS.stream().filter(w -> w.compareTo(asked) >= 0).findFirst().orElseThrow();
        String level = ctx.queryParam("level") == null ? "country" : ctx.queryParam("level");
        if (!level.equals("country") && !level.equals("region")) {
            throw Problem.badRequest("level", "level is country or region.");
        }
        boolean geometry = Params.bool(ctx, "geometry", true);
        // Clients that draw the bundled boundaries (/geo/*.json) have each area's name there: without names and
        // label points, a map of 3,000 regions is a third smaller, and two thirds smaller with gzip (bench/reads.sh).
        boolean names = Params.bool(ctx, "names", true);
        String key = (service == null ? "*" : service.slug()) + "|" + window + "|" + level + "|" + geometry + "|"
                + names;
        Departure client = Departure.of(ctx);
        HttpCache.Body body = cache.get(key, job.minutesProcessed(), () -> heavy.run(client, () -> {
            Instant now = clock.instant();
            return HttpCache.Body.of(toJson(build(service, window, level.equals("region"), geometry, names, now,
                    client)), now);
        }));
        HttpCache.send(ctx, "application/geo+json", body);
    }

    /** GeoJSON keeps its nulls ("geometry": null is a member the RFC requires), unlike the rest of the API. */
    private static final ObjectMapper GEOJSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private static byte[] toJson(Collection body) {
        try {
            return GEOJSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of plain values always serialises", e);
        }
    }

    private Collection build(Service service, Duration window, boolean regions, boolean withGeometry,
            boolean withNames, Instant now, Departure client) {
        Instant to = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        Instant from = to.minus(window);
        Map<SeriesKey, Integer> windowCounts = counts.windowCounts(service == null ? null : service.id(), from, to);
        Map<String, Outage> outages = new HashMap<>();
        // Each area in its own state: a region listed by a world-wide outage may only show possible problems.
        Map<String, String> states = new HashMap<>();
        Map<String, List<AreaService>> servicesByArea = new HashMap<>();
        List<Outage> open = store.open();
        Map<SeriesKey, io.outcry.detect.State> detector = job.areaStates();
        for (Outage o : open) {
            if (service != null && o.serviceId() != service.id()) {
                continue;
            }
            List<String> areas = new ArrayList<>(o.regions());
            areas.add(o.scope());
            for (String area : areas) {
                String state = area.equals(o.scope()) ? o.state().label()
                        : Breakdown.state(new SeriesKey(o.serviceId(), area), open, detector);
                outages.merge(area, o, (a, b) -> a.state() == Outage.State.OUTAGE ? a : b);
                states.merge(area, state, (a, b) -> a.equals("outage") ? a : b);
                String name = catalog.get().byId(o.serviceId()).map(Service::name).orElse(o.service());
                servicesByArea.computeIfAbsent(area, k -> new ArrayList<>()).add(new AreaService(o.service(), name,
                        state));
            }
        }
        Map<String, Integer> observed = new LinkedHashMap<>();
        windowCounts.forEach((key, n) -> {
            if (!key.isWorld() && key.area().contains("-") == regions) {
                observed.merge(key.area(), n, Integer::sum);
            }
        });
        outages.keySet().stream().filter(a -> !a.equals(SeriesKey.WORLD) && a.contains("-") == regions)
                .forEach(a -> observed.putIfAbsent(a, 0));
        // Listing an area with too few reports would say that someone there reported.
        observed.keySet().removeIf(a -> Anonymity.hidden(observed.get(a)) && !outages.containsKey(a));
        Map<String, Double> expected = new HashMap<>();
        fitted(seriesOf(observed.keySet(), service, windowCounts), from, client).forEach((key, b) -> expected.merge(
                key.area(), expected(b, from, window), Double::sum));
        List<Feature> features = new ArrayList<>();
        observed.forEach((area, n) -> features.add(new Feature("Feature", area,
                withGeometry ? shapes.geometry(area) : null, properties(area,
                        new double[] {n, expected.getOrDefault(area, 0.0)}, outages.get(area), states.get(area),
                        service == null ? servicesByArea.get(area) : null, withNames))));
        return new Collection("FeatureCollection", service == null ? null : service.slug(), window.toString(),
                regions ? "region" : "country", now, features);
    }

    /**
     * The series of the areas shown (of the service asked, or of all): those with reports in the window and those the
     * detector watches. An area's usual level is that of all its live series, not only of those with reports now:
     * summed over those alone, the few reports of a quiet area's many quiet services always look several times their
     * usual. The watched series' usual levels are fitted already, so this costs no more fits than the reports do.
     */
    private List<SeriesKey> seriesOf(Set<String> areas, Service service, Map<SeriesKey, Integer> windowCounts) {
        Set<SeriesKey> keys = new HashSet<>();
        for (Set<SeriesKey> source : List.of(windowCounts.keySet(), job.watched())) {
            for (SeriesKey k : source) {
                if (areas.contains(k.area()) && (service == null || k.serviceId() == service.id())) {
                    keys.add(k);
                }
            }
        }
        return List.copyOf(keys);
    }

    /**
     * The baselines of {@code keys}, one service at a time: a client that left stops the work between two, and a page
     * that needs one fit waits for one service's, not for a whole map's.
     */
    private Map<SeriesKey, SeasonalBaseline> fitted(List<SeriesKey> keys, Instant at, Departure client) {
        Map<SeriesKey, SeasonalBaseline> out = new HashMap<>();
        for (List<SeriesKey> ofService : keys.stream().collect(Collectors.groupingBy(SeriesKey::serviceId)).values()) {
            client.check();
            out.putAll(baselines.of(ofService, at));
        }
        client.check();
        return out;
    }

    /** One area's properties, from its observed and expected counts over the window ({@code oe}). */
    private Properties properties(String area, double[] oe, Outage outage, String state, List<AreaService> services,
            boolean withNames) {
        int observed = (int) oe[0];
        Region region = geo.get().regions().byCode(area).orElse(null);
        double excess = (observed + SHRINK) / (oe[1] + SHRINK);
        return new Properties(area, withNames ? names(area, region) : null, Anonymity.shown(observed),
                Anonymity.label(observed), Math.round(oe[1] * 10) / 10.0,
                Anonymity.hidden(observed) ? null : Math.round(excess * 100) / 100.0, level(observed, excess, state),
                outage == null ? null : outage.id(), services,
                withNames && region != null ? List.of(region.labelLon(), region.labelLat()) : null);
    }

    private static Map<String, String> names(String area, Region region) {
        return region == null ? Map.of("en", area, "fr", area) : Map.of("en", region.nameEn(), "fr", region.nameFr());
    }

    // The answer's shapes. GeoJSON keeps "geometry": null and Outcry's "service", "observed" and "excess" as nulls;
    // the fields marked NON_NULL are left out when they do not apply.

    /** An RFC 7946 feature collection; {@code service} is null for the map of every service. */
    record Collection(String type, String service, String window, String level, Instant generatedAt,
            List<Feature> features) {}

    record Feature(String type, String id, Object geometry, Properties properties) {}

    /**
     * One area: its names and label point unless the client draws its own boundaries, its count (null and a label
     * when hidden), its usual and excess, its colour level; its outage, and every service's state when the map is of
     * all services.
     */
    record Properties(String code, @JsonInclude(NON_NULL) Map<String, String> name, Integer observed,
            @JsonInclude(NON_NULL) String observedLabel, double expected, Double excess, String level,
            @JsonInclude(NON_NULL) java.util.UUID outage, @JsonInclude(NON_NULL) List<AreaService> services,
            @JsonInclude(NON_NULL) List<Double> label) {}

    /** A service with an open outage in the area, and the area's own state in it. */
    record AreaService(String slug, String name, String state) {}

    private static double expected(SeasonalBaseline baseline, Instant from, Duration window) {
        return baseline.expectedBetween(from, from.plus(window));
    }

    /** @param state the area's own state while an open outage names it ({@link Breakdown}), else null */
    static String level(int observed, double excess, String state) {
        if (state != null && !state.equals("ok")) {
            return state.equals("outage") ? "outage" : "elevated";
        }
        if (Anonymity.hidden(observed)) {
            return "none";
        }
        if (excess >= 2) {
            return "elevated";
        }
        if (excess >= 1.3) {
            return "low";
        }
        return "none";
    }
}
