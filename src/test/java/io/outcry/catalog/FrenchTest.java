package io.outcry.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FrenchTest {
    @Test
    void elides_de_before_a_vowel_and_only_there() {
        assertEquals("d’Amazon", French.of("Amazon"));
        assertEquals("d’Orange", French.of("Orange"));
        assertEquals("d’Île-de-France Mobilités", French.of("Île-de-France Mobilités"));
        assertEquals("d’eBay", French.of("eBay"));
        assertEquals("de Free", French.of("Free"));
        assertEquals("de YouTube", French.of("YouTube"));
        assertEquals("de Hulu", French.of("Hulu"));
    }

    @Test
    void contracts_de_with_the_article_french_uses_for_a_name() {
        assertEquals("du Crédit Agricole", French.of("Crédit Agricole"));
        assertEquals("de la RATP", French.of("RATP"));
        assertEquals("de la Caisse d'Épargne", French.of("Caisse d'Épargne"));
        assertEquals("de La Banque Postale", French.of("La Banque Postale"));
        assertEquals("du Chat (Mistral AI)", French.of("Le Chat (Mistral AI)"));
    }

    @Test
    void names_a_service_inside_and_at_the_start_of_a_sentence() {
        assertEquals("avec le Crédit Agricole", "avec " + French.named("Crédit Agricole"));
        assertEquals("Le Crédit Agricole", French.subject("Crédit Agricole"));
        assertEquals("Free", French.subject("Free"));
        assertEquals("eBay", French.named("eBay"));
    }
}
