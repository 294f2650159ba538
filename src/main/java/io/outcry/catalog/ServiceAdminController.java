package io.outcry.catalog;

import io.javalin.http.Context;
import io.outcry.web.AdminAuth;
import io.outcry.web.JsonBody;
import io.outcry.web.Problem;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code /api/v1/admin/services}: add, edit (rename) and retire services, behind the admin token. After each change
 * the in-memory catalog is reloaded, so the public API sees it at once.
 */
public final class ServiceAdminController {
    private static final int MAX_BODY_BYTES = 16_384;
    private static final List<String> FIELDS = List.of("slug", "name", "category", "homepage", "statusPage", "aliases",
            "popularity", "dependsOn", "accessCountries");

    /** The patterns of the list fields' items. */
    private static final Map<String, String> ITEMS = Map.of("aliases", ".{1,80}", "dependsOn",
            "[a-z0-9][a-z0-9-]{0,63}", "accessCountries", "[A-Z]{2}");

    /** The body of {@code POST} and {@code PATCH}: on PATCH only the fields sent change; a null clears a URL or a list. */
    record ServiceEdit(String slug, String name, String category, String homepage, String statusPage,
            List<String> aliases, Integer popularity, List<String> dependsOn, List<String> accessCountries) {}

    private static final JsonBody.Refusals REFUSALS = new JsonBody.Refusals(
            (name, known) -> Problem.badRequest(name, "Unknown field '" + clip(name) + "'; a service has " + FIELDS
                    + "."),
            (field, item) -> Problem.badRequest(field, switch (field) {
                case "popularity" -> "popularity is a whole number from 1 to 100.";
                case "aliases", "dependsOn", "accessCountries" -> item
                        ? field + " is an array of strings matching " + ITEMS.get(field) + ", no commas."
                        : field + " is an array of strings.";
                default -> field + " is required, as a string.";
            }));

    private final CatalogStore store;
    private final Supplier<Catalog> catalog;
    private final Runnable reload;
    private final AdminAuth auth;

    public ServiceAdminController(CatalogStore store, Supplier<Catalog> catalog, Runnable reload, AdminAuth auth) {
        this.store = store;
        this.catalog = catalog;
        this.reload = reload;
        this.auth = auth;
    }

    /** {@code POST /api/v1/admin/services}: 201 with the new service; 409 when the slug is taken. */
    public void add(Context ctx) {
        auth.check(ctx);
        JsonBody.Sent<ServiceEdit> body = body(ctx);
        Catalog current = catalog.get();
        String slug = slug(required("slug", body.value().slug()));
        Service s = edited(new Service(0, slug, null, null, null, null, List.of(), 50, List.of(), List.of()), body,
                current);
        if (s.name() == null || s.category() == null) {
            throw Problem.badRequest(s.name() == null ? "name" : "category", "name and category are required.");
        }
        if (!store.add(s)) {
            throw Problem.of(409, "slug-taken", "Slug taken", "A service, live or retired, already has the slug '"
                    + slug + "'.");
        }
        reload.run();
        ctx.status(201).json(view(slug));
    }

    /** {@code PATCH /api/v1/admin/services/{slug}}: changes the fields sent, the slug and name included. */
    public void edit(Context ctx) {
        auth.check(ctx);
        Catalog current = catalog.get();
        Service before = CatalogController.service(current, ctx.pathParam("slug"));
        Service after = edited(before, body(ctx), current);
        if (!after.slug().equals(before.slug()) && store.slugTaken(after.slug())) {
            throw Problem.of(409, "slug-taken", "Slug taken", "A service already has the slug '" + after.slug() + "'.");
        }
        if (!store.update(after)) {
            throw Problem.notFound("No live service has the slug '" + before.slug() + "'.");
        }
        reload.run();
        ctx.json(view(after.slug()));
    }

    /** {@code DELETE /api/v1/admin/services/{slug}}: 204; the service leaves the catalog, its history stays. */
    public void retire(Context ctx) {
        auth.check(ctx);
        Service s = CatalogController.service(catalog.get(), ctx.pathParam("slug"));
        if (!store.retire(s.slug())) {
            throw Problem.notFound("No live service has the slug '" + s.slug() + "'.");
        }
        reload.run();
        ctx.status(204);
    }

