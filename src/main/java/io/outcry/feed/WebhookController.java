package io.outcry.feed;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.javalin.http.Context;
import io.outcry.catalog.Catalog;
import io.outcry.web.AdminAuth;
import io.outcry.web.JsonBody;
import io.outcry.web.Problem;
import io.outcry.web.PublicTarget;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code /api/v1/admin/webhooks}: register, list, delete webhooks and read their delivery log, behind the admin
 * token. Secrets go in and are never given back.
 */
public record WebhookController(WebhookStore store, AdminAuth token, Supplier<Catalog> catalog, Clock clock,
        PublicTarget target) {

    /** {@code POST /api/v1/admin/webhooks}'s body; other fields are ignored, as they always were. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record NewWebhook(String url, String secret, List<String> services, List<String> regions) {}

    /** Unknown fields are ignored (see {@link NewWebhook}); a value of the wrong type is refused as missing or bad. */
    private static final JsonBody.Refusals REFUSALS = new JsonBody.Refusals(
            (name, known) -> Problem.badRequest(name, "Unknown field '" + clip(name) + "'; a webhook has " + known + "."),
            (field, item) -> Problem.badRequest(field, field.equals("url") || field.equals("secret")
                    ? field + " is required."
                    : item ? field + " is an array of strings." : field + " is an array of at most 100 strings."));

    /** {@code POST /api/v1/admin/webhooks} {@code {url, secret, services?, regions?}}: 201 with the webhook. */
    public void register(Context ctx) {
        token.check(ctx);
        NewWebhook body = JsonBody.read(ctx.bodyAsBytes(), NewWebhook.class, REFUSALS);
        String url = text("url", body.url());
        try {
            String refusal = target.refusal(new URI(url));
            if (refusal != null) {
                throw Problem.badRequest("url", refusal);
            }
        } catch (URISyntaxException e) {
            throw Problem.badRequest("url", "url is an absolute http or https URL.");
        }
        String secret = text("secret", body.secret());
        if (secret.length() < 16 || secret.length() > 200) {
            throw Problem.badRequest("secret", "secret is 16 to 200 characters.");
        }
        List<String> services = list("services", body.services());
        Catalog current = catalog.get();
        for (String slug : services) {
            if (current.bySlug(slug).isEmpty()) {
                throw Problem.unknown("services", "No service has the slug '" + clip(slug) + "'.");
            }
        }
        List<String> regions = list("regions", body.regions());
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
        ctx.json(Map.of("deliveries", store.deliveries(id, 100).stream().map(d -> new DeliveryView(d.id(), d.event(),
                d.attempt(), d.statusCode(), d.error(), d.createdAt(), d.deliveredAt(), d.payload())).toList()));
    }

    /** A webhook as the admin API shows it: without its secret. */
    record View(UUID id, String url, List<String> services, List<String> regions, Instant createdAt, boolean active) {}

    /** One attempt of the delivery log. */
    record DeliveryView(UUID id, String event, int attempt, Integer statusCode, String error, Instant createdAt,
            Instant deliveredAt, String payload) {}

    private static View view(Webhook w) {
        return new View(w.id(), w.url(), w.services(), w.regions(), w.createdAt(), w.active());
    }

    private static UUID id(Context ctx) {
        try {
            return UUID.fromString(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw Problem.notFound("No webhook has this id.");
        }
    }

    private static String text(String field, String value) {
        if (value == null || value.isBlank()) {
            throw Problem.badRequest(field, field + " is required.");
        }
        if (value.length() > 2_000) {
            throw Problem.badRequest(field, field + " is at most 2000 characters.");
        }
        return value.trim();
    }

    private static List<String> list(String field, List<String> values) {
        if (values == null) {
            return List.of();
        }
        if (values.size() > 100) {
            throw Problem.badRequest(field, field + " is an array of at most 100 strings.");
        }
        List<String> out = new ArrayList<>();
        for (String item : values) {
            if (item == null || item.isBlank() || item.contains(",")) {
                throw Problem.badRequest(field, field + " is an array of strings.");
            }
            out.add(item.trim());
        }
        return List.copyOf(out);
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
