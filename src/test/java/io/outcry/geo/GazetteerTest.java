package io.outcry.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GazetteerTest {
    private final Gazetteer gazetteer = Loaded.geography().gazetteer();

    /** The first place found for a query is this one, in this region. */
    private void assertFirst(String query, String name, String region) {
        Place first = gazetteer.search(query, 5).getFirst();
        assertEquals(name, first.name(), query);
        assertEquals(region, first.region(), query);
    }

    @Test
    void finds_saint_etienne_without_accents() {
        assertFirst("saint etienne", "Saint-Étienne", "FR-ARA");
        assertEquals("FR", gazetteer.search("saint etienne", 5).getFirst().country());
    }

    @Test
    void finds_sao_paulo_without_accents() {
        assertFirst("sao paulo", "São Paulo", "BR-SP");
    }

    @Test
    void puts_the_biggest_exact_match_first() {
        List<Place> paris = gazetteer.search("PARIS", 10);
        assertEquals("FR-IDF", paris.getFirst().region());
        assertTrue(paris.stream().limit(5).allMatch(p -> p.name().equals("Paris")), paris.toString());
    }

    @Test
    void ranks_prefix_matches_before_later_word_matches() {
        List<Place> found = gazetteer.search("etienne", 50);
        int prefix = indexOf(found, "Étienne");
        int word = indexOf(found, "Saint-Étienne");
        assertTrue(word >= 0, found.toString());
        assertTrue(prefix < 0 || prefix < word, found.toString());
        assertTrue(found.stream().allMatch(p -> Gazetteer.normalize(p.name()).matches("(.* )?etienne.*")));
    }

    @Test
    void finds_a_place_from_its_first_letters() {
        assertFirst("lond", "London", "GB-ENG");
    }

    @Test
    void finds_nothing_for_a_blank_query_or_a_zero_limit() {
        assertTrue(gazetteer.search("  - ", 10).isEmpty());
        assertTrue(gazetteer.search("paris", 0).isEmpty());
        assertTrue(gazetteer.search("qqqxzzy", 10).isEmpty());
    }

    @Test
    void normalizes_case_accents_and_punctuation() {
        assertEquals("saint etienne", Gazetteer.normalize("  Saint-Étienne "));
        assertEquals("sao paulo", Gazetteer.normalize("SÃO PAULO"));
        assertEquals("lodz", Gazetteer.normalize("Łódź"));
        assertEquals("strasse", Gazetteer.normalize("Straße"));
    }

    private static int indexOf(List<Place> places, String name) {
        for (int i = 0; i < places.size(); i++) {
            if (places.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
