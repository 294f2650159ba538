package io.outcry.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outcry.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LimitsTest {
    private static final Instant T0 = Instant.parse("2026-03-05T12:00:00Z");
    /** The defaults: 10 reports per 10 minutes per person, 120 a minute per network. */
    private static final Rate PERSON = new Rate(10, Duration.ofMinutes(10));
    private static final Rate NETWORK = new Rate(120, Duration.ofMinutes(1));

    private final MutableClock clock = new MutableClock(T0);
    /** One person's and one network's buckets at the production rates, for the tests that need no others. */
    private final Limits limits = new Limits(PERSON, NETWORK, clock, 1_000);
    private final Limits.Buckets b = limits.of("person", "network");

    @Test
    void a_person_sends_a_burst_then_one_report_a_minute() {
        for (int i = 0; i < 10; i++) {
            assertFalse(limits.take(b).refused(), "report " + (i + 1) + " of the burst");
        }
        Limits.Verdict refused = limits.take(b);
        assertTrue(refused.refused());
        assertEquals(60, refused.retryAfterSeconds(), "one token comes back a minute after the first was taken");
        assertEquals(refused, limits.peek(b), "a look says the same, and takes nothing");

        clock.advance(Duration.ofSeconds(59).plusMillis(500));
        assertEquals(1, limits.peek(b).retryAfterSeconds(), "half a second to wait, said as a whole second");
        assertTrue(limits.take(b).refused());
        clock.advance(Duration.ofMillis(500));
        assertFalse(limits.take(b).refused(), "a minute later, one more");
        assertTrue(limits.take(b).refused(), "and only one");

        clock.advance(Duration.ofMinutes(10));
        for (int i = 0; i < 10; i++) {
            assertFalse(limits.take(b).refused(), "ten minutes later, the whole burst again");
        }
    }

    @Test
    void near_the_limit_once_fewer_than_half_the_tokens_are_left() {
        for (int i = 0; i < 5; i++) {
            limits.take(b);
        }
        assertFalse(limits.peek(b).nearLimit(), "5 of 10 left is half");
        limits.take(b);
        assertTrue(limits.peek(b).nearLimit(), "4 of 10 left");
        assertFalse(limits.peek(b).refused());
        clock.advance(Duration.ofSeconds(59));
        assertTrue(limits.peek(b).nearLimit(), "a token not yet whole is not counted");
        clock.advance(Duration.ofSeconds(1));
        assertFalse(limits.peek(b).nearLimit(), "5 whole tokens again");
    }

    @Test
    void a_full_network_refuses_without_taking_from_the_person() {
        Limits limits = new Limits(PERSON, new Rate(2, Duration.ofMinutes(1)), clock, 1_000);
        assertFalse(limits.take(limits.of("a", "net")).refused());
        assertFalse(limits.take(limits.of("b", "net")).refused());
        Limits.Verdict refused = limits.take(limits.of("c", "net"));
        assertTrue(refused.refused());
        assertEquals(30, refused.retryAfterSeconds());
        Limits.Buckets elsewhere = limits.of("c", "other net");
        for (int i = 0; i < 2; i++) {
            assertFalse(limits.take(elsewhere).refused(), "c's own bucket is still full");
        }
    }

    @Test
    void an_unlimited_kind_never_refuses_nor_keeps_buckets() {
        Limits limits = new Limits(Rate.OFF, Rate.OFF, clock, 1_000);
        Limits.Buckets b = limits.of("person", "network");
        for (int i = 0; i < 1_000; i++) {
            assertEquals(new Limits.Verdict(false, 0, false), limits.take(b));
        }
        assertEquals(new Limits.Verdict(false, 0, false), limits.peek(b));
        assertEquals(0, limits.size());
    }

    @Test
    void a_flood_of_new_addresses_keeps_memory_bounded_and_the_flooders_bucket() {
        Limits limits = new Limits(PERSON, Rate.OFF, clock, 100);
        Limits.Buckets flooder = limits.of("flooder", "net");
        for (int i = 0; i < 10; i++) {
            limits.take(flooder);
        }
        for (int i = 0; i < 10_000; i++) {
            clock.advance(Duration.ofMillis(1));
            assertFalse(limits.take(limits.of("person " + i, "net")).refused());
            assertTrue(limits.size() <= 100, "at most maxKeys buckets");
        }
        assertTrue(limits.peek(flooder).refused(), "the emptiest bucket is the last dropped");
    }

    @Test
    void full_buckets_are_dropped_first_and_forgetting_them_changes_nothing() {
        Limits limits = new Limits(PERSON, Rate.OFF, clock, 101);
        for (int i = 0; i < 100; i++) {
            limits.take(limits.of("early " + i, "net"));
        }
        Limits.Buckets late = limits.of("late", "net");
        for (int i = 0; i < 10; i++) {
            limits.take(late);
        }
        clock.advance(Duration.ofMinutes(1)); // every early bucket is full again; late's has one token back
        limits.take(limits.of("new", "net")); // the 102nd bucket
        assertEquals(2, limits.size(), "the full ones went, the others stayed");
        assertFalse(limits.take(late).refused());
        assertTrue(limits.take(late).refused(), "late's bucket was kept as it was");
    }

    @Test
    void wall_time_set_back_an_hour_makes_nobody_wait_an_hour() {
        for (int i = 0; i < 10; i++) {
            assertFalse(limits.take(b).refused());
        }
        clock.advance(Duration.ofHours(-1));
        assertEquals(60, limits.peek(b).retryAfterSeconds(), "a minute, as before the step, not an hour and a minute");
        clock.advance(Duration.ofMinutes(1));
        assertFalse(limits.take(b).refused(), "a minute after the step, one more");
        Limits.Buckets other = limits.of("someone else", "network");
        assertFalse(limits.take(other).refused(), "the network's bucket was not emptied by the step");
    }
}
