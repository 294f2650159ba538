package io.outcry.catalog;

import io.javalin.http.Context;
import io.outcry.web.Problem;
import java.util.Collection;
import java.util.List;
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
        List<Summary> services = current.search(q, category).stream().map(s -> summary(s, null)).toList();
        ctx.json(new Listing(services, current.categories().values()));
    }

    public void get(Context ctx) {
        Catalog current = catalog.get();
        Service s = service(current, ctx.pathParam("slug"));
        ctx.json(summary(s, current.problemsOf(s)));
    }

    /** The service named in the path, or a 404 that says which slug was not found. */
    public static Service service(Catalog catalog, String slug) {
        return catalog.bySlug(slug).orElseThrow(() -> Problem.notFound("No service has the slug '"
                + (slug.length() > 40 ? slug.substring(0, 40) + "…" : slug) + "'."));
    }

    /** The catalog's answer: the services found, and every category. */
    record Listing(List<Summary> services, Collection<Category> categories) {}

    /**
     * A service as the API shows it; {@code accessCountries} only when it has some, {@code problems} only alone.
     * French sentences need the name with its article and with "de": pages say "la panne d’Amazon" from
     * {@code nameFr}.
     */
    record Summary(String slug, String name, NameFr nameFr, String category, String homepage, String statusPage,
            List<String> aliases, int popularity, List<String> dependsOn, List<String> accessCountries,
            List<ProblemKind> problems) {}

    /** A name in a French sentence: "le Crédit Agricole", and after "de": "du Crédit Agricole". */
    record NameFr(String inSentence, String of) {}

    static Summary summary(Service s, List<ProblemKind> problems) {
        return new Summary(s.slug(), s.name(), new NameFr(French.named(s.name()), French.of(s.name())), s.category(),
                s.homepage(), s.statusPage(), s.aliases(), s.popularity(), s.dependsOn(),
                s.accessCountries().isEmpty() ? null : s.accessCountries(), problems);
    }
}
