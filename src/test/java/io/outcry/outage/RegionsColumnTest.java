package io.outcry.outage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegionsColumnTest {
    @Test
    void a_mass_outage_keeps_the_areas_that_fit_its_column_whole() {
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            codes.add(String.format("FR-%03d", i));
        }
        String joined = OutageStore.joinWithin(codes, OutageStore.REGIONS_LENGTH);
        assertEquals(285, joined.split(",").length, "285 codes of 6 characters and their commas fit in 2,000");
        assertEquals("FR-284", joined.substring(joined.lastIndexOf(',') + 1), "no code is cut in half");
        assertEquals("FR-000,FR-001", OutageStore.joinWithin(codes.subList(0, 2), OutageStore.REGIONS_LENGTH));
    }
}
