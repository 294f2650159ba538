package io.outcry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The environment an operator writes: what is in range is taken, anything else stops the start naming the variable. */
class ConfigTest {
    @Test
    void values_at_the_ends_of_their_ranges_and_switches_in_any_case_are_taken() {
        Config c = Config.from(Map.of("OUTCRY_PORT", "65535", "OUTCRY_RETENTION_DAYS", "1", "OUTCRY_TICK_SECONDS", "0",
                "OUTCRY_DEMO", " TRUE ", "OUTCRY_HSTS", "False", "OUTCRY_SUBNET_CAP", "0"));
        assertEquals(65535, c.port());
        assertEquals(1, c.retentionDays());
        assertEquals(Duration.ZERO, c.tick());
        assertTrue(c.demo());
        assertFalse(c.hsts());
        assertEquals(0, c.abuse().subnetCap());
        Config defaults = Config.from(Map.of("OUTCRY_DEMO", ""));
        assertFalse(defaults.demo());
        assertEquals(90, defaults.retentionDays());
    }

    /** A retention of -1 day would delete every report at the next hour; "yes" would have been read as false. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "OUTCRY_RETENTION_DAYS | -1    | OUTCRY_RETENTION_DAYS must be a whole number from 1 to 36,500, got '-1'",
        "OUTCRY_PORT           | 70000 | OUTCRY_PORT must be a whole number from 0 to 65,535, got '70000'",
        "OUTCRY_TICK_SECONDS   | abc   | OUTCRY_TICK_SECONDS must be a whole number from 0 to 3,600, got 'abc'",
        "OUTCRY_INGEST_BATCH   | 0     | OUTCRY_INGEST_BATCH must be a whole number from 1 to 100,000, got '0'",
        "OUTCRY_DEMO           | yes   | OUTCRY_DEMO must be true or false, got 'yes'",
        "OUTCRY_CHALLENGE      | 0     | OUTCRY_CHALLENGE must be true or false, got '0'"})
    void a_value_out_of_range_or_not_a_switch_is_refused_naming_the_variable(String name, String value,
            String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Config.from(Map.of(name, value)));
        assertEquals(message, e.getMessage());
    }
}
