package io.outcry.web;

import io.javalin.http.Context;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** {@code /health} says the process answers; {@code /ready} that it can also store reports right now. */
public final class HealthController {
    private final BooleanSupplier ready;

    public HealthController(BooleanSupplier ready) {
        this.ready = ready;
    }

    public void health(Context ctx) {
        ctx.json(Map.of("status", "ok"));
    }

    public void ready(Context ctx) {
        if (ready.getAsBoolean()) {
            ctx.json(Map.of("status", "ready"));
        } else {
            throw Problem.unavailable("The database cannot be reached or the ingest queue is full.", 5);
        }
    }
}
