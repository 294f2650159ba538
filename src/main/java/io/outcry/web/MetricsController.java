package io.outcry.web;

import io.javalin.http.Context;
import java.util.function.Supplier;

/** {@code GET /metrics}: this node's figures for Prometheus; the load balancer keeps it from the public. */
public final class MetricsController {
    private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

    private final Supplier<String> scrape;

    public MetricsController(Supplier<String> scrape) {
        this.scrape = scrape;
    }

    public void scrape(Context ctx) {
        ctx.header("Cache-Control", "no-store").contentType(TEXT_FORMAT).result(scrape.get());
    }
}
