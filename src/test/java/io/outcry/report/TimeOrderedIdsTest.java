package io.outcry.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {
    @Test
    void isVersion7WithTheMillisecondsFirst() {
        Instant at = Instant.parse("2026-11-27T05:30:00.123Z");
        UUID id = TimeOrderedIds.next(at);
        assertEquals(7, id.version());
        assertEquals(2, id.variant());
        assertEquals(at.toEpochMilli(), id.getMostSignificantBits() >>> 16);
        assertNotEquals(id, TimeOrderedIds.next(at), "random bits tell ids of one millisecond apart");
    }

    @Test
    void laterIdsSortAfterEarlierOnes() {
        Instant at = Instant.parse("2026-11-27T05:30:00Z");
        for (int i = 0; i < 1_000; i++) {
            UUID earlier = TimeOrderedIds.next(at.plusMillis(i));
            UUID later = TimeOrderedIds.next(at.plusMillis(i + 1));
            // As the database compares them: unsigned, byte by byte, which the string form preserves.
            assertTrue(earlier.toString().compareTo(later.toString()) < 0, earlier + " < " + later);
        }
    }
}
