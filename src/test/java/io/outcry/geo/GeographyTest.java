package io.outcry.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GeographyTest {

    @Test
    void names_the_region_of_a_located_point_in_both_languages() {
        Geography geo = Loaded.geography();
        Located at = geo.locator().locate(45.4397, 4.3872).orElseThrow();
        Region region = geo.regions().byCode(at.regionCode()).orElseThrow();
        assertEquals("Auvergne-Rhône-Alpes", region.nameFr());
        assertEquals("France", geo.regions().byCode(at.countryCode()).orElseThrow().nameEn());
    }

    @Test
    void every_place_with_a_region_names_a_known_region_of_its_country() {
        Geography geo = Loaded.geography();
        long withRegion = 0;
        for (Place p : geo.gazetteer().places()) {
            if (!p.region().isEmpty()) {
                withRegion++;
                assertEquals(p.country(), geo.regions().byCode(p.region()).orElseThrow().parent(), p.name());
            }
        }
        assertEquals(true, withRegion > 0.99 * geo.gazetteer().places().size(), "places with a region: " + withRegion);
    }
}
