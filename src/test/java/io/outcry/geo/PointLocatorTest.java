package io.outcry.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PointLocatorTest {

    private final PointLocator locator = Loaded.geography().locator();

    @Test
    void locates_paris_in_ile_de_france() {
        Located at = locator.locate(48.8566, 2.3522).orElseThrow();
        assertEquals("FR-IDF", at.regionCode());
        assertEquals("FR", at.countryCode());
        assertTrue(at.nearestPlace().orElseThrow().name().startsWith("Paris"), at.toString());
    }

    @ParameterizedTest(name = "{0} is in {3}")
    @CsvSource({
        "New York (Manhattan), 40.7128, -74.0060, US-NY",
        "Brooklyn, 40.6782, -73.9442, US-NY",
        "Sydney, -33.8688, 151.2093, AU-NSW",
        "Delhi, 28.6139, 77.2090, IN-DL",
        "London, 51.5074, -0.1278, GB-ENG",
        "Edinburgh, 55.9533, -3.1883, GB-SCT",
        "Cardiff, 51.4816, -3.1791, GB-WLS",
        "Belfast, 54.5973, -5.9301, GB-NIR",
        "Lyon, 45.7640, 4.8357, FR-ARA",
        "Ajaccio, 41.9192, 8.7386, FR-20R",
        "Saint-Denis de La Réunion, -20.8821, 55.4507, FR-974",
        "Tokyo, 35.6762, 139.6503, JP-13",
        "São Paulo, -23.5505, -46.6333, BR-SP",
    })
    void locates_big_cities_in_their_region(String city, double lat, double lon, String region) {
        assertEquals(region, locator.locate(lat, lon).orElseThrow().regionCode(), city);
    }

    @Test
    void puts_a_point_mid_ocean_nowhere() {
        assertTrue(locator.locate(0, -30).isEmpty());
        assertTrue(locator.locate(35, -40).isEmpty());
    }

    @Test
    void puts_a_point_ten_km_off_the_breton_coast_in_brittany() {
        double lat = 47.62;
        double lon = -3.32; // open sea between Groix and the Quiberon peninsula, 8-12 km from either
        assertTrue(locator.regionContaining(lat, lon).isEmpty(), "the test point must be at sea");
        Located at = locator.locate(lat, lon).orElseThrow();
        assertEquals("FR-BRE", at.regionCode());
        assertEquals("FR", at.countryCode());
    }

    @Test
    void puts_a_point_forty_km_off_the_breton_coast_nowhere() {
        assertTrue(locator.locate(47.3, -4.0).isEmpty());
    }

    @Test
    void rejects_coordinates_out_of_range() {
        assertThrows(IllegalArgumentException.class, () -> locator.locate(91, 0));
        assertThrows(IllegalArgumentException.class, () -> locator.locate(0, 181));
        assertThrows(IllegalArgumentException.class, () -> locator.locate(Double.NaN, 0));
    }

    @Test
    void measures_great_circle_distances_in_kilometres() {
        assertEquals(344, PointLocator.kilometres(48.8566, 2.3522, 51.5074, -0.1278), 2);
        assertEquals(0, PointLocator.kilometres(10, 10, 10, 10), 1e-9);
    }
}
