package io.outcry.feed;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.outcry.catalog.Catalog;
import io.outcry.web.AdminAuth;
import io.outcry.web.Problem;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code /api/v1/admin/webhooks}: register, list, delete webhooks and read their delivery log, behind the admin
 * token. Secrets go in and are never given back.
 */
public final class WebhookController {
    private final WebhookStore store;
    private final AdminAuth token;
    private final Supplier<Catalog> catalog;
    private final Clock clock;
    private final ObjectMapper json;
    private final WebhookTarget target;

    WebhookController(WebhookStore store, AdminAuth token, Supplier<Catalog> catalog, Clock clock, ObjectMapper json,
            WebhookTarget target) {
        this.json = json;
        this.target = target;
        this.store = store;
        this.token = token;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** {@code POST /api/v1/admin/webhooks} {@code {url, secret, services?, regions?}}: 201 with the webhook. */
    public void register(Context ctx) {
        token.check(ctx);
        JsonNode body;
        try {
            body = json.readTree(ctx.bodyAsBytes());
        } catch (JacksonException e) {
            throw Problem.malformed("The body is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw Problem.malformed("The body could not be read.");
        }
        if (body == null || !body.isObject()) {
            throw Problem.malformed("The body must be a JSON object.");
        }
        String url = text(body, "url");
        try {
            String refusal = target.refusal(new URI(url));
            if (refusal != null) {
                throw Problem.badRequest("url", refusal);
            }
        } catch (URISyntaxException e) {
            throw Problem.badRequest("url", "url is an absolute http or https URL.");
        }
        String secret = text(body, "secret");
        if (secret.length() < 16 || secret.length() > 200) {
            throw Problem.badRequest("secret", "secret is 16 to 200 characters.");
        }
        List<String> services = list(body, "services");
        Catalog current = catalog.get();
        for (String slug : services) {
            if (current.bySlug(slug).isEmpty()) {
                throw Problem.unknown("services", "No service has the slug '" + clip(slug) + "'.");
            }
        }
        List<String> regions = list(body, "regions");
        for (String region : regions) {
            if (!region.matches("[A-Z]{2}(-[A-Z0-9]{1,9})?")) {
                throw Problem.badRequest("regions", "regions are country or region codes such as FR or FR-IDF.");
            }
        }
        Webhook w = new Webhook(UUID.randomUUID(), url, secret, services, regions, clock.instant(), true);
        store.add(w);
        ctx.status(201).json(view(w));
    }

    /** {@code GET /api/v1/admin/webhooks}: the active webhooks, without their secrets. */
    public void list(Context ctx) {
        token.check(ctx);
        ctx.json(Map.of("webhooks", store.active().stream().map(WebhookController::view).toList()));
    }

    /** {@code DELETE /api/v1/admin/webhooks/{id}}: 204; deliveries stop, the log stays. */
    public void delete(Context ctx) {
        token.check(ctx);
        if (!store.deactivate(id(ctx))) {
            throw Problem.notFound("No active webhook has this id.");
        }
        ctx.status(204);
    }

    /** {@code GET /api/v1/admin/webhooks/{id}/deliveries}: the latest 100 attempts, newest first. */
    public void deliveries(Context ctx) {
        token.check(ctx);
        UUID id = id(ctx);
        if (store.byId(id).isEmpty()) {
            throw Problem.notFound("No webhook has this id.");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (WebhookStore.Delivery d : store.deliveries(id, 100)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", d.id());
            m.put("event", d.event());
            m.put("attempt", d.attempt());
            m.put("statusCode", d.statusCode());
            m.put("error", d.error());
            m.put("createdAt", d.createdAt());
            m.put("deliveredAt", d.deliveredAt());
            m.put("payload", d.payload());
            out.add(m);
        }
        ctx.json(Map.of("deliveries", out));
    }

    private static Map<String, Object> view(Webhook w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", w.id());
        m.put("url", w.url());
        m.put("services", w.services());
        m.put("regions", w.regions());
        m.put("createdAt", w.createdAt());
        m.put("active", w.active());
        return m;
    }

    private static UUID id(Context ctx) {
        try {
            return UUID.fromString(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw Problem.notFound("No webhook has this id.");
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw Problem.badRequest(field, field + " is required.");
        }
        if (n.asText().length() > 2_000) {
            throw Problem.badRequest(field, field + " is at most 2000 characters.");
        }
        return n.asText().trim();
    }

    private static List<String> list(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray() || n.size() > 100) {
            throw Problem.badRequest(field, field + " is an array of at most 100 strings.");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : n) {
            if (!item.isTextual() || item.asText().isBlank() || item.asText().contains(",")) {
                throw Problem.badRequest(field, field + " is an array of strings.");
            }
            out.add(item.asText().trim());
        }
        return List.copyOf(out);
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
