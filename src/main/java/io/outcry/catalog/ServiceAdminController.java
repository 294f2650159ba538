package io.outcry.catalog;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.outcry.web.AdminAuth;
import io.outcry.web.Problem;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code /api/v1/admin/services}: add, edit (rename) and retire services, behind the admin token. After each change
 * the in-memory catalog is reloaded, so the public API sees it at once.
 */
public final class ServiceAdminController {
    private static final int MAX_BODY_BYTES = 16_384;
    private static final Set<String> FIELDS = Set.of("slug", "name", "category", "homepage", "statusPage", "aliases",
            "popularity", "dependsOn", "accessCountries");

    private final CatalogStore store;
    private final Supplier<Catalog> catalog;
    private final Runnable reload;
    private final AdminAuth auth;
    private final ObjectMapper json;

    public ServiceAdminController(CatalogStore store, Supplier<Catalog> catalog, Runnable reload, AdminAuth auth,
            ObjectMapper json) {
        this.store = store;
        this.catalog = catalog;
        this.reload = reload;
        this.auth = auth;
        this.json = json;
    }

    /** {@code POST /api/v1/admin/services}: 201 with the new service; 409 when the slug is taken. */
    public void add(Context ctx) {
        auth.check(ctx);
        JsonNode body = body(ctx);
        Catalog current = catalog.get();
        String slug = slug(required(body, "slug"));
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
        JsonNode body = body(ctx);
        Service after = edited(before, body, current);
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
        return CatalogController.summary(current, CatalogController.service(current, slug));
    }

    private JsonNode body(Context ctx) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase();
        if (!type.startsWith("application/json")) {
            throw Problem.unsupportedMediaType("Send application/json.");
        }
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length > MAX_BODY_BYTES) {
            throw Problem.tooLarge("A service is at most " + MAX_BODY_BYTES + " bytes.");
        }
        JsonNode body;
        try {
            body = json.readTree(bytes);
        } catch (JacksonException e) {
            throw Problem.malformed("The body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw Problem.malformed("The body could not be read.");
        }
        if (body == null || !body.isObject()) {
            throw Problem.malformed("The body must be a JSON object.");
        }
        for (var names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw Problem.badRequest(name, "Unknown field '" + clip(name) + "'; a service has " + FIELDS + ".");
            }
        }
        return body;
    }

    /** The service with the fields present in {@code body} replaced, each checked. */
    private static Service edited(Service s, JsonNode body, Catalog current) {
        String slug = body.has("slug") ? slug(required(body, "slug")) : s.slug();
        String name = body.has("name") ? text(body, "name", 120) : s.name();
        String category = s.category();
        if (body.has("category")) {
            category = text(body, "category", 32);
            if (!current.categories().containsKey(category)) {
                throw Problem.unknown("category", "No category '" + clip(category) + "'; known: "
                        + current.categories().keySet());
            }
        }
        String homepage = body.has("homepage") ? url(body, "homepage") : s.homepage();
        String statusPage = body.has("statusPage") ? url(body, "statusPage") : s.statusPage();
        List<String> aliases = body.has("aliases") ? list(body, "aliases", ".{1,80}", 1_000) : s.aliases();
        int popularity = s.popularity();
        if (body.has("popularity")) {
            JsonNode p = body.get("popularity");
            if (!p.isInt() || p.asInt() < 1 || p.asInt() > 100) {
                throw Problem.badRequest("popularity", "popularity is a whole number from 1 to 100.");
            }
            popularity = p.asInt();
        }
        List<String> dependsOn = body.has("dependsOn") ? list(body, "dependsOn", "[a-z0-9][a-z0-9-]{0,63}", 400)
                : s.dependsOn();
        if (body.has("dependsOn")) {
            for (String provider : dependsOn) {
                if (current.bySlug(provider).isEmpty() || provider.equals(slug)) {
                    throw Problem.unknown("dependsOn", "dependsOn names services of the catalog other than this one;"
                            + " no service '" + clip(provider) + "' can be named.");
                }
            }
        }
        List<String> access = body.has("accessCountries") ? list(body, "accessCountries", "[A-Z]{2}", 200)
                : s.accessCountries();
        return new Service(s.id(), slug, name, category, homepage, statusPage, aliases, popularity, dependsOn, access);
    }

    private static String required(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw Problem.badRequest(field, field + " is required, as a string.");
        }
        return n.asText().trim();
    }

    private static String slug(String slug) {
        if (!slug.matches("[a-z0-9][a-z0-9-]{0,63}")) {
            throw Problem.badRequest("slug", "slug is 1 to 64 lower-case letters, digits and dashes.");
        }
        return slug;
    }

    private static String text(JsonNode body, String field, int max) {
        String t = required(body, field);
        if (t.length() > max || t.chars().anyMatch(Character::isISOControl)) {
            throw Problem.badRequest(field, field + " is at most " + max + " characters, without control characters.");
        }
        return t;
    }

    private static String url(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n.isNull()) {
            return null;
        }
        String t = text(body, field, 300);
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

    private static List<String> list(JsonNode body, String field, String pattern, int maxJoined) {
        JsonNode n = body.get(field);
        if (n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw Problem.badRequest(field, field + " is an array of strings.");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : n) {
            String v = item.isTextual() ? item.asText().trim() : null;
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
