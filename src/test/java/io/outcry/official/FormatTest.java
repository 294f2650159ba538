package io.outcry.official;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each format read from payloads written after its documentation (test resources under official/). */
class FormatTest {
    private static final Instant NOW = Instant.parse("2026-11-26T14:00:00Z");

    static byte[] payload(String name) {
        try (InputStream in = FormatTest.class.getResourceAsStream("/official/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void reads_a_statuspage_summary_with_its_indicator_components_updates_and_regions() throws Unreadable {
        Snapshot s = Format.STATUSPAGE.read(payload("statuspage-summary.json"), NOW);
        assertEquals("major", s.indicator());
        assertEquals("Partial System Outage", s.description());
        assertTrue(s.complete(), "a summary lists every unresolved incident");
        OfficialIncident i = s.incidents().getFirst();
        assertEquals("cp306tmzcl0y", i.id());
        assertEquals("Elevated error rates", i.title());
        assertEquals("investigating", i.status());
        assertEquals("major", i.impact());
        assertEquals(Instant.parse("2026-11-26T13:50:00Z"), i.acknowledgedAt());
        assertEquals(Instant.parse("2026-11-26T13:41:00Z"), i.startedAt(), "the start the page states");
        assertNull(i.resolvedAt());
        assertEquals(List.of("API Requests"), i.components());
        assertEquals(2, i.updates().size());
        assertEquals(Instant.parse("2026-11-26T13:50:00Z"), i.updates().getFirst().at(), "oldest first");
        assertEquals("https://stspg.io/cp306tmzcl0y", i.link());
    }

    @Test
    void reads_statuspage_incidents_with_resolution_times_and_affected_components() throws Unreadable {
        Snapshot s = Format.STATUSPAGE.read(payload("statuspage-incidents.json"), NOW);
        assertFalse(s.complete(), "incidents.json lists only the latest");
        assertNull(s.indicator());
        OfficialIncident resolved = s.incidents().get(1);
        assertEquals(Instant.parse("2026-11-24T10:03:00Z"), resolved.resolvedAt());
        assertEquals("minor", resolved.impact());
        assertEquals(List.of("Git Operations"), resolved.components());
    }

    @Test
    void reads_google_incidents_with_products_locations_and_their_impact() throws Unreadable {
        Snapshot s = Format.GOOGLE_CLOUD.read(payload("google-incidents.json"), NOW);
        assertTrue(s.complete());
        OfficialIncident storage = s.incidents().getFirst();
        assertEquals("Cloud Storage elevated error rates in us-east1", storage.title());
        assertEquals("minor", storage.impact(), "SERVICE_DISRUPTION");
        assertEquals(Instant.parse("2026-11-26T13:58:41Z"), storage.acknowledgedAt());
        assertEquals(Instant.parse("2026-11-26T13:32:00Z"), storage.startedAt());
        assertNull(storage.resolvedAt());
        assertEquals(List.of("Cloud Storage"), storage.components());
        assertEquals(List.of("US-SC"), storage.regions(), "us-east1 is in South Carolina");
        assertEquals("https://status.cloud.google.com/incidents/mR4bXe9jKq3pWz1sT7uV", storage.link());
        OfficialIncident gmail = s.incidents().get(1);
        assertEquals("major", gmail.impact(), "SERVICE_OUTAGE");
        assertEquals("resolved", gmail.status());
        assertEquals(Instant.parse("2026-11-20T08:40:00Z"), gmail.resolvedAt());
        assertEquals(List.of("Gmail"), gmail.components());
    }

    @Test
    void reads_slack_current_status_with_its_services_and_notes() throws Unreadable {
        Snapshot s = Format.SLACK.read(payload("slack-current.json"), NOW);
        assertTrue(s.complete(), "current lists only active incidents");
        assertEquals("minor", s.indicator());
        OfficialIncident i = s.incidents().getFirst();
        assertEquals("1453", i.id());
        assertEquals(Instant.parse("2026-11-26T13:47:12Z"), i.acknowledgedAt());
        assertEquals(List.of("Messaging", "Connectivity"), i.components());
        assertEquals(1, i.updates().size());
        Snapshot ok = Format.SLACK.read(("{\"status\":\"ok\",\"active_incidents\":[],"
                + "\"date_created\":\"2018-09-07T18:34:15-07:00\",\"date_updated\":\"2018-09-07T18:34:15-07:00\"}")
                .getBytes(StandardCharsets.UTF_8), NOW);
        assertEquals("none", ok.indicator());
        assertTrue(ok.incidents().isEmpty());
    }

    @Test
    void reads_rss_items_with_named_time_zones_and_resolution_words() throws Unreadable {
        Snapshot s = Format.RSS.read(payload("rss.xml"), NOW);
        assertFalse(s.complete());
        OfficialIncident open = s.incidents().getFirst();
        assertEquals(Instant.parse("2026-11-26T13:52:00Z"), open.acknowledgedAt(), "05:52 PST");
        assertEquals("https://status.aws.amazon.com/#ec2-us-east-1_1795701120", open.id());
        assertNull(open.resolvedAt());
        assertEquals(List.of("US-VA"), open.regions());
        OfficialIncident resolved = s.incidents().get(1);
        assertEquals("resolved", resolved.status());
        assertEquals(Instant.parse("2026-11-24T11:20:00Z"), resolved.resolvedAt());
    }

    @Test
    void reads_atom_entries() throws Unreadable {
        Snapshot s = Format.ATOM.read(payload("atom.xml"), NOW);
        OfficialIncident open = s.incidents().getFirst();
        assertEquals("tag:status.example.org,2026:Incident/812", open.id());
        assertEquals(Instant.parse("2026-11-26T13:44:00Z"), open.acknowledgedAt());
        assertEquals("https://status.example.org/incidents/812", open.link());
        assertNull(open.resolvedAt());
        assertEquals("resolved", s.incidents().get(1).status());
    }

    @Test
    void refuses_invalid_json_a_wrong_shape_and_xml_with_a_doctype() {
        assertThrows(Unreadable.class, () -> Format.STATUSPAGE.read("{\"page\":".getBytes(), NOW));
        assertThrows(Unreadable.class, () -> Format.STATUSPAGE.read("[1,2]".getBytes(), NOW));
        assertThrows(Unreadable.class, () -> Format.GOOGLE_CLOUD.read("{}".getBytes(), NOW));
        assertThrows(Unreadable.class, () -> Format.RSS.read(("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM "
                + "\"file:///etc/passwd\">]><rss><channel><item><title>&x;</title></item></channel></rss>")
                .getBytes(), NOW));
        assertThrows(Unreadable.class, () -> Format.ATOM.read("<html/>".getBytes(), NOW));
    }

    @Test
    void statuspage_reads_incidents_json_beside_the_summary() {
        assertEquals(List.of("https://www.githubstatus.com/api/v2/summary.json",
                "https://www.githubstatus.com/api/v2/incidents.json"),
                Format.STATUSPAGE.urls("https://www.githubstatus.com/api/v2/summary.json"));
    }
}
