package io.outcry.incident;

import static io.outcry.incident.Outages.outage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outcry.outage.Outage;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class IncidentGroupsTest {
    private static final Instant T = Instant.parse("2026-11-26T18:05:00Z");
    private static final Instant NOW = T.plus(Duration.ofMinutes(40));
    /** When the first of Mastercard and Amazon goes down, in the tests that say which was first. */
    private static final Instant FIRST = Instant.parse("2026-11-26T16:35:00Z");

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
        assertTrue(i.explanation().get("en").startsWith(
                "Netflix, Prime Video and 4 others are down, the first since 18:05 (Amazon Web Services) — "),
                i.explanation().get("en"));
        assertTrue(i.explanation().get("en").contains("they all run on Amazon Web Services, which is reported down too"),
                i.explanation().get("en"));
        assertTrue(i.explanation().get("fr").contains("sont en panne, le premier depuis 18:05 (Amazon Web Services)"),
                i.explanation().get("fr"));
    }

    @Test
    void is_less_sure_of_a_provider_that_nobody_reports() {
        Random r = new Random(2);
        List<Outage> outages = Outages.onAws(T, r);
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
        assertTrue(i.explanation().get("en").startsWith("7 services are down in FR-IDF"), i.explanation().get("en"));
        assertTrue(i.explanation().get("en").contains("since 18:05")
                && i.explanation().get("en").endsWith(" — probably a regional network problem."), i.explanation().get("en"));
    }

    @Test
    void does_not_join_outages_hours_apart_and_calls_unrelated_ones_minutes_apart_a_coincidence() {
        Random r = new Random(4);
        Outage whatsapp = outage("whatsapp", "*", T.minus(Duration.ofHours(5)), 0, 900, 20, r);
        Outage chatgpt = outage("chatgpt", "*", T, 0, 500, 15, r);
        assertEquals(2, group(List.of(whatsapp, chatgpt)).size(), "hours apart: two incidents");

        Outage steam = outage("steam", "*", T.plus(Duration.ofMinutes(12)), 0, 300, 10, r);
        List<Incident> together = group(List.of(chatgpt, steam));
        assertEquals(1, together.size());
        assertEquals(Incident.Scope.COINCIDENCE, together.get(0).scope());
        assertTrue(together.get(0).explanation().get("en").contains("they share no known provider or region and"
                + " started 12 minutes apart, probably a coincidence"), together.get(0).explanation().get("en"));
        assertEquals(List.of(), IncidentClaims.violations(together.get(0), Outages.catalog(), ZoneOffset.UTC, NOW));
    }

    @Test
    void marks_providers_lit_up_by_a_big_outage_as_spillover_but_not_one_failing_on_its_own() {
        Random r = new Random(5);
        Outage whatsapp = outage("whatsapp", "*", T, 0, 3000, 30, r); // ratio 100
        Outage orange = outage("orange", "FR", T.plus(Duration.ofMinutes(3)), 0, 40, 4, r); // ratio 10
        Outage sfr = outage("sfr", "FR", T.plus(Duration.ofMinutes(2)), 0, 30, 3, r);
        Outage free = outage("free", "FR", T.plus(Duration.ofMinutes(5)), 0, 900, 2, r); // ratio 450: its own
        Outage bt = outage("bt", "GB", T.minus(Duration.ofMinutes(20)), 0, 50, 5, r); // started well before
        List<Spillover> spill = Spillovers.of(List.of(whatsapp, orange, sfr, free, bt),
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

    private static Outage withRegions(Outage o, List<String> regions) {
        return new Outage(o.id(), o.serviceId(), o.service(), o.scope(), o.state(), o.startedAt(), o.detectedAt(),
                o.confirmedAt(), o.endedAt(), o.updatedAt(), o.peakAt(), o.peakObserved(), o.peakExpected(),
                o.reporters(), o.problems(), regions);
    }

    @Test
    void does_not_chain_outages_in_four_countries_that_start_96_minutes_apart() {
        Random r = new Random(7);
        List<String> slugs = List.of("netflix", "steam", "chatgpt", "discord", "spotify", "reddit", "zoom");
        List<String> countries = List.of("FR", "DE", "GB", "US");
        List<Outage> outages = new ArrayList<>();
        // 28 outages, one every 3.5 minutes, each lasting 45, most world-wide: every one overlaps the next dozen, so
        // chaining joined them all
        for (int k = 0; k < 28; k++) {
            outages.add(outage(slugs.get(k % slugs.size()), k % 4 == 3 ? countries.get(k / 4 % 4) : "*",
                    T.minus(Duration.ofMinutes(60)).plusSeconds(k * 210L), 45, 100, 10, r));
        }
        Instant now = T.plus(Duration.ofMinutes(60));
        List<Incident> incidents = IncidentGroups.of(outages, Outages.catalog(), now);
        assertEquals(28, incidents.stream().mapToInt(i -> i.members().size()).sum(), "every outage in one incident");
        for (Incident i : incidents) {
            assertTrue(i.startSpreadMinutes() <= IncidentGroups.WINDOW.toMinutes(), i.toString());
            assertEquals(List.of(), IncidentClaims.violations(i, Outages.catalog(), ZoneOffset.UTC, now));
        }
        assertTrue(incidents.size() >= 96 / 15, "at least one incident per window: " + incidents.size());
    }

    @Test
    void sees_that_orange_and_free_both_in_ile_de_france_share_a_region() {
        Random r = new Random(8);
        Outage orange = outage("orange", "FR-IDF", T, 0, 60, 5, r);
        Outage free = outage("free", "FR-IDF", T, 0, 80, 6, r);
        Incident i = group(List.of(orange, free)).get(0);
        assertEquals(2, i.members().size());
        String en = i.explanation().get("en");
        assertFalse(en.contains("share no known provider or region"), en);
        assertFalse(en.contains("coincidence"), en);
        assertTrue(en.contains("both are affected in FR-IDF"), en);
        assertTrue(i.explanation().get("fr").contains("les deux sont touchés (FR-IDF)"), i.explanation().get("fr"));
        assertEquals(List.of(), IncidentClaims.violations(i, Outages.catalog(), ZoneOffset.UTC, NOW));

        // the same when one is a country outage whose regional breakdown has Île-de-France
        Outage orangeFr = withRegions(outage("orange", "FR", T, 0, 60, 5, r), List.of("FR-IDF", "FR-ARA"));
        Incident j = group(List.of(orangeFr, free)).get(0);
        assertFalse(j.explanation().get("en").contains("share no known provider or region"), j.explanation().get("en"));
        assertTrue(j.regions().contains("FR-IDF"), j.regions().toString());
    }

    @Test
    void names_a_shared_provider_that_nobody_reports_instead_of_saying_they_share_none() {
        Random r = new Random(9);
        Outage discord = outage("discord", "*", T, 0, 200, 10, r);
        Outage canva = outage("canva", "*", T.plus(Duration.ofMinutes(6)), 0, 150, 10, r);
        List<String> shared = new ArrayList<>(Outages.catalog().bySlug("discord").orElseThrow().dependsOn());
        shared.retainAll(Outages.catalog().bySlug("canva").orElseThrow().dependsOn());
        Incident i = group(List.of(discord, canva)).get(0);
        String en = i.explanation().get("en");
        if (shared.isEmpty()) {
            assertTrue(en.contains("share no known provider or region"), en);
        } else {
            assertFalse(en.contains("share no known provider"), en);
            assertTrue(en.contains(" run on "), en);
        }
        assertEquals(List.of(), IncidentClaims.violations(i, Outages.catalog(), ZoneOffset.UTC, NOW));
    }

    @Test
    void starts_a_group_at_its_earliest_member_and_says_which_one_that_was() {
        Random r = new Random(10);
        Outage mastercard = outage("mastercard", "*", FIRST, 0, 200, 10, r);
        Outage amazon = outage("amazon", "*", FIRST.plus(Duration.ofMinutes(12)), 0, 315, 20, r);
        Outage late = outage("free", "FR", FIRST.plus(Duration.ofMinutes(22)), 0, 100, 10, r);
        Instant now = FIRST.plus(Duration.ofMinutes(40));
        List<Incident> incidents = IncidentGroups.of(List.of(mastercard, amazon, late), Outages.catalog(), now);
        Incident i = incidents.stream().filter(x -> x.members().contains(amazon)).findFirst().orElseThrow();
        assertEquals(FIRST, i.startedAt());
        assertFalse(i.members().contains(late), "22 minutes after the first is another incident");
        begins(i, "Amazon and Mastercard are down, the first since 16:35 (Mastercard)",
                "Amazon et Mastercard sont en panne, le premier depuis 16:35 (Mastercard)");
        String en = i.explanation().get("en");
        assertFalse(en.contains("are down since 16:35"), "Amazon is not down since 16:35: " + en);
        for (Incident x : incidents) {
            assertEquals(List.of(), IncidentClaims.violations(x, Outages.catalog(), ZoneOffset.UTC, now));
        }
    }

    @Test
    void says_down_only_of_confirmed_outages() {
        Random r = new Random(12);
        Outage mastercard = outage("mastercard", "*", FIRST, 0, 200, 10, r);
        Outage amazon = possible(outage("amazon", "*", FIRST.plus(Duration.ofMinutes(2)), 0, 315, 20, r));
        Instant now = FIRST.plus(Duration.ofMinutes(20));
        Incident mixed = IncidentGroups.of(List.of(mastercard, amazon), Outages.catalog(), now).get(0);
        begins(mixed, "Amazon and Mastercard have problems", "Amazon et Mastercard ont des problèmes");
        Outage ebay = possible(outage("ebay", "*", FIRST.plus(Duration.ofMinutes(1)), 0, 100, 10, r));
        Incident maybe = IncidentGroups.of(List.of(amazon, ebay), Outages.catalog(), now).get(0);
        begins(maybe, "Amazon and eBay may be down", "Amazon et eBay sont peut-être en panne");
    }

    /** The incident's explanation begins with these words in English and in French. */
    private static void begins(Incident i, String en, String fr) {
        assertTrue(i.explanation().get("en").startsWith(en), i.explanation().get("en"));
        assertTrue(i.explanation().get("fr").startsWith(fr), i.explanation().get("fr"));
    }

    private static Outage possible(Outage o) {
        return new Outage(o.id(), o.serviceId(), o.service(), o.scope(), Outage.State.POSSIBLE, o.startedAt(),
                o.detectedAt(), null, o.endedAt(), o.updatedAt(), o.peakAt(), o.peakObserved(), o.peakExpected(),
                o.reporters(), o.problems(), o.regions());
    }

    @Test
    void does_not_call_a_provider_failing_on_its_own_scale_or_time_spillover() {
        Random r = new Random(11);
        Outage amazon = outage("amazon", "*", T, 0, 315, 20, r); // excess 295
        Outage free = outage("free", "FR", T.plus(Duration.ofMinutes(2)), 0, 200, 13.5, r); // excess 186: its own
        Outage sfr = outage("sfr", "FR", T.plus(Duration.ofMinutes(3)), 0, 40, 8, r); // excess 32: spillover
        Outage late = outage("bouygues-telecom", "FR", T.plus(Duration.ofMinutes(20)), 0, 30, 8, r); // too late
        List<Spillover> spill = Spillovers.of(List.of(amazon, free, sfr, late), Outages.catalog(), NOW);
        assertEquals(List.of(sfr.id()), spill.stream().map(Spillover::outageId).toList());
        assertEquals("probablement des personnes qui accusent leur fournisseur pour la panne d’Amazon",
                spill.get(0).reason().get("fr"));

        // a provider outage still open 30 minutes after the big one ended is its own
        Outage ended = Outages.outage("amazon", "*", T, 20, 315, 20, r);
        Outage lasting = outage("sfr", "FR", T.plus(Duration.ofMinutes(3)), 0, 40, 8, r);
        Instant later = T.plus(Duration.ofMinutes(50));
        assertEquals(List.of(), Spillovers.of(List.of(ended, lasting), Outages.catalog(), later));
        assertEquals(1, Spillovers.of(List.of(ended, lasting), Outages.catalog(),
                T.plus(Duration.ofMinutes(30))).size(), "while it has not outlasted it by long, it is spillover");
    }

    @Test
    void every_claim_of_random_incidents_matches_their_members() {
        Random r = new Random(12);
        List<String> slugs = Outages.catalog().services().stream().map(io.outcry.catalog.Service::slug).toList();
        List<String> scopes = List.of("*", "*", "FR", "FR-IDF", "FR-ARA", "US", "US-CA", "DE", "GB");
        for (int round = 0; round < 300; round++) {
            int n = 2 + r.nextInt(12);
            List<Outage> outages = IntStream.range(0, n).mapToObj(k -> {
                Outage o = outage(slugs.get(r.nextInt(slugs.size())), scopes.get(r.nextInt(scopes.size())),
                        T.plus(Duration.ofMinutes(r.nextInt(90))), r.nextBoolean() ? 0 : 5 + r.nextInt(60),
                        5 + r.nextInt(400), 0.5 + r.nextInt(40), r);
                return r.nextInt(3) == 0 ? withRegions(o, List.of(scopes.get(3 + r.nextInt(2)))) : o;
            }).toList();
            Instant now = T.plus(Duration.ofMinutes(120));
            for (Incident i : IncidentGroups.of(outages, Outages.catalog(), now)) {
                assertEquals(List.of(), IncidentClaims.violations(i, Outages.catalog(), ZoneOffset.UTC, now),
                        i.explanation().get("en"));
            }
        }
    }

    @Test
    void does_not_call_a_region_of_a_providers_own_national_outage_spillover() {
        Random r = new Random(13);
        Outage telegram = outage("telegram", "*", T, 0, 117, 19.3, r); // excess 98
        Outage sfr = outage("sfr", "FR", T.plus(Duration.ofMinutes(2)), 0, 70, 13.6, r); // excess 56: its own
        Outage sfrIdf = outage("sfr", "FR-IDF", T.plus(Duration.ofMinutes(2)), 0, 19, 4.3, r); // excess 15: a part
        assertEquals(List.of(), Spillovers.of(List.of(telegram, sfr, sfrIdf), Outages.catalog(), NOW));
        assertEquals(1, Spillovers.of(List.of(telegram, sfrIdf), Outages.catalog(), NOW).size(),
                "alone, the small regional one is spillover");
    }

    @Test
    void keeps_one_services_outages_in_several_countries_in_one_incident() {
        Random r = new Random(14);
        Outage reddit = outage("reddit", "*", T.minus(Duration.ofMinutes(9)), 0, 56, 22, r);
        Outage world = outage("telegram", "*", T, 0, 117, 19.3, r);
        Outage france = outage("telegram", "FR", T, 0, 21, 2.6, r);
        Outage us = outage("telegram", "US", T, 0, 35, 5.4, r);
        List<Incident> incidents = group(List.of(reddit, world, france, us));
        assertEquals(1, incidents.size(), incidents.toString());
        assertEquals(List.of(), IncidentClaims.violations(incidents.get(0), Outages.catalog(), ZoneOffset.UTC, NOW));
    }

    @Test
    void keeps_a_services_national_part_with_its_world_wide_outage() {
        Random r = new Random(15);
        Outage messengerGb = outage("messenger", "GB", T.minus(Duration.ofMinutes(4)), 0, 23, 1.9, r);
        Outage messenger = outage("messenger", "*", T.minus(Duration.ofMinutes(3)), 0, 110, 23.8, r);
        Outage orange = outage("orange", "*", T, 0, 70, 14.9, r);
        Outage orangeFr = outage("orange", "FR", T, 0, 70, 14.9, r);
        Outage orangeIdf = outage("orange", "FR-IDF", T.plus(Duration.ofMinutes(1)), 0, 23, 4.2, r);
        List<Incident> incidents = group(List.of(messengerGb, messenger, orange, orangeFr, orangeIdf));
        assertEquals(1, incidents.size(), "Orange's parts are linked to Messenger's as Orange's world-wide outage is");
        for (Incident i : incidents) {
            assertEquals(List.of(), IncidentClaims.violations(i, Outages.catalog(), ZoneOffset.UTC, NOW));
        }
        Incident withOrange = incidents.stream().filter(i -> i.members().contains(orange)).findFirst().orElseThrow();
        assertTrue(withOrange.members().containsAll(List.of(orangeFr, orangeIdf)),
                "all of Orange's outages in one incident: " + incidents);
    }
}
