package io.outcry.pages;

import java.util.List;

/**
 * What every page's head and frame need: its texts' language, a title and description that answer the reader's
 * question, its path (the same for both languages: {@code ?lang=} picks one), the script that makes it live; in demo
 * mode, how much of the demo's history is written while it is being written (null otherwise).
 */
public record Page(
        Texts.In tx,
        String title,
        String description,
        String path,
        String origin,
        String script,
        String bodyClass,
        List<String> styles,
        boolean demo,
        String titleKey,
        Integer demoHistoryPercent) {

    public String lang() {
        return tx.lang();
    }

    /** The absolute address of this page in a language; the plain path is the language-neutral default. */
    public String url(String language) {
        return origin + path + (path.contains("?") ? "&" : "?") + "lang=" + language;
    }

    public String defaultUrl() {
        return origin + path;
    }

    /** The other language's code, for the switch in the header. */
    public String other() {
        return tx.fr() ? "en" : "fr";
    }

    /** The path of this page in the other language, relative, for the switch that works without scripts. */
    public String otherPath() {
        return path + (path.contains("?") ? "&" : "?") + "lang=" + other();
    }
}
