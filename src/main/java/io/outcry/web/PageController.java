package io.outcry.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The HTML pages behind friendly URLs ({@code /s/{slug}}, {@code /o/{id}}, {@code /map}, {@code /about}). The page
 * itself reads the slug or id from the URL and shows its own not-found state, so every path answers with the page.
 */
public final class PageController {
    private final Map<String, byte[]> pages = new ConcurrentHashMap<>();

    public void service(Context ctx) {
        page(ctx, "service.html");
    }

    public void outage(Context ctx) {
        page(ctx, "outage.html");
    }

    public void map(Context ctx) {
        page(ctx, "map.html");
    }

    public void about(Context ctx) {
        page(ctx, "about.html");
    }

    private void page(Context ctx, String file) {
        ctx.contentType("text/html; charset=utf-8").result(pages.computeIfAbsent(file, PageController::read));
    }

    private static byte[] read(String file) {
        try (InputStream in = PageController.class.getResourceAsStream("/web/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing page /web/" + file + " on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
