package io.outcry.feed;

import io.javalin.http.Context;
import io.outcry.web.Problem;
import java.util.regex.Pattern;

/** What a feed request asks for: the absolute base URL it was made on and the language of titles and texts. */
record FeedRequest(String base, String lang) {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]{1,253}(:\\d{1,5})?|\\[[0-9A-Fa-f:.]{2,45}](:\\d{1,5})?");

    static FeedRequest of(Context ctx) {
        String lang = ctx.queryParam("lang");
        if (lang == null || lang.isBlank()) {
            lang = io.outcry.web.Lang.of(ctx);
        } else if (!lang.equals("en") && !lang.equals("fr")) {
            throw Problem.badRequest("lang", "lang is en or fr.");
        }
        return new FeedRequest(base(ctx), lang);
    }

    /** Scheme and host of the request; a Host header that is not a host name is not echoed into permalinks. */
    static String base(Context ctx) {
        String host = ctx.host();
        if (host == null || !HOST.matcher(host).matches()) {
            host = "localhost";
        }
        String scheme = "https".equalsIgnoreCase(ctx.scheme()) ? "https" : "http";
        return scheme + "://" + host;
    }

    boolean french() {
        return lang.equals("fr");
    }

    /** The query string that keeps the language in self links: empty for English. */
    String langQuery() {
        return french() ? "?lang=fr" : "";
    }
}
