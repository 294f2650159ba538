package io.outcry.incident;

import static io.outcry.incident.Outages.outage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outcry.catalog.Catalog;
import io.outcry.official.OfficialIncident;
import io.outcry.outage.Outage;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OfficialComponentsTest {
    private static final Instant T = Instant.parse("2026-11-26T18:05:00Z");
    private static final Instant NOW = T.plus(Duration.ofMinutes(40));

    private static OfficialIncident said(String title, Instant at, List<String> regions) {
        return new OfficialIncident("x", title, "major", "investigating", at, at, at, null, null, List.of(), regions,
                List.of());
    }

    private static List<Incident> group(List<Outage> outages, OfficialComponents.Pages pages) {
        Catalog catalog = Outages.catalog();
        return OfficialComponents.confirm(IncidentGroups.of(outages, catalog, NOW), catalog, pages, ZoneOffset.UTC,
                NOW);
    }

    @Test
    void an_aws_incident_on_its_own_page_makes_its_dependents_spike_an_aws_incident_for_sure() {
        Random r = new Random(2);
        List<Outage> outages = Outages.onAws(T, r);
        Catalog catalog = Outages.catalog();
        int aws = catalog.bySlug("aws").orElseThrow().id();
        List<Incident> before = group(outages, (id, from, to) -> List.of());
        assertTrue(before.getFirst().confidence() <= 0.6, "nobody reports AWS: unsure");

        Incident i = group(outages, (id, from, to) -> id == aws && !from.isAfter(T)
                ? List.of(said("Increased error rates in US-EAST-1", T.plus(Duration.ofMinutes(9)), List.of("US-VA")))
                : List.of()).getFirst();
        assertEquals(Incident.Scope.SHARED_PROVIDER, i.scope());
        assertEquals("aws", i.cause());
        assertEquals(0.9, i.confidence(), 1e-9);
        assertTrue(i.explanation().get("en").endsWith("Amazon Web Services's status page reported 'Increased error "
                + "rates in US-EAST-1' (US-VA) at 18:14."), i.explanation().get("en"));
        assertTrue(i.explanation().get("fr").contains("La page de statut de Amazon Web Services"));
    }

    @Test
    void leaves_a_single_service_and_unrelated_services_alone() {
        Random r = new Random(3);
        List<Outage> one = List.of(outage("netflix", "*", T, 0, 200, 10, r));
        List<Incident> grouped = IncidentGroups.of(one, Outages.catalog(), NOW);
        assertSame(grouped.getFirst(), OfficialComponents.confirm(grouped, Outages.catalog(),
                (id, from, to) -> List.of(said("anything", T, List.of())), ZoneOffset.UTC, NOW).getFirst());
    }
}
