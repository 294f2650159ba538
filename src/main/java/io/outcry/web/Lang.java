package io.outcry.web;

import io.javalin.http.Context;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The language of an answer, English or French, chosen the same way for pages, feeds and API errors: {@code ?lang=},
 * then the {@code Accept-Language} header (which the pages' scripts set from the reader's saved choice), else English.
 */
public final class Lang {
    public static final List<String> ALL = List.of("en", "fr");

    private Lang() {}

    public static String of(Context ctx) {
        String asked = ctx.queryParam("lang");
        if (asked != null && ALL.contains(asked.toLowerCase(Locale.ROOT))) {
            return asked.toLowerCase(Locale.ROOT);
        }
        return fromAcceptLanguage(ctx.header("Accept-Language"));
    }

    /** The first of English and French in the header's order of preference (its q-values), else English. */
    static String fromAcceptLanguage(String header) {
        if (header == null || header.isBlank()) {
            return "en";
        }
        try {
            return Locale.LanguageRange.parse(header).stream()
                    .sorted(Comparator.comparingDouble(Locale.LanguageRange::getWeight).reversed())
                    .map(r -> r.getRange().split("-")[0])
                    .filter(ALL::contains)
                    .findFirst()
                    .orElse("en");
        } catch (IllegalArgumentException malformed) {
            return "en";
        }
    }
}
