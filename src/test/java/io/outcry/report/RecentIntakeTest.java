package io.outcry.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RecentIntakeTest {
    private static final Instant T0 = Instant.parse("2026-03-05T12:00:00.123456Z");
    private static final NewReport.Kind PROBLEM = NewReport.Kind.PROBLEM;

    private final RecentIntake intake = new RecentIntake(Duration.ofMinutes(15), 3, Duration.ofMinutes(10), 1_000);

    @Test
    void remembers_a_reporter_per_service_and_kind_until_the_window_ends() {
        intake.remember(UUID.randomUUID(), "alice", "net1", 1, PROBLEM, T0, true);
        assertEquals(T0, intake.lastReport("alice", 1, PROBLEM));
        assertNull(intake.lastReport("alice", 2, PROBLEM), "another service");
        assertNull(intake.lastReport("alice", 1, NewReport.Kind.WORKS), "another kind");
        assertNull(intake.lastReport("bob", 1, PROBLEM));

        Instant justBefore = T0.plus(Duration.ofMinutes(15)).minusNanos(1_000);
        intake.remember(UUID.randomUUID(), "bob", "net2", 1, PROBLEM, justBefore, true);
        assertEquals(T0, intake.lastReport("alice", 1, PROBLEM), "one microsecond before the window ends");
        intake.remember(UUID.randomUUID(), "bob", "net2", 1, PROBLEM, T0.plus(Duration.ofMinutes(15)), true);
        assertNull(intake.lastReport("alice", 1, PROBLEM), "forgotten when the window ended");
        assertEquals(0, intake.forgottenEarly());
    }

    @Test
    void knows_which_ids_it_stored_within_the_window() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        intake.remember(first, "alice", "net1", 1, PROBLEM, T0, true);
        intake.remember(second, "bob", "net2", 1, PROBLEM, T0.plus(Duration.ofMinutes(10)), true);
        assertTrue(intake.mayHaveStored(first));
        assertFalse(intake.mayHaveStored(UUID.randomUUID()));

        intake.remember(UUID.randomUUID(), "carol", "net3", 1, PROBLEM, T0.plus(Duration.ofMinutes(15)), true);
        assertFalse(intake.mayHaveStored(first), "forgotten with its report when the window ended");
        assertTrue(intake.mayHaveStored(second));
    }

    @Test
    void keeps_a_subnets_counted_times_within_its_window_and_cap() {
        for (int i = 0; i < 3; i++) {
            intake.remember(UUID.randomUUID(), "r" + i, "net", 7, PROBLEM, T0.plus(Duration.ofMinutes(i)), true);
        }
        intake.remember(UUID.randomUUID(), "r9", "net", 7, PROBLEM, T0.plus(Duration.ofMinutes(4)), false);
        assertEquals(List.of(T0, T0.plus(Duration.ofMinutes(1)), T0.plus(Duration.ofMinutes(2))),
                intake.counted("net", 7, PROBLEM), "reports that were not counted are not counted against the cap");
        assertEquals(List.of(), intake.counted("net", 8, PROBLEM));

        intake.remember(UUID.randomUUID(), "r3", "net", 7, PROBLEM, T0.plus(Duration.ofMinutes(11)), true);
        assertEquals(List.of(T0.plus(Duration.ofMinutes(2)), T0.plus(Duration.ofMinutes(11))),
                intake.counted("net", 7, PROBLEM), "times older than ten minutes are gone");
    }

    @Test
    void forgets_the_oldest_early_rather_than_grow_past_its_bound() {
        RecentIntake small = new RecentIntake(Duration.ofMinutes(15), 3, Duration.ofMinutes(15), 100);
        for (int i = 0; i < 150; i++) {
            small.remember(UUID.randomUUID(), "r" + i, "net" + i, 1, PROBLEM, T0.plusSeconds(i), true);
        }
        assertNull(small.lastReport("r0", 1, PROBLEM));
        assertEquals(T0.plusSeconds(149), small.lastReport("r149", 1, PROBLEM));
        assertEquals(200, small.size(), "100 reporters and 100 subnets");
        assertEquals(100, small.forgottenEarly(), "50 reporters and 50 subnets forgotten early");
    }

    @Test
    void hashes_spread_keys_that_differ_only_in_service_or_kind() {
        assertNotEquals(KeyHash.of("k", 1, PROBLEM), KeyHash.of("k", 2, PROBLEM));
        assertNotEquals(KeyHash.of("k", 1, PROBLEM), KeyHash.of("k", 1, NewReport.Kind.WORKS));
        assertNotEquals(KeyHash.of("k1", 1, PROBLEM), KeyHash.of("k2", 1, PROBLEM));
    }
}
