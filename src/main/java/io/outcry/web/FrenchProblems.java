package io.outcry.web;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Problem answers in French, for clients that ask for it ({@code ?lang=fr}, or {@code Accept-Language: fr}, which the
 * pages' scripts send from the reader's saved choice): every title, and every detail through the bundle
 * {@code problems-fr.json}, which maps each English detail, its variable parts written {@code {0}}, {@code {1}}…, to
 * its French sentence. A detail no entry matches is answered in English.
 */
final class FrenchProblems {
    private static final Map<String, String> TITLES = Map.ofEntries(
            Map.entry("invalid-field", "Requête invalide"),
            Map.entry("malformed-body", "Corps de requête mal formé"),
            Map.entry("incomplete-body", "Corps de requête incomplet"),
            Map.entry("not-found", "Introuvable"),
            Map.entry("unsupported-media-type", "Type de contenu non pris en charge"),
            Map.entry("body-too-large", "Corps de requête trop grand"),
            Map.entry("unavailable", "Réessayez dans un instant"),
            Map.entry("too-many-requests", "Trop de requêtes"),
            Map.entry("challenge-required", "Vérification demandée"),
            Map.entry("forbidden", "Interdit"),
            Map.entry("unauthorized", "Non autorisé"),
            Map.entry("slug-taken", "Slug déjà pris"),
            Map.entry("not-acceptable", "Format non disponible"),
            Map.entry("method-not-allowed", "Méthode non autorisée"),
            Map.entry("internal-error", "Erreur interne"));

    /** English detail → French detail, the most specific English first (the most words that are not variable). */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d)}");
    static final Map<String, String> BUNDLE = load();
    private static final List<Entry> ENTRIES = entries(BUNDLE);

    /** One sentence of the bundle: its English as a pattern, its French, and its placeholders in English order. */
    private record Entry(Pattern english, String french, List<String> names, int literalLength) {}

    private FrenchProblems() {}

    static String title(Problem p) {
        if (p.type().startsWith("unknown-")) {
            return "Valeur inconnue : " + p.field();
        }
        return TITLES.getOrDefault(p.type(), p.title());
    }

    static String detail(Problem p, String path) {
        if ("not-found".equals(p.type()) && p.detail() != null && p.detail().startsWith("Endpoint ")) {
            return "Rien à l’adresse " + path + "."; // Javalin's own words for an unknown address
        }
        String french = translate(p.detail());
        return french == null ? p.detail() : french;
    }

    /** The French of an English detail, or null when no entry of the bundle matches it. */
    static String translate(String english) {
        if (english == null) {
            return null;
        }
        for (Entry e : ENTRIES) {
            Matcher m = e.english().matcher(english);
            if (m.matches()) {
                String french = e.french();
                for (int i = 0; i < e.names().size(); i++) {
                    french = french.replace("{" + e.names().get(i) + "}", m.group(i + 1));
                }
                return french;
            }
        }
        return null;
    }

    /** The placeholders {0}, {1}… of a bundle sentence, in the order they appear. */
    static List<String> placeholders(String sentence) {
        List<String> out = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(sentence);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static Map<String, String> load() {
        try (InputStream in = FrenchProblems.class.getResourceAsStream("/problems-fr.json")) {
            if (in == null) {
                throw new IllegalStateException("problems-fr.json is missing from the classpath");
            }
            return Json.mapper().readValue(in, new TypeReference<LinkedHashMap<String, String>>() {});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Entry> entries(Map<String, String> bundle) {
        List<Entry> out = new ArrayList<>();
        bundle.forEach((english, french) -> out.add(new Entry(pattern(english), french, placeholders(english),
                PLACEHOLDER.matcher(english).replaceAll("").length())));
        out.sort(Comparator.comparingInt(Entry::literalLength).reversed());
        return List.copyOf(out);
    }

    /** The English sentence as a pattern: its words literally, each placeholder any text. */
    private static Pattern pattern(String english) {
        StringBuilder regex = new StringBuilder();
        Matcher m = PLACEHOLDER.matcher(english);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(english.substring(last, m.start()))).append("(.+?)");
            last = m.end();
        }
        regex.append(Pattern.quote(english.substring(last)));
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
