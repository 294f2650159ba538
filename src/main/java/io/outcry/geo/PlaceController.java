package io.outcry.geo;

import io.javalin.http.Context;
import io.outcry.web.Params;
import io.outcry.web.Problem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** {@code GET /api/v1/places?q=}: autocomplete of places, any case, with or without accents, each with its region. */
public final class PlaceController {
    private final Supplier<Geography> geography;

    public PlaceController(Geography geo) {
        this(() -> geo);
    }

    /** Searches a geography that may still be loading: the first searches wait for it. */
    public PlaceController(Supplier<Geography> geography) {
        this.geography = geography;
    }

    public void search(Context ctx) {
        String q = ctx.queryParam("q");
        if (q == null || q.isBlank()) {
            throw Problem.badRequest("q", "q is the start of a place name, e.g. saint etienne.");
        }
        if (q.length() > 100) {
            throw Problem.badRequest("q", "q is at most 100 characters.");
        }
        int limit = Params.integer(ctx, "limit", 10, 1, 50);
        List<Map<String, Object>> places = geography.get().gazetteer().search(q, limit).stream().map(this::json).toList();
        ctx.json(Map.of("places", places));
    }

    private Map<String, Object> json(Place p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("country", p.country());
        m.put("region", p.region());
        Regions regions = geography.get().regions();
        regions.byCode(p.region()).ifPresent(r -> m.put("regionName", Map.of("en", r.nameEn(), "fr", r.nameFr())));
        regions.byCode(p.country()).ifPresent(r -> m.put("countryName", Map.of("en", r.nameEn(), "fr", r.nameFr())));
        m.put("lat", p.lat());
        m.put("lon", p.lon());
        return m;
    }
}
