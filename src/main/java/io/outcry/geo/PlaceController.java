package io.outcry.geo;

import io.javalin.http.Context;
import io.outcry.web.Params;
import io.outcry.web.Problem;
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
        List<Found> places = geography.get().gazetteer().search(q, limit).stream().map(this::json).toList();
        ctx.json(Map.of("places", places));
    }

    /** A place found, with its region's and country's names when known. */
    record Found(String name, String country, String region, Names regionName, Names countryName, double lat,
            double lon) {}

    /** A name in English and in French. */
    record Names(String en, String fr) {}

    private Found json(Place p) {
        Regions regions = geography.get().regions();
        return new Found(p.name(), p.country(), p.region(), names(regions, p.region()), names(regions, p.country()),
                p.lat(), p.lon());
    }

    private static Names names(Regions regions, String code) {
        return regions.byCode(code).map(r -> new Names(r.nameEn(), r.nameFr())).orElse(null);
    }
}
