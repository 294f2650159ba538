package io.outcry.push;

import io.javalin.http.Context;
import io.outcry.catalog.Catalog;
import io.outcry.catalog.Service;
import io.outcry.web.JsonBody;
import io.outcry.web.Lang;
import io.outcry.web.Problem;
import java.net.URI;
import java.time.Clock;
import java.util.Base64;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Web Push without an account: {@code GET /api/v1/push/key} gives the VAPID public key; {@code POST} and {@code DELETE
 * /api/v1/push/subscriptions} add and remove a browser's subscription to a service, everywhere or in one area.
 */
public record PushController(Supplier<Catalog> catalog, PushStore store, WebPush push, Predicate<String> knownArea,
        Clock clock) {

    public void key(Context ctx) {
        ctx.header("Cache-Control", "public, max-age=3600").json(new Key(push.publicKey()));
    }

    /** The VAPID public key a browser subscribes with. */
    record Key(String publicKey) {
    }

    /** A subscription request, as {@code service.js} sends it. */
    record Subscribe(String service, String area, Subscription subscription) {}

    /** {@code PushSubscription.toJSON()}: the push address, when it expires (not used), the browser's keys. */
    record Subscription(String endpoint, Long expirationTime, Keys keys) {}

    record Keys(String p256dh, String auth) {}

    /** An unsubscription: without an area, every area of the service. */
    record Unsubscribe(String service, String area, String endpoint) {}

    private static final JsonBody.Refusals REFUSALS = new JsonBody.Refusals(
            (name, known) -> Problem.badRequest(name, "Unknown field '" + clip(name) + "' in a push subscription."),
            (field, item) -> Problem.badRequest(field, field.equals("subscription")
                    ? "subscription is an object, as PushSubscription.toJSON() gives it."
                    : "The field " + field + " is a string."));

    /** Body: {@code {service, area?, subscription: {endpoint, keys: {p256dh, auth}}}}, as PushManager gives it. */
    public void subscribe(Context ctx) {
        Subscribe body = JsonBody.read(bytes(ctx), Subscribe.class, REFUSALS);
        Service service = service(body.service());
        String area = area(body.area());
        Subscription sub = body.subscription() != null ? body.subscription() : new Subscription(null, null, null);
        Keys keys = sub.keys() != null ? sub.keys() : new Keys(null, null);
        String endpoint = orEmpty(sub.endpoint());
        String p256dh = orEmpty(keys.p256dh());
        String auth = orEmpty(keys.auth());
        URI uri;
        try {
            uri = URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest("subscription", "subscription.endpoint is not a URL.");
        }
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || endpoint.length() > 1000) {
            throw Problem.badRequest("subscription", "subscription.endpoint is an http(s) URL of at most 1000 characters.");
        }
        String refusal = push.refusal(uri);
        if (refusal != null) {
            throw Problem.badRequest("subscription", refusal);
        }
        if (decodedLength(p256dh) != 65 || decodedLength(auth) != 16) {
            throw Problem.badRequest("subscription", "subscription.keys has p256dh (65 bytes) and auth (16 bytes), base64url.");
        }
        store.subscribe(service.id(), area, new WebPush.Target(endpoint, p256dh, auth), Lang.of(ctx), clock.instant());
        ctx.status(201).json(new Subscribed(service.slug(), area));
    }

    record Subscribed(String service, String area) {}

    /** Body: {@code {service, area?, endpoint}}; without an area, every area of the service. */
    public void unsubscribe(Context ctx) {
        Unsubscribe body = JsonBody.read(bytes(ctx), Unsubscribe.class, REFUSALS);
        Service service = service(body.service());
        String area = body.area() != null ? area(body.area()) : null;
        ctx.json(new Removed(store.unsubscribe(orEmpty(body.endpoint()), service.id(), area)));
    }

    record Removed(int removed) {}

    private static byte[] bytes(Context ctx) {
        if (ctx.bodyAsBytes().length > 4_096) {
            throw Problem.tooLarge("A subscription is at most 4096 bytes.");
        }
        return ctx.bodyAsBytes();
    }

    private Service service(String given) {
        String slug = orEmpty(given);
        return catalog.get().bySlug(slug)
                .orElseThrow(() -> Problem.unknown("service", "No service has the slug '" + clip(slug) + "'."));
    }

    private String area(String given) {
        String area = given == null ? "*" : given;
        if (!"*".equals(area) && !knownArea.test(area)) {
            throw Problem.unknown("area", "'" + clip(area) + "' is not a country or region code such as FR or FR-IDF.");
        }
        return area;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
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
