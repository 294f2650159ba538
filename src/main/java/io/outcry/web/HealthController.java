package io.outcry.web;

import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** {@code /health} says the process answers; {@code /ready} that it can also store reports right now. */
public final class HealthController {
    private final Supplier<Optional<String>> notReady;

    /** @param notReady why the node cannot store a report in normal time now, or empty when it can */
    public HealthController(Supplier<Optional<String>> notReady) {
        this.notReady = notReady;
    }

    public void health(Context ctx) {
        ctx.json(Map.of("status", "ok"));
    }

    public void ready(Context ctx) {
        Optional<String> why = notReady.get();
        if (why.isPresent()) {
            throw Problem.unavailable(why.get(), 5);
        }
        ctx.json(Map.of("status", "ready"));
    }
}
