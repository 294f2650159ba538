package io.outcry;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
            int port = freePort();
            Process node = start(dir, port, "start-" + k + ".log");
            AtomicLong last = new AtomicLong(size(db));
            AtomicInteger changes = new AtomicInteger();
            int wanted = k;
            try {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(1)).until(() -> {
                    long now = size(db);
                    if (now != last.getAndSet(now)) {
                        changes.incrementAndGet();
                    }
                    return changes.get() >= wanted || !node.isAlive() || ready(port);
                });
                assertTrue(node.isAlive(), "start " + k + " stopped by itself: " + log(dir, "start-" + k + ".log"));
            } finally {
                node.destroyForcibly(); // SIGKILL
                node.waitFor();
            }
        }
        int port = freePort();
        Process node = start(dir, port, "last.log");
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> ready(port) || !node.isAlive());
            assertTrue(node.isAlive(), "the start after the kills failed: " + log(dir, "last.log"));
            Client.Answer a = new Client(port).postJson("/api/v1/reports", "{\"service\":\"chatgpt\"}");
            assertEquals(201, a.status(), a.body());
        } finally {
            node.destroy();
            node.waitFor();
        }
    }

    private static Process start(Path dir, int port, String logName) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.outcry.cli.Main", "serve")
                .redirectErrorStream(true).redirectOutput(new File(dir.toFile(), logName));
        pb.environment().put("OUTCRY_PORT", String.valueOf(port));
        pb.environment().put("OUTCRY_DATA_DIR", dir.toString());
        pb.environment().put("OUTCRY_OFFICIAL_STATUS", "false");
        return pb.start();
    }

    private static boolean ready(int port) {
        try {
            return new Client(port).get("/ready").status() == 200;
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException missing) {
            return -1;
        }
    }

    private static String log(Path dir, String name) throws IOException {
        return Files.readString(dir.resolve(name));
    }

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }
}
