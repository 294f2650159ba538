package io.outcry.web;

import java.util.Map;

/**
 * Problem answers in French, for clients that ask for it ({@code ?lang=fr} or {@code Accept-Language: fr}): every
 * title, and the details of the refusals a person meets (limits, proof of work, busy server, unknown address).
 * Details that name a field's rule stay in English, with a French title.
 */
final class FrenchProblems {
    private static final Map<String, String> TITLES = Map.ofEntries(
            Map.entry("invalid-field", "Requête invalide"),
            Map.entry("malformed-body", "Corps de requête mal formé"),
            Map.entry("not-found", "Introuvable"),
            Map.entry("unsupported-media-type", "Type de contenu non pris en charge"),
            Map.entry("body-too-large", "Corps de requête trop grand"),
            Map.entry("unavailable", "Réessayez dans un instant"),
            Map.entry("too-many-requests", "Trop de requêtes"),
            Map.entry("challenge-required", "Vérification demandée"),
            Map.entry("forbidden", "Interdit"),
            Map.entry("method-not-allowed", "Méthode non autorisée"),
            Map.entry("internal-error", "Erreur interne"));

    private static final Map<String, String> DETAILS = Map.of(
            "unavailable", "Le serveur est très occupé ; rien n’a été gardé. Renvoyez la requête dans un instant.",
            "too-many-requests", "Trop de signalements depuis cette connexion ; attendez avant de renvoyer.",
            "challenge-required", "Beaucoup de signalements arrivent : résolvez la preuve de travail donnée par"
                    + " GET /api/v1/challenge et renvoyez-la dans le champ altcha.",
            "internal-error", "Un problème est survenu de notre côté.");

    private FrenchProblems() {}

    static String title(Problem p) {
        if (p.type().startsWith("unknown-")) {
            return "Valeur inconnue : " + p.field();
        }
        return TITLES.getOrDefault(p.type(), p.title());
    }

    static String detail(Problem p, String path) {
        if ("not-found".equals(p.type()) && p.detail() != null
                && (p.detail().startsWith("Endpoint ") || p.detail().startsWith("No resource at "))) {
            return "Rien à l’adresse " + path + ".";
        }
        return DETAILS.getOrDefault(p.type(), p.detail());
    }
}
