package io.outcry.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FrenchTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            Amazon                  | d’Amazon
            Orange                  | d’Orange
            Île-de-France Mobilités | d’Île-de-France Mobilités
            eBay                    | d’eBay
            Free                    | de Free
            YouTube                 | de YouTube
            Hulu                    | de Hulu
            """)
    void elides_de_before_a_vowel_and_only_there(String name, String of) {
        assertEquals(of, French.of(name));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            Crédit Agricole      | du Crédit Agricole
            RATP                 | de la RATP
            Caisse d'Épargne     | de la Caisse d'Épargne
            La Banque Postale    | de La Banque Postale
            Le Chat (Mistral AI) | du Chat (Mistral AI)
            """)
    void contracts_de_with_the_article_french_uses_for_a_name(String name, String of) {
        assertEquals(of, French.of(name));
    }

    @Test
    void names_a_service_inside_and_at_the_start_of_a_sentence() {
        assertEquals("avec le Crédit Agricole", "avec " + French.named("Crédit Agricole"));
        assertEquals("Le Crédit Agricole", French.subject("Crédit Agricole"));
        assertEquals("Free", French.subject("Free"));
        assertEquals("eBay", French.named("eBay"));
        assertEquals("eBay", French.subject("eBay"), "only an article is capitalised");
    }
}
