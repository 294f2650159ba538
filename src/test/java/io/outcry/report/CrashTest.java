package io.outcry.report;

import static io.outcry.db.Tables.REPORT;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outcry.ChildNode;
import io.outcry.Config;
import io.outcry.Db;
import io.outcry.TestDirs;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A child JVM ingests under load and is killed with SIGKILL; nothing acknowledged may be lost or doubled. */
@Tag("slow")
class CrashTest {
    private static final int ROUNDS = 4;

    @Test
    void keeps_every_acknowledged_report_through_kill_9() throws Exception {
        Path dataDir = TestDirs.create("outcry-crash");
        Set<UUID> acknowledged = ConcurrentHashMap.newKeySet();
        long seed = System.nanoTime();
        Random random = new Random(seed);
        System.out.println("CrashTest seed " + seed);
        for (int round = 0; round < ROUNDS; round++) {
            try (ChildNode child = ChildNode.start(dataDir, Map.of())) {
                ChildNode.Flood flood = child.flood(8, "r" + round,
                        thread -> () -> new ChildNode.Report(UUID.randomUUID(), "youtube"), acknowledged);
                // A random moment under load: after a random number of acknowledgements, so a slow machine still
                // kills mid-stream rather than before the load got going.
                int before = acknowledged.size();
                int target = 50 + random.nextInt(300);
                await("acknowledgements before the kill").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(5)).until(() -> acknowledged.size() - before >= target);
                // Dead and reaped before anything else looks at the file, as before an operator's restart.
                assertTrue(child.kill(), "the killed node was reaped");
                assertTrue(flood.stop(), "every sender ended");
            }
        }
        assertTrue(acknowledged.size() > ROUNDS * 50, "the load really ran: " + acknowledged.size());
        // Opened here, right after the last kill: the file as the dead node left it, recovered by H2 in this JVM.
        Config config = Config.from(java.util.Map.of("OUTCRY_DATA_DIR", dataDir.toString()));
        try (Db db = Db.open(config.dbUrl(), config.dbUser(), config.dbPassword(), 2)) {
            List<UUID> stored = db.dsl().select(REPORT.ID).from(REPORT).fetch(REPORT.ID);
            Set<UUID> unique = new HashSet<>(stored);
            assertEquals(stored.size(), unique.size(), "no report stored twice");
            Set<UUID> lost = new HashSet<>(acknowledged);
            lost.removeAll(unique);
            assertEquals(Set.of(), lost, "acknowledged reports lost (seed " + seed + ")");
            // As a restarted node does before it takes reports: the counts held in memory at the kill are added.
            Intake.of(db.dsl(), Duration.ofMinutes(15)).open(Instant.now());
            Recount.assertCountsMatchRows(db.dsl());
        }
    }
}
