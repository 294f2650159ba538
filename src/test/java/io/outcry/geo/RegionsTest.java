package io.outcry.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RegionsTest {

    private final Regions regions = Loaded.geography().regions();

    @Test
    void every_region_has_a_parent_country_and_names() {
        for (Region r : regions.all()) {
            assertFalse(r.nameEn().isBlank(), r.code());
            assertFalse(r.nameFr().isBlank(), r.code());
            if (r.level() == Region.Level.REGION) {
                Region country = regions.byCode(r.parent()).orElseThrow();
                assertEquals(Region.Level.COUNTRY, country.level(), r.code());
                assertTrue(r.code().startsWith(r.parent() + "-") || r.code().length() <= 12, r.code());
            } else {
                assertTrue(r.code().matches("[A-Z]{2}"), r.code());
            }
        }
    }

    @Test
    void codes_are_short_and_well_formed() {
        for (Region r : regions.all()) {
            assertTrue(r.code().length() <= 12 && r.code().matches("[A-Z]{2}(-[A-Z0-9]{1,9})?"), r.code());
        }
    }

    @Test
    void label_points_are_real_coordinates() {
        for (Region r : regions.all()) {
            assertTrue(Math.abs(r.labelLat()) <= 90 && Math.abs(r.labelLon()) <= 180, r.code());
        }
    }

    @Test
    void splits_france_into_regions_not_departements() {
        List<Region> fr = regions.children("FR");
        Set<String> codes = fr.stream().map(Region::code).collect(Collectors.toSet());
        assertTrue(codes.containsAll(Set.of(
                "FR-ARA", "FR-BFC", "FR-BRE", "FR-CVL", "FR-20R", "FR-GES", "FR-HDF", "FR-IDF", "FR-NOR",
                "FR-NAQ", "FR-OCC", "FR-PDL", "FR-PAC", "FR-971", "FR-972", "FR-973", "FR-974", "FR-976")));
        assertFalse(codes.contains("FR-75"));
        assertEquals("Île-de-France", regions.byCode("FR-IDF").orElseThrow().nameFr());
        assertEquals("Brittany", regions.byCode("FR-BRE").orElseThrow().nameEn());
        assertEquals("Bretagne", regions.byCode("FR-BRE").orElseThrow().nameFr());
    }

    @Test
    void splits_the_united_kingdom_into_its_four_nations() {
        Set<String> codes = regions.children("GB").stream().map(Region::code).collect(Collectors.toSet());
        assertEquals(Set.of("GB-ENG", "GB-SCT", "GB-WLS", "GB-NIR"), codes);
        assertEquals("Écosse", regions.byCode("GB-SCT").orElseThrow().nameFr());
    }

    @Test
    void knows_countries_by_their_names_in_both_languages() {
        Region de = regions.byCode("DE").orElseThrow();
        assertEquals("Germany", de.nameEn());
        assertEquals("Allemagne", de.nameFr());
        assertTrue(regions.countries().size() > 200);
        assertTrue(regions.children("US").stream().anyMatch(r -> r.code().equals("US-NY")));
        assertTrue(regions.children("ZZ").isEmpty());
        assertTrue(regions.byCode("ZZ-NOPE").isEmpty());
    }

    @Test
    void refuses_a_region_whose_parent_is_unknown() {
        Region orphan = new Region("ZZ-A", "ZZ", "A", "A", 0, 0, Region.Level.REGION);
        assertThrows(IllegalArgumentException.class, () -> new Regions(List.of(orphan)));
    }
}
