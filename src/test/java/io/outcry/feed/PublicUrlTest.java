package io.outcry.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outcry.Config;
import io.outcry.MutableClock;
import io.outcry.TestNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Links in feeds and pages name the node's configured public address, never the Host header a request chose. */
class PublicUrlTest {
    private static final String EVIL = "evil.example";

    @Test
    void feeds_link_to_the_configured_public_address_whatever_the_host_header() throws IOException {
        Config config = TestNode.freshConfig().withPublicUrl("https://outcry.example.org/");
        try (TestNode node = TestNode.on(config, new MutableClock(TestNode.START))) {
            for (String path : new String[] {"/feed.json", "/feed.atom", "/api/v2/summary.json", "/", "/s/chatgpt",
                    "/sitemap.xml"}) {
                String body = get(node.app.port(), path);
                assertTrue(body.contains("https://outcry.example.org"), path + ": " + body);
                assertFalse(body.contains(EVIL), path + " echoes the Host header: " + body);
            }
            assertTrue(get(node.app.port(), "/feed.json").contains("\"feed_url\":\"https://outcry.example.org/feed.json\""));
        }
    }

    @Test
    void without_a_public_address_feeds_link_to_the_node_on_localhost() throws IOException {
        try (TestNode node = TestNode.on(TestNode.freshConfig(), new MutableClock(TestNode.START))) {
            String body = get(node.app.port(), "/feed.json");
            assertTrue(body.contains("\"feed_url\":\"http://localhost:" + node.app.port() + "/feed.json\""), body);
            assertFalse(body.contains(EVIL), body);
        }
    }

    @Test
    void refuses_a_public_address_that_is_not_an_http_url() {
        assertThrows(IllegalArgumentException.class,
                () -> Config.from(Map.of("OUTCRY_PUBLIC_URL", "javascript:alert(1)")));
        assertThrows(IllegalArgumentException.class,
                () -> Config.from(Map.of("OUTCRY_PUBLIC_URL", "https://outcry.example.org/?x=1")));
        assertEquals("https://outcry.example.org/radar",
                Config.from(Map.of("OUTCRY_PUBLIC_URL", "https://outcry.example.org/radar/")).publicUrl());
    }

    /** A GET with the Host header an attacker chose (Java's HTTP client will not send one). */
    private static String get(int port, String path) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + EVIL + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            return answer;
        }
    }
}
