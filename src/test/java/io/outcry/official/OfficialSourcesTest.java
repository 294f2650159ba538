package io.outcry.official;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outcry.web.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OfficialSourcesTest {
    @Test
    void the_catalog_names_an_https_source_of_a_known_format_for_63_services() {
        List<OfficialSource> sources = OfficialSources.fromCatalog(Json.mapper());
        assertEquals(63, sources.size());
        Map<String, Integer> services = new HashMap<>();
        Map<String, Integer> perPage = new HashMap<>();
        for (OfficialSource s : sources) {
            assertTrue(s.url().startsWith("https://"), s.url());
            if (s.format() == Format.STATUSPAGE) {
                assertTrue(s.url().endsWith("/api/v2/summary.json"), s.url());
            }
            services.merge(s.service(), 1, Integer::sum);
            perPage.merge(s.url(), 1, Integer::sum);
        }
        assertEquals(63, services.size(), "one source per service");
        for (OfficialSource s : sources) {
            if (perPage.get(s.url()) > 1) {
                assertFalse(s.components().isEmpty(), s.service() + " shares " + s.url() + " and names its part");
            }
        }
    }

    @Test
    void every_source_has_its_evidence_in_the_documentation() throws IOException {
        String doc = Files.readString(Path.of("docs/official-status.md"));
        for (OfficialSource s : OfficialSources.fromCatalog(Json.mapper())) {
            String row = "(`" + s.service() + "`) | `" + s.url() + "` | ";
            assertTrue(doc.contains(row),
                    s.service() + ": no evidence row for " + s.url() + " in docs/official-status.md");
        }
    }

    @Test
    void only_public_addresses_are_reached() throws UnknownHostException {
        for (String a : List.of("127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0",
                "100.64.0.1", "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "224.0.0.1")) {
            assertFalse(SourceFetcher.isPublic(InetAddress.getByName(a)), a);
        }
        for (String a : List.of("140.82.112.3", "104.16.0.1", "2606:4700::6810:84e5")) {
            assertTrue(SourceFetcher.isPublic(InetAddress.getByName(a)), a);
        }
    }

    @Test
    void redirects_stay_on_the_same_site() {
        URI origin = URI.create("https://www.githubstatus.com/api/v2/summary.json");
        assertTrue(SourceFetcher.sameSite(origin, URI.create("https://githubstatus.com/api/v2/summary.json")));
        assertTrue(SourceFetcher.sameSite(URI.create("https://azure.status.microsoft/en-us/status/feed/"),
                URI.create("https://rssfeed.azure.status.microsoft/en-us/status/feed/")));
        assertFalse(SourceFetcher.sameSite(origin, URI.create("https://evil.example/api/v2/summary.json")));
        assertFalse(SourceFetcher.sameSite(URI.create("http://127.0.0.1:8080/a"), URI.create("http://127.0.0.2/a")));
    }

    @Test
    void backoff_doubles_per_failure_up_to_an_hour() {
        Duration two = Duration.ofMinutes(2);
        assertEquals(two, OfficialStatusJob.backoff(two, 1));
        assertEquals(Duration.ofMinutes(4), OfficialStatusJob.backoff(two, 2));
        assertEquals(Duration.ofMinutes(32), OfficialStatusJob.backoff(two, 5));
        assertEquals(Duration.ofHours(1), OfficialStatusJob.backoff(two, 12));
    }
}
