package io.outcry.outage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outcry.catalog.Catalog;
import io.outcry.catalog.Service;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ExplanationTest {
    private static final Instant T = Instant.parse("2026-11-26T14:09:00Z"); // a Thursday
    private static final AreaNames NAMES = new AreaNames() {
        @Override
        public String english(String code) {
            return code.equals("FR-IDF") ? "Île-de-France" : code;
        }

        @Override
        public String french(String code) {
            return english(code);
        }
    };

    /** An outage that began half an hour before its peak at 14:14, so its peak covers the whole window. */
    private static Outage outage(String scope, Outage.State state, int observed, double expected, int reporters) {
        return outage(scope, state, observed, expected, reporters, T.minus(Duration.ofMinutes(25)));
    }

    private static Outage outage(String scope, Outage.State state, int observed, double expected, int reporters,
            Instant start) {
        return new Outage(UUID.randomUUID(), 1, "teams", scope, state, start, T.plus(Duration.ofMinutes(2)), null,
                state == Outage.State.RESOLVED ? T.plus(Duration.ofMinutes(40)) : null, T, T.plus(Duration.ofMinutes(5)),
                observed, expected, reporters, List.of(), List.of());
    }

    /** The English text starts with {@code english}; the French one holds {@code french}. */
    private static void assertSays(Map<String, String> text, String english, String french) {
        assertTrue(text.get("en").startsWith(english), text.get("en"));
        assertTrue(text.get("fr").contains(french), text.get("fr"));
    }

    private static OutageView view(String name) {
        Service s = new Service(1, "teams", name, "work", null, null, List.of(), 50, List.of(), List.of());
        return new OutageView(Catalog.of(List.of(s), List.of(), List.of()), NAMES, 15);
    }

    @Test
    void an_outage_younger_than_the_window_names_the_minutes_its_peak_covers() {
        OutageView v = view("Amazon");
        Outage young = outage("*", Outage.State.OUTAGE, 35, 1.4, 35, T.plus(Duration.ofMinutes(2)));
        assertSays(v.explanation(young, ZoneOffset.UTC), "35 people reported problems with Amazon in the 4 minutes to"
                + " 14:14 UTC; about 1.4 is usual", "sur les 4 minutes jusqu’à 14:14 UTC");
        assertEquals(4, v.peak(young).windowMinutes(), "the API says the same minutes as the sentence");
        Outage first = outage("*", Outage.State.POSSIBLE, 12, 0.1, 12, T.plus(Duration.ofMinutes(5)));
        assertSays(v.explanation(first, ZoneOffset.UTC), "12 people reported problems with Amazon in the minute to"
                + " 14:14 UTC", "sur la minute jusqu’à 14:14 UTC");
        assertEquals(15, v.peak(outage("*", Outage.State.OUTAGE, 35, 1.4, 35)).windowMinutes());
    }

    @Test
    void says_less_than_one_for_a_usual_level_under_one() {
        Map<String, String> text = view("Microsoft Teams").explanation(outage("FR-IDF", Outage.State.POSSIBLE, 6, 0.4, 6),
                ZoneOffset.UTC);
        assertSays(text, "6 people reported problems with Microsoft Teams in Île-de-France in the 15 minutes to 14:14"
                + " UTC; less than one is usual on a Thursday at that time.",
                "d’habitude, moins d’une personne un jeudi à cette heure-là.");
        for (String t : text.values()) {
            assertFalse(t.contains("fewer than 1") || t.contains("moins de 1") || t.contains("about less"), t);
        }
    }

    @Test
    void says_the_usual_level_as_the_api_shows_it() {
        OutageView v = view("Amazon");
        Outage nearlyOne = outage("*", Outage.State.OUTAGE, 30, 0.96, 40);
        assertEquals(1.0, v.peak(nearlyOne).expected());
        assertTrue(v.explanation(nearlyOne, ZoneOffset.UTC).get("en").contains("; about 1 is usual"));
        Outage underOne = outage("*", Outage.State.OUTAGE, 30, 0.94, 40);
        assertEquals(0.9, v.peak(underOne).expected());
        assertTrue(v.explanation(underOne, ZoneOffset.UTC).get("en").contains("; less than one is usual"));
        Outage half = outage("*", Outage.State.OUTAGE, 30, 2.46, 40); // shown 2.5, as the API and the pages say it
        assertTrue(v.explanation(half, ZoneOffset.UTC).get("en").contains("; about 2.5 is usual"));
        assertTrue(v.explanation(half, ZoneOffset.UTC).get("fr").contains("environ 2,5"));
    }

    @Test
    void rounds_a_usual_level_of_one_or_more_and_says_about() {
        Map<String, String> text = view("Amazon").explanation(outage("*", Outage.State.OUTAGE, 315, 12.4, 400),
                ZoneOffset.UTC);
        assertSays(text, "315 people reported problems with Amazon in the 15 minutes to 14:14 UTC; about 12 is usual",
                "315 personnes ont signalé un problème avec Amazon sur les 15 minutes jusqu’à 14:14 UTC ; d’habitude,"
                        + " environ 12 un jeudi");
        assertTrue(text.get("en").endsWith("Down since about 13:44."), text.get("en"));
    }

    @Test
    void says_fewer_than_five_people_without_the_count() {
        Map<String, String> text = view("Free").explanation(outage("FR", Outage.State.POSSIBLE, 1, 2, 1),
                ZoneOffset.UTC);
        assertSays(text, "Fewer than 5 people reported problems with Free",
                "Moins de 5 personnes ont signalé un problème avec Free");
    }

    @Test
    void speaks_french_with_elision_and_articles() {
        Outage resolved = outage("*", Outage.State.RESOLVED, 50, 3, 80);
        assertEquals("Panne d’Amazon résolue", view("Amazon").title(resolved).get("fr"));
        assertEquals("Panne de Free résolue", view("Free").title(resolved).get("fr"));
        assertEquals("Panne du Crédit Agricole résolue", view("Crédit Agricole").title(resolved).get("fr"));
        assertEquals("Le Crédit Agricole est en panne",
                view("Crédit Agricole").title(outage("*", Outage.State.OUTAGE, 50, 3, 80)).get("fr"));
        assertTrue(view("Crédit Agricole").explanation(resolved, ZoneOffset.UTC).get("fr")
                .contains("un problème avec le Crédit Agricole sur les 15 minutes"));
    }
}
