package io.outcry.incident;

import static io.outcry.incident.Outages.outage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outcry.outage.Outage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IncidentGroupsTest {
    private static final Instant T = Instant.parse("2026-11-26T18:05:00Z");
    private static final Instant NOW = T.plus(Duration.ofMinutes(40));

    private static List<Incident> group(List<Outage> outages) {
        return IncidentGroups.of(outages, Outages.catalog(), NOW);
    }

    @Test
    void names_aws_as_the_shared_provider_of_its_dependents_when_aws_is_reported_too() {
        Random r = new Random(1);
        List<Outage> outages = new ArrayList<>();
        outages.add(outage("aws", "*", T, 0, 80, 4, r));
        for (String s : List.of("netflix", "slack", "reddit", "zoom", "prime-video", "canva")) {
            outages.add(outage(s, "*", T.plus(Duration.ofMinutes(2)), 0, 200, 10, r));
        }
        List<Incident> incidents = group(outages);
        assertEquals(1, incidents.size());
        Incident i = incidents.get(0);
        assertEquals(Incident.Scope.SHARED_PROVIDER, i.scope());
        assertEquals("aws", i.cause());
        assertTrue(i.confidence() >= 0.9, "confidence " + i.confidence());
        assertEquals(outages.get(0).id(), i.id(), "the earliest member names the incident");
        assertEquals(2, i.startSpreadMinutes());
        assertTrue(i.explanation().get("en").startsWith("Netflix, Prime Video and 4 others are down since 18:05"),
                i.explanation().get("en"));
        assertTrue(i.explanation().get("en").contains("they all run on Amazon Web Services, which is reported down too"),
                i.explanation().get("en"));
        assertTrue(i.explanation().get("fr").contains("sont en panne depuis 18:05"), i.explanation().get("fr"));
    }

    @Test
    void is_less_sure_of_a_provider_that_nobody_reports() {
        Random r = new Random(2);
        List<Outage> outages = new ArrayList<>();
        for (String s : List.of("netflix", "slack", "reddit", "zoom", "prime-video")) {
            outages.add(outage(s, "*", T, 0, 200, 10, r));
        }
        Incident i = group(outages).get(0);
        assertEquals(Incident.Scope.SHARED_PROVIDER, i.scope());
        assertTrue(i.confidence() <= 0.6, "confidence " + i.confidence());
        assertTrue(i.explanation().get("en").contains("not reported down"), i.explanation().get("en"));
    }

    @Test
    void sees_a_regional_network_problem_in_unrelated_services_of_one_region_and_its_providers() {
        Random r = new Random(3);
        List<Outage> outages = new ArrayList<>();
        for (String s : List.of("youtube", "gmail", "leboncoin", "doctolib", "steam", "tiktok")) {
            outages.add(outage(s, "FR-IDF", T.plus(Duration.ofMinutes(r.nextInt(4))), 0, 40, 2, r));
        }
        outages.add(outage("orange", "FR-IDF", T, 0, 60, 3, r));
        outages.add(outage("whatsapp", "DE", T, 0, 60, 3, r)); // another country: not part of it
        List<Incident> incidents = group(outages);
        Incident i = incidents.stream().filter(x -> x.members().size() > 2).findFirst().orElseThrow();
        assertEquals(7, i.members().size(), "the German outage is another incident");
        assertEquals(Incident.Scope.REGIONAL_ACCESS, i.scope());
        assertEquals("FR-IDF", i.cause());
        assertTrue(i.regions().contains("FR-IDF") && i.regions().contains("FR"), i.regions().toString());
        assertTrue(i.spillovers().isEmpty(), "the region's provider is the cause, not spillover");
        assertTrue(i.explanation().get("en").startsWith("7 services down in FR-IDF since 18:05 — probably a regional"),
                i.explanation().get("en"));
    }

    @Test
    void does_not_join_outages_hours_apart_and_calls_unrelated_ones_minutes_apart_a_coincidence() {
        Random r = new Random(4);
        Outage whatsapp = outage("whatsapp", "*", T.minus(Duration.ofHours(5)), 0, 900, 20, r);
        Outage chatgpt = outage("chatgpt", "*", T, 0, 500, 15, r);
        assertEquals(2, group(List.of(whatsapp, chatgpt)).size(), "hours apart: two incidents");

        Outage steam = outage("steam", "*", T.plus(Duration.ofMinutes(25)), 0, 300, 10, r);
        List<Incident> together = group(List.of(chatgpt, steam));
        assertEquals(1, together.size());
        assertEquals(Incident.Scope.COINCIDENCE, together.get(0).scope());
        assertTrue(together.get(0).explanation().get("en").contains("probably a coincidence"));
    }

    @Test
    void marks_providers_lit_up_by_a_big_outage_as_spillover_but_not_one_failing_on_its_own() {
        Random r = new Random(5);
        Outage whatsapp = outage("whatsapp", "*", T, 0, 3000, 30, r); // ratio 100
        Outage orange = outage("orange", "FR", T.plus(Duration.ofMinutes(3)), 0, 40, 4, r); // ratio 10
        Outage sfr = outage("sfr", "FR", T.plus(Duration.ofMinutes(2)), 0, 30, 3, r);
        Outage free = outage("free", "FR", T.plus(Duration.ofMinutes(5)), 0, 900, 2, r); // ratio 450: its own
        Outage bt = outage("bt", "GB", T.minus(Duration.ofMinutes(20)), 0, 50, 5, r); // started well before
        List<Spillover> spill = IncidentGroups.spillovers(List.of(whatsapp, orange, sfr, free, bt),
                Outages.catalog(), NOW);
        assertEquals(List.of(orange.id(), sfr.id()), spill.stream().map(Spillover::outageId).toList());
        assertEquals(whatsapp.id(), spill.get(0).causeOutageId());
        assertEquals("probably people blaming their provider for the WhatsApp outage", spill.get(0).reason().get("en"));

        Incident i = group(List.of(whatsapp, orange, sfr)).get(0);
        assertEquals(Incident.Scope.SINGLE_SERVICE, i.scope(), "one outage and its spillover");
        assertEquals(2, i.spillovers().size());
    }

    @Test
    void leaves_dismissed_outages_out() {
        Random r = new Random(6);
        Outage a = outage("netflix", "*", T, 0, 200, 10, r);
        Outage b = outage("aws", "*", T, 0, 200, 10, r);
        Outage dismissed = new Outage(b.id(), b.serviceId(), b.service(), b.scope(), Outage.State.DISMISSED,
                b.startedAt(), b.detectedAt(), null, T.plus(Duration.ofMinutes(5)), b.updatedAt(), b.peakAt(),
                b.peakObserved(), b.peakExpected(), b.reporters(), b.problems(), b.regions());
        List<Incident> incidents = group(List.of(a, dismissed));
        assertEquals(1, incidents.size());
        assertEquals(Incident.Scope.SINGLE_SERVICE, incidents.get(0).scope());
    }
}
