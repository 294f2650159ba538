package io.outcry.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outcry.Config;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** OUTCRY_PUSH_SUBJECT: the contact push services see in every VAPID token, a mailto: address or an https: URL. */
class PushSubjectTest {
    @Test
    void the_operator_sets_a_mailto_or_https_contact_and_anything_else_stops_the_start() {
        assertEquals("mailto:operator@outcry.invalid", Config.from(Map.of()).pushSubject(), "the default");
        assertEquals("mailto:alerts@example.org",
                Config.from(Map.of("OUTCRY_PUSH_SUBJECT", " mailto:alerts@example.org ")).pushSubject());
        assertEquals("https://status.example.org/contact",
                Config.from(Map.of("OUTCRY_PUSH_SUBJECT", "https://status.example.org/contact")).pushSubject());
        for (String wrong : List.of("alerts@example.org", "mailto:", "mailto:nobody", "http://example.org",
                "https://", "ftp://example.org", "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Config.from(Map.of("OUTCRY_PUSH_SUBJECT", wrong)), wrong);
            assertTrue(e.getMessage().startsWith("OUTCRY_PUSH_SUBJECT must be a mailto: address or an https: URL"),
                    e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Config.from(Map.of()).withPushSubject("javascript:x"));
    }
}