    private Object view(String slug) {
        Catalog current = catalog.get();
        return CatalogController.summary(CatalogController.service(current, slug), null);
    }

    private static JsonBody.Sent<ServiceEdit> body(Context ctx) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase();
        if (!type.startsWith("application/json")) {
            throw Problem.unsupportedMediaType("Send application/json.");
        }
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length > MAX_BODY_BYTES) {
            throw Problem.tooLarge("A service is at most " + MAX_BODY_BYTES + " bytes.");
        }
        return JsonBody.readSent(bytes, ServiceEdit.class, REFUSALS);
    }

    /** The service with the fields present in {@code body} replaced, each checked. */
    private static Service edited(Service s, JsonBody.Sent<ServiceEdit> sent, Catalog current) {
        ServiceEdit e = sent.value();
        Set<String> has = sent.fields();
        String slug = has.contains("slug") ? slug(required("slug", e.slug())) : s.slug();
        String name = has.contains("name") ? text("name", e.name(), 120) : s.name();
        String category = s.category();
        if (has.contains("category")) {
            category = text("category", e.category(), 32);
            if (!current.categories().containsKey(category)) {
                throw Problem.unknown("category", "No category '" + clip(category) + "'; known: "
                        + current.categories().keySet());
            }
        }
        String homepage = has.contains("homepage") ? url("homepage", e.homepage()) : s.homepage();
        String statusPage = has.contains("statusPage") ? url("statusPage", e.statusPage()) : s.statusPage();
        List<String> aliases = has.contains("aliases") ? list("aliases", e.aliases(), 1_000) : s.aliases();
        int popularity = s.popularity();
        if (has.contains("popularity")) {
            if (e.popularity() == null || e.popularity() < 1 || e.popularity() > 100) {
                throw Problem.badRequest("popularity", "popularity is a whole number from 1 to 100.");
            }
            popularity = e.popularity();
        }
        List<String> dependsOn = has.contains("dependsOn") ? list("dependsOn", e.dependsOn(), 400) : s.dependsOn();
        if (has.contains("dependsOn")) {
            for (String provider : dependsOn) {
                if (current.bySlug(provider).isEmpty() || provider.equals(slug)) {
                    throw Problem.unknown("dependsOn", "dependsOn names services of the catalog other than this one;"
                            + " no service '" + clip(provider) + "' can be named.");
                }
            }
        }
        List<String> access = has.contains("accessCountries") ? list("accessCountries", e.accessCountries(), 200)
                : s.accessCountries();
        return new Service(s.id(), slug, name, category, homepage, statusPage, aliases, popularity, dependsOn, access);
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw Problem.badRequest(field, field + " is required, as a string.");
        }
        return value.trim();
    }

    private static String slug(String slug) {
        if (!slug.matches("[a-z0-9][a-z0-9-]{0,63}")) {
            throw Problem.badRequest("slug", "slug is 1 to 64 lower-case letters, digits and dashes.");
        }
        return slug;
    }

    private static String text(String field, String value, int max) {
        String t = required(field, value);
        if (t.length() > max || t.chars().anyMatch(Character::isISOControl)) {
            throw Problem.badRequest(field, field + " is at most " + max + " characters, without control characters.");
        }
        return t;
    }

    private static String url(String field, String value) {
        if (value == null) {
            return null;
        }
        String t = text(field, value, 300);
        try {
            URI uri = new URI(t);
            if (uri.isAbsolute() && uri.getHost() != null
                    && (uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
                return t;
            }
        } catch (URISyntaxException e) {
            // answered below
        }
        throw Problem.badRequest(field, field + " is an absolute http or https URL.");
    }

    private static List<String> list(String field, List<String> values, int maxJoined) {
        if (values == null) {
            return List.of();
        }
        String pattern = ITEMS.get(field);
        List<String> out = new ArrayList<>();
        for (String item : values) {
            String v = item == null ? null : item.trim();
            if (v == null || !v.matches(pattern) || v.contains(",") || v.chars().anyMatch(Character::isISOControl)) {
                throw Problem.badRequest(field, field + " is an array of strings matching " + pattern + ", no commas.");
            }
            out.add(v);
        }
        if (String.join(",", out).length() > maxJoined) {
            throw Problem.badRequest(field, field + " is at most " + maxJoined + " characters in all.");
        }
        return List.copyOf(out);
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
