package io.outcry.web;

import io.javalin.http.Context;

/**
 * Headers every response carries: a strict Content-Security-Policy (no inline script) and its companions; HSTS too
 * when the operator says the node is behind TLS ({@code OUTCRY_HSTS}).
 */
public final class SecurityHeaders {
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
            + " frame-ancestors 'none'";

    private SecurityHeaders() {}

    /** Tells browsers to use HTTPS only, for a year: set only when the node is served over TLS. */
    static final String HSTS = "max-age=31536000; includeSubDomains";

    public static void applyWithHsts(Context ctx) {
        apply(ctx);
        ctx.header("Strict-Transport-Security", HSTS);
    }

    /** Lets any site frame this one response (the embeddable card); every other page refuses to be framed. */
    public static void allowFraming(Context ctx) {
        ctx.header("Content-Security-Policy", CSP.replace("frame-ancestors 'none'", "frame-ancestors *"));
        ctx.res().setHeader("X-Frame-Options", null);
    }

    public static void apply(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "strict-origin-when-cross-origin");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Permissions-Policy", "geolocation=(self), camera=(), microphone=()");
    }
}
