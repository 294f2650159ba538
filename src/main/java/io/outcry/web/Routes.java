package io.outcry.web;

import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.post;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;

/** The whole HTTP surface on one screen. */
public final class Routes {
    private Routes() {}

    public static void register(JavalinConfig config, Controllers c, boolean benchEndpoint) {
        config.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = "/web";
            files.location = Location.CLASSPATH;
        });
        config.staticFiles.enableWebjars();
        config.routes.before(SecurityHeaders::apply);
        PageController pages = new PageController();
        config.routes.apiBuilder(() -> {
            // Web pages behind friendly URLs; unknown slugs and ids still get the page, which says so itself.
            get("s/{slug}", pages::service);
            get("o/{id}", pages::outage);
            get("map", pages::map);
            get("about", pages::about);
            get("health", c.health()::health);
            get("ready", c.health()::ready);
            path("api/v1", () -> {
                path("services", () -> {
                    get(c.catalog()::list);
                    path("{slug}", () -> {
                        get(c.catalog()::get);
                        get("reports", c.series()::reports);
                        get("baseline", c.outages()::baseline);
                    });
                });
                post("reports", c.reports()::create);
                get("status", c.outages()::status);
                path("outages", () -> {
                    get(c.outages()::list);
                    get("{id}", c.outages()::get);
                });
                if (benchEndpoint) {
                    post("bench/parse", c.reports()::parseOnly);
                }
            });
        });
    }
}
