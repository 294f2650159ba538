package io.outcry;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * kill -9 at any point of a node's first start-up (creating its database, migrating it, seeding the catalog) leaves
 * a data folder the next start opens by itself, with no person to repair it.
 */
@Tag("slow")
class KilledStartTest {
    private static final int KILLS = 12;

    @Test
    void a_first_start_killed_at_a_dozen_points_then_starts_and_takes_a_report() throws Exception {
        Path dir = TestDirs.create("outcry-killed-start");
        Path db = dir.resolve("outcry.mv.db");
        // Start k is killed once the database file has changed k times since it began: a later point each time, in
        // whatever it was writing then (a migration, its record, the catalog).
        for (int k = 1; k <= KILLS; k++) {
            try (ChildNode node = ChildNode.launch(dir, Map.of())) {
                AtomicLong last = new AtomicLong(size(db));
                AtomicInteger changes = new AtomicInteger();
                int wanted = k;
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(1)).until(() -> {
                    long now = size(db);
                    if (now != last.getAndSet(now)) {
                        changes.incrementAndGet();
                    }
                    return changes.get() >= wanted || !node.isAlive() || node.ready();
                });
                assertTrue(node.isAlive(), "start " + k + " stopped by itself: " + Files.readString(
                        dir.resolve("child.log")));
                assertTrue(node.kill(), "start " + k + " killed"); // SIGKILL
            }
        }
        try (ChildNode node = ChildNode.start(dir, Map.of())) {
            Client.Answer a = node.client().postJson("/api/v1/reports", "{\"service\":\"chatgpt\"}");
            assertEquals(201, a.status(), a.body());
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException missing) {
            return -1;
        }
    }
}
