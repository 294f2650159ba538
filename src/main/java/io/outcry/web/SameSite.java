package io.outcry.web;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.URI;
import java.util.Locale;

/**
 * Before-handler against cross-site request forgery: a browser's write (POST, PUT, PATCH, DELETE) must come from a
 * page of this site, as its {@code Sec-Fetch-Site} and {@code Origin} headers say. Programs that send neither header
 * (curl, bots, servers) are let through: they carry no victim's cookies or address.
 */
public final class SameSite {
    private SameSite() {}

    public static void check(Context ctx) {
        HandlerType m = ctx.method();
        if (m != HandlerType.POST && m != HandlerType.PUT && m != HandlerType.PATCH && m != HandlerType.DELETE) {
            return;
        }
        String fetchSite = ctx.header("Sec-Fetch-Site");
        if (fetchSite != null && fetchSite.trim().toLowerCase(Locale.ROOT).equals("cross-site")) {
            throw refused();
        }
        String origin = ctx.header("Origin");
        if (origin != null && !sameOrigin(origin.trim(), ctx.header("Host"))) {
            throw refused();
        }
    }

    /** The Origin's host and port equal the Host the request was sent to; {@code null} (sandboxed, file:) never does. */
    static boolean sameOrigin(String origin, String host) {
        if (host == null || origin.equals("null")) {
            return false;
        }
        try {
            URI uri = new URI(origin);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                return false;
            }
            int defaultPort = "https".equals(uri.getScheme()) ? 443 : 80;
            String authority = uri.getHost().toLowerCase(Locale.ROOT)
                    + (uri.getPort() == -1 || uri.getPort() == defaultPort ? "" : ":" + uri.getPort());
            String h = host.trim().toLowerCase(Locale.ROOT);
            if (h.endsWith(":" + defaultPort)) {
                h = h.substring(0, h.length() - (":" + defaultPort).length());
            }
            return authority.equals(h);
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static Problem refused() {
        return Problem.forbidden("Cross-site requests may not write: send it from an Outcry page, or from a program"
                + " without an Origin header.");
    }
}
