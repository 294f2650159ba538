package io.outcry.feed;

import io.outcry.web.Problem;

/** What a feed request asks for: the absolute base URL it was made on and the language of titles and texts. */
record FeedRequest(String base, String lang) {
    /**
     * From the request's {@code lang} parameter (null when absent; {@code preferred}, the reader's language from their
     * headers, is taken then) and the node's public address, never the request's Host header.
     */
    static FeedRequest of(String lang, String preferred, String base) {
        if (lang == null || lang.isBlank()) {
            lang = preferred;
        } else if (!lang.equals("en") && !lang.equals("fr")) {
            throw Problem.badRequest("lang", "lang is en or fr.");
        }
        return new FeedRequest(base, lang);
    }

    boolean french() {
        return lang.equals("fr");
    }

    /** The query string that keeps the language in self links: empty for English. */
    String langQuery() {
        return french() ? "?lang=fr" : "";
    }
}
