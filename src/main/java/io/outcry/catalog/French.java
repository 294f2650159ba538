package io.outcry.catalog;

import java.util.Locale;
import java.util.Map;

/**
 * A service's name inside a French sentence: with its article when French uses one ("le Crédit Agricole", "la RATP"),
 * and "de" elided or contracted ("d’Amazon", "de Free", "du Crédit Agricole", "de la RATP", "de La Banque Postale").
 *
 * <p>The rule: most brand names take no article; a name that begins with its own article keeps it ("La Banque
 * Postale", "Le Chat"), and contracts with "de" when it is "Le" or "Les"; the few catalog names that French speaks of
 * with an article that is not part of the name are listed in {@link #ARTICLES}. "de" is elided before a vowel
 * (accented or not), never before "h" or "y" (brands are read with an aspirated h: "de Hulu", "de YouTube").
 */
public final class French {
    /** Catalog names that French uses with an article that is not part of the name. */
    static final Map<String, String> ARTICLES = Map.of(
            "Crédit Agricole", "le",
            "Crédit Mutuel", "le",
            "Société Générale", "la",
            "Caisse d'Épargne", "la",
            "CAF", "la",
            "RATP", "la");

    private French() {}

    /** The name as it stands inside a sentence: "le Crédit Agricole", "la RATP", "Free", "La Banque Postale". */
    public static String named(String name) {
        String article = ARTICLES.get(name);
        return article == null ? name : article + " " + name;
    }

    /**
     * The name at the start of a sentence: "Le Crédit Agricole", "Free"; a name without an article is written as its
     * owner writes it ("eBay").
     */
    public static String subject(String name) {
        String n = named(name);
        return ARTICLES.get(name) == null ? n : n.substring(0, 1).toUpperCase(Locale.FRENCH) + n.substring(1);
    }

    /** "de" and the name: "d’Amazon", "de Free", "du Crédit Agricole", "de la RATP", "du Chat", "des …". */
    public static String of(String name) {
        String n = named(name);
        if (startsWithWord(n, "le")) {
            return "du " + n.substring(3);
        }
        if (startsWithWord(n, "les")) {
            return "des " + n.substring(4);
        }
        if (startsWithVowel(n)) {
            return "d’" + n;
        }
        return "de " + n;
    }

    private static boolean startsWithWord(String s, String word) {
        return s.length() > word.length() + 1 && s.regionMatches(true, 0, word + " ", 0, word.length() + 1);
    }

    private static boolean startsWithVowel(String s) {
        return !s.isEmpty() && "aeiouàâäéèêëîïôöùûüœæ".indexOf(Character.toLowerCase(s.charAt(0))) >= 0;
    }
}
