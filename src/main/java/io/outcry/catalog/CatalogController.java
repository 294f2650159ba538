package io.outcry.catalog;

import io.javalin.http.Context;
import io.outcry.web.Problem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** {@code GET /api/v1/services} and {@code GET /api/v1/services/{slug}}: the catalog, searchable. */
public final class CatalogController {
    private final Supplier<Catalog> catalog;

    public CatalogController(Supplier<Catalog> catalog) {
        this.catalog = catalog;
    }

    public void list(Context ctx) {
        Catalog current = catalog.get();
        String category = ctx.queryParam("category");
        if (category != null && !category.isBlank() && !current.categories().containsKey(category)) {
            throw Problem.unknown("category", "No category '" + category + "'; known: " + current.categories().keySet());
        }
        String q = ctx.queryParam("q");
        if (q != null && q.length() > 100) {
            throw Problem.badRequest("q", "q is at most 100 characters.");
        }
        List<Map<String, Object>> services = current.search(q, category).stream().map(s -> summary(current, s)).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("services", services);
        body.put("categories", current.categories().values());
        ctx.json(body);
    }

    public void get(Context ctx) {
        Catalog current = catalog.get();
        Service s = service(current, ctx.pathParam("slug"));
        Map<String, Object> body = summary(current, s);
        body.put("problems", current.problemsOf(s));
        ctx.json(body);
    }

    /** The service named in the path, or a 404 that says which slug was not found. */
    public static Service service(Catalog catalog, String slug) {
        return catalog.bySlug(slug).orElseThrow(() -> Problem.notFound("No service has the slug '"
                + (slug.length() > 40 ? slug.substring(0, 40) + "…" : slug) + "'."));
    }

    static Map<String, Object> summary(Catalog catalog, Service s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("slug", s.slug());
        m.put("name", s.name());
        // French sentences need the name with its article and with "de": pages say "la panne d’Amazon" from these.
        m.put("nameFr", Map.of("inSentence", French.named(s.name()), "of", French.of(s.name())));
        m.put("category", s.category());
        m.put("homepage", s.homepage());
        m.put("statusPage", s.statusPage());
        m.put("aliases", s.aliases());
        m.put("popularity", s.popularity());
        m.put("dependsOn", s.dependsOn());
        if (!s.accessCountries().isEmpty()) {
            m.put("accessCountries", s.accessCountries());
        }
        return m;
    }
}
