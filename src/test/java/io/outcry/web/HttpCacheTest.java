package io.outcry.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outcry.MutableClock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class HttpCacheTest {
    @Test
    void reads_which_clients_accept_gzip() {
        assertTrue(HttpCache.acceptsGzip("gzip, deflate, br"));
        assertTrue(HttpCache.acceptsGzip("br;q=1.0, gzip;q=0.8"));
        assertTrue(HttpCache.acceptsGzip("*"));
        assertFalse(HttpCache.acceptsGzip("gzip;q=0"));
        assertFalse(HttpCache.acceptsGzip("identity"));
        assertFalse(HttpCache.acceptsGzip(null));
    }

    @Test
    void compresses_a_cached_body_once() throws IOException {
        byte[] text = "{\"status\":\"ok\"}".repeat(200).getBytes(StandardCharsets.UTF_8);
        HttpCache.Body body = HttpCache.Body.of(text, null);
        byte[] gzipped = body.gzipped();
        assertSame(gzipped, body.gzipped());
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            assertArrayEquals(text, in.readAllBytes());
        }
    }

    @Test
    void rebuilds_an_answer_when_it_is_old_or_its_version_changed() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-26T14:00:00Z"));
        ResponseCache<String> cache = new ResponseCache<>(clock, Duration.ofSeconds(1), 1L << 20);
        AtomicInteger builds = new AtomicInteger();
        java.util.function.Supplier<HttpCache.Body> build = () -> HttpCache.Body.of(
                ("v" + builds.incrementAndGet()).getBytes(StandardCharsets.UTF_8), null);
        assertEquals("v1", new String(cache.get("k", 0, build).bytes(), StandardCharsets.UTF_8));
        assertEquals("v1", new String(cache.get("k", 0, build).bytes(), StandardCharsets.UTF_8));
        clock.advance(Duration.ofMillis(1_500));
        assertEquals("v2", new String(cache.get("k", 0, build).bytes(), StandardCharsets.UTF_8), "older than 1 s");
        assertEquals("v3", new String(cache.get("k", 1, build).bytes(), StandardCharsets.UTF_8), "a tick happened");
        assertEquals(3, builds.get());
    }

    @Test
    void holds_no_more_bytes_than_its_bound_whatever_the_keys() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-26T14:00:00Z"));
        ResponseCache<String> cache = new ResponseCache<>(clock, Duration.ofSeconds(5), 10L << 20);
        for (int i = 0; i < 2_000; i++) {
            cache.get("window=" + (600 + i) + "s", 0, () -> HttpCache.Body.of(new byte[1 << 20], null));
            assertTrue(cache.weight() <= 10L << 20, "after " + i + " keys: " + cache.weight() + " bytes");
        }
    }
}
