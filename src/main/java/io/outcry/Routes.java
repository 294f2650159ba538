package io.outcry;

import static io.javalin.apibuilder.ApiBuilder.delete;
import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.patch;
import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.post;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import io.outcry.pages.PageController;
import io.outcry.web.BodyCharset;
import io.outcry.web.HttpCache;
import io.outcry.web.SameSite;
import io.outcry.web.SecurityHeaders;

/** The whole HTTP surface on one screen. */
public final class Routes {
    private Routes() {}

    public static void register(JavalinConfig config, Controllers c, boolean benchEndpoint, boolean hsts) {
        config.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = "/web";
            files.location = Location.CLASSPATH;
        });
        config.staticFiles.enableWebjars();
        config.routes.before(hsts ? SecurityHeaders::applyWithHsts : SecurityHeaders::apply);
        config.routes.before(HttpCache::cors);
        config.routes.before(SameSite::check);
        config.routes.before(BodyCharset::check);
        PageController pages = c.pages();
        // Browsers get a page for an address that does not exist; programs keep the problem JSON.
        config.routes.error(404, "html", pages::missing);
        config.routes.apiBuilder(() -> {
            pages(c);
            path("api/v1", () -> api(c, benchEndpoint));
            feeds(c);
        });
    }

    /** Web pages, rendered with their content; unknown services, outages and categories answer 404. */
    private static void pages(Controllers c) {
        PageController pages = c.pages();
        get("/", pages::home);
        get("s/{slug}", pages::service);
        get("o/{id}", pages::outage);
        get("map", pages::map);
        get("about", pages::about);
        get("services", pages::services);
        get("c/{slug}", pages::category);
        get("sitemap.xml", pages::sitemap);
        get("s/{slug}/badge.svg", pages::badge);
        get("embed/s/{slug}", pages::embed);
        get("geo/regions/{country}", pages::regions);
        get("health", c.health()::health);
        get("ready", c.health()::ready);
        get("metrics", c.metrics()::scrape);
    }

    /** The API under {@code /api/v1}. */
    private static void api(Controllers c, boolean benchEndpoint) {
        path("services", () -> {
            get(c.catalog()::list);
            path("{slug}", () -> {
                get(c.catalog()::get);
                // Up to 10,000 points each: they take turns with the other long reads.
                get("reports", c.heavy().wrap(c.series()::reports));
                get("baseline", c.heavy().wrap(c.outages()::baseline));
                post("works", c.reports()::works);
            });
        });
        post("reports", c.reports()::create);
        patch("reports/{id}", c.reports()::refine);
        get("challenge", c.reports()::challenge);
        get("status", c.outages()::status);
        get("map", c.map()::service);
        get("map/now", c.map()::now);
        get("places", c.places()::search);
        path("outages", () -> {
            get(c.outages()::list);
            get("{id}", c.outages()::get);
        });
        path("incidents", () -> {
            get(c.incidents()::list);
            get("{id}", c.incidents()::get);
        });
        get("stream", c.feeds().stream()::handle);
        path("admin/services", () -> {
            post(c.serviceAdmin()::add);
            patch("{slug}", c.serviceAdmin()::edit);
            delete("{slug}", c.serviceAdmin()::retire);
        });
        path("admin/webhooks", () -> {
            get(c.feeds().webhooks()::list);
            post(c.feeds().webhooks()::register);
            delete("{id}", c.feeds().webhooks()::delete);
            get("{id}/deliveries", c.feeds().webhooks()::deliveries);
        });
        get("push/key", c.push()::key);
        path("push/subscriptions", () -> {
            post(c.push()::subscribe);
            delete(c.push()::unsubscribe);
        });
        if (benchEndpoint) {
            post("bench/parse", c.reports()::parseOnly);
        }
        // Official status beside the crowd's.
        get("services/{slug}/official", c.official()::service);
        get("services/{slug}/reliability", c.official()::serviceReliability);
        get("outages/{id}/official", c.official()::outage);
        get("reliability", c.official()::overallReliability);
    }

    /** Feeds for programs: JSON Feed, Atom, the Statuspage v2 shapes, and the API's description. */
    private static void feeds(Controllers c) {
        get("openapi.json", c.feeds().docs()::openapi);
        get("api", c.feeds().docs()::page);
        get("feed.json", c.feeds().feed()::jsonFeed);
        get("feed.atom", c.feeds().feed()::atom);
        path("s/{slug}", () -> {
            get("feed.json", c.feeds().feed()::serviceJsonFeed);
            get("feed.atom", c.feeds().feed()::serviceAtom);
        });
        path("api/v2", () -> {
            get("summary.json", c.feeds().statuspage()::summary);
            get("status.json", c.feeds().statuspage()::status);
            get("components.json", c.feeds().statuspage()::components);
            get("incidents.json", c.feeds().statuspage()::incidents);
            get("incidents/unresolved.json", c.feeds().statuspage()::unresolved);
        });
    }
}
