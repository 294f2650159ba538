package io.outcry.feed;

import io.javalin.http.Context;
import io.outcry.web.HttpCache;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The API described for programs ({@code /openapi.json}, OpenAPI 3.1) and for people ({@code /api}). */
public final class ApiDocController {
    private final byte[] openapi = resource("/openapi.json");
    private final byte[] page = resource("/web/api.html");

    /** {@code GET /openapi.json}. */
    public void openapi(Context ctx) {
        HttpCache.send(ctx, "application/json", openapi, null);
    }

    /** {@code GET /api}: the human page. */
    public void page(Context ctx) {
        HttpCache.send(ctx, "text/html; charset=utf-8", page, null);
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
