package io.outcry.feed;

import io.javalin.http.Context;
import io.outcry.web.HttpCache;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The API described for programs ({@code /openapi.json}, OpenAPI 3.1) and for people ({@code /api}). */
public final class ApiDocController {
    private final HttpCache.Body openapi = HttpCache.Body.of(resource("/openapi.json"), null);
    private final HttpCache.Body page = HttpCache.Body.of(resource("/web/api.html"), null);

    /** {@code GET /openapi.json}. */
    public void openapi(Context ctx) {
        HttpCache.send(ctx, "application/json", openapi);
    }

    /** {@code GET /api}: the human page. */
    public void page(Context ctx) {
        HttpCache.send(ctx, "text/html; charset=utf-8", page);
    }

    private static byte[] resource(String name) {
        try (InputStream in = ApiDocController.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
