package io.outcry.feed;

import io.outcry.web.Problem;
import java.util.regex.Pattern;

/** What a feed request asks for: the absolute base URL it was made on and the language of titles and texts. */
record FeedRequest(String base, String lang) {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]{1,253}(:\\d{1,5})?|\\[[0-9A-Fa-f:.]{2,45}](:\\d{1,5})?");

    /**
     * From the request's {@code lang} parameter (null when absent; {@code preferred}, the reader's language from their
     * headers, is taken then), Host header and scheme.
     */
    static FeedRequest of(String lang, String preferred, String host, String scheme) {
        if (lang == null || lang.isBlank()) {
            lang = preferred;
        } else if (!lang.equals("en") && !lang.equals("fr")) {
            throw Problem.badRequest("lang", "lang is en or fr.");
        }
        return new FeedRequest(base(host, scheme), lang);
    }

    /** Scheme and host of the request; a Host header that is not a host name is not echoed into permalinks. */
    static String base(String host, String scheme) {
        String safeHost = host == null || !HOST.matcher(host).matches() ? "localhost" : host;
        return ("https".equalsIgnoreCase(scheme) ? "https" : "http") + "://" + safeHost;
    }

    boolean french() {
        return lang.equals("fr");
    }

    /** The query string that keeps the language in self links: empty for English. */
    String langQuery() {
        return french() ? "?lang=fr" : "";
    }
}
