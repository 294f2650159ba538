package io.outcry.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.outcry.catalog.Catalog;
import io.outcry.catalog.Service;
import io.outcry.web.Lang;
import io.outcry.web.Problem;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Web Push without an account: {@code GET /api/v1/push/key} gives the VAPID public key; {@code POST} and {@code DELETE
 * /api/v1/push/subscriptions} add and remove a browser's subscription to a service, everywhere or in one area.
 */
public final class PushController {
    private final Supplier<Catalog> catalog;
    private final PushStore store;
    private final WebPush push;
    private final Predicate<String> knownArea;
    private final ObjectMapper json;
    private final Clock clock;

    public PushController(Supplier<Catalog> catalog, PushStore store, WebPush push, Predicate<String> knownArea,
            ObjectMapper json, Clock clock) {
        this.catalog = catalog;
        this.store = store;
        this.push = push;
        this.knownArea = knownArea;
        this.json = json;
        this.clock = clock;
    }

    public void key(Context ctx) {
        ctx.header("Cache-Control", "public, max-age=3600").json(Map.of("publicKey", push.publicKey()));
    }

    /** Body: {@code {service, area?, subscription: {endpoint, keys: {p256dh, auth}}}}, as PushManager gives it. */
    public void subscribe(Context ctx) {
        JsonNode body = body(ctx);
        Service service = service(body);
        String area = area(body);
        JsonNode sub = body.path("subscription");
        String endpoint = sub.path("endpoint").asText("");
        String p256dh = sub.path("keys").path("p256dh").asText("");
        String auth = sub.path("keys").path("auth").asText("");
        URI uri;
        try {
            uri = URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest("subscription", "subscription.endpoint is not a URL.");
        }
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || endpoint.length() > 1000) {
            throw Problem.badRequest("subscription", "subscription.endpoint is an http(s) URL of at most 1000 characters.");
        }
        if (decodedLength(p256dh) != 65 || decodedLength(auth) != 16) {
            throw Problem.badRequest("subscription", "subscription.keys has p256dh (65 bytes) and auth (16 bytes), base64url.");
        }
        store.subscribe(service.id(), area, new WebPush.Target(endpoint, p256dh, auth), Lang.of(ctx), clock.instant());
        ctx.status(201).json(Map.of("service", service.slug(), "area", area));
    }

    /** Body: {@code {service, area?, endpoint}}; without an area, every area of the service. */
    public void unsubscribe(Context ctx) {
        JsonNode body = body(ctx);
        Service service = service(body);
        String area = body.hasNonNull("area") ? area(body) : null;
        int removed = store.unsubscribe(body.path("endpoint").asText(""), service.id(), area);
        ctx.json(Map.of("removed", removed));
    }

    private JsonNode body(Context ctx) {
        if (ctx.bodyAsBytes().length > 4_096) {
            throw Problem.tooLarge("A subscription is at most 4096 bytes.");
        }
        try {
            JsonNode node = json.readTree(ctx.bodyAsBytes());
            if (node == null || !node.isObject()) {
                throw Problem.malformed("The body must be a JSON object.");
            }
            return node;
        } catch (IOException e) {
            throw Problem.malformed("The body is not valid JSON.");
        }
    }

    private Service service(JsonNode body) {
        String slug = body.path("service").asText("");
        return catalog.get().bySlug(slug)
                .orElseThrow(() -> Problem.unknown("service", "No service has the slug '" + clip(slug) + "'."));
    }

    private String area(JsonNode body) {
        String area = body.path("area").asText("*");
        if (!"*".equals(area) && !knownArea.test(area)) {
            throw Problem.unknown("area", "'" + clip(area) + "' is not a country or region code such as FR or FR-IDF.");
        }
        return area;
    }

    private static int decodedLength(String b64) {
        try {
            return Base64.getUrlDecoder().decode(b64).length;
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
