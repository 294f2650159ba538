package io.outcry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportsCsvTest {
    @Test
    void reads_reports_with_and_without_region_and_problem() throws IOException {
        List<ReportsCsv.Report> r = ReportsCsv.read(new StringReader("""
                timestamp,region,problem
                2026-11-26 14:00:05,US-TX,login
                2026-11-26 14:00:05,,
                "2026-11-26T14:01:00Z",FR
                2026-11-26 14:02:00
                """));
        assertEquals(List.of(
                new ReportsCsv.Report(Instant.parse("2026-11-26T14:00:05Z"), "US-TX", "login"),
                new ReportsCsv.Report(Instant.parse("2026-11-26T14:00:05Z"), null, null),
                new ReportsCsv.Report(Instant.parse("2026-11-26T14:01:00Z"), "FR", null),
                new ReportsCsv.Report(Instant.parse("2026-11-26T14:02:00Z"), null, null)), r);
    }

    /** What exports write: PostgreSQL's timestamptz text, offsets in three forms, seconds since 1970. */
    @Test
    void stamps_take_an_offset_in_any_form_or_seconds_since_1970() throws IOException {
        List<ReportsCsv.Report> r = ReportsCsv.read(new StringReader("""
                2026-11-26 14:00:05+00,US-TX
                2026-11-26 15:00:06+01,US-TX
                2026-11-26T09:00:07-0500,US-TX
                2026-11-26 19:30:08.5+05:30,US-TX
                1795701609,US-TX
                1795701610.25,US-TX
                """));
        assertEquals(List.of("2026-11-26T14:00:05Z", "2026-11-26T14:00:06Z", "2026-11-26T14:00:07Z",
                "2026-11-26T14:00:08.500Z", "2026-11-26T14:00:09Z", "2026-11-26T14:00:10.250Z"),
                r.stream().map(x -> x.at().toString()).toList());
        IllegalArgumentException zone = assertThrows(IllegalArgumentException.class, () -> ReportsCsv.read(
                new StringReader("2026-11-26 14:00:04,US-TX\n2026-11-26 14:00:05 CET,US-TX\n")));
        assertTrue(zone.getMessage().startsWith("line 2: bad timestamp 2026-11-26 14:00:05 CET"), zone.getMessage());
    }

    /** Spreadsheets where the comma is the decimal mark separate by semicolons; other tools by tabs. */
    @Test
    void semicolons_or_tabs_separate_when_the_first_line_has_no_comma() throws IOException {
        List<ReportsCsv.Report> expected = List.of(
                new ReportsCsv.Report(Instant.parse("2026-11-26T14:00:05Z"), "FR-IDF", "connexion, lente"),
                new ReportsCsv.Report(Instant.parse("2026-11-26T14:00:06Z"), "FR", null));
        assertEquals(expected, ReportsCsv.read(new StringReader("horodatage;région;problème\n"
                + "2026-11-26 14:00:05;FR-IDF;\"connexion, lente\"\n2026-11-26 14:00:06;FR\n")));
        assertEquals(expected, ReportsCsv.read(new StringReader(
                "2026-11-26 14:00:05\tFR-IDF\tconnexion, lente\n2026-11-26 14:00:06\tFR\n")));
    }

    @Test
    void any_first_line_that_is_not_a_stamp_is_the_header() throws IOException {
        assertEquals(List.of(new ReportsCsv.Report(Instant.parse("2026-11-26T14:00:05Z"), "US-TX", null)),
                ReportsCsv.read(new StringReader("\uFEFFreported_at,state\n2026-11-26 14:00:05,US-TX\n")));
        IllegalArgumentException second = assertThrows(IllegalArgumentException.class, () -> ReportsCsv.read(
                new StringReader("time,area\nyesterday,US\n")));
        assertTrue(second.getMessage().startsWith("line 2:"), second.getMessage());
    }

    @Test
    void out_of_order_lines_and_bad_regions_are_errors_naming_the_line() {
        IllegalArgumentException order = assertThrows(IllegalArgumentException.class, () -> ReportsCsv.read(
                new StringReader("2026-11-26 14:00:05,US\n2026-11-26 14:00:04,US\n")));
        assertTrue(order.getMessage().startsWith("line 2: 2026-11-26T14:00:04Z comes before line 1's"),
                order.getMessage());
        IllegalArgumentException region = assertThrows(IllegalArgumentException.class, () -> ReportsCsv.read(
                new StringReader("timestamp,region\n2026-11-26 14:00:05,Texas\n")));
        assertTrue(region.getMessage().startsWith("line 2: region Texas"), region.getMessage());
    }
}
