package io.outcry.report;

import static io.outcry.db.Tables.REPORT;
import static io.outcry.db.Tables.SERVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outcry.Config;
import io.outcry.Db;
import io.outcry.TestDirs;
import io.outcry.catalog.CatalogStore;
import io.outcry.web.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A node killed with {@code kill -9} every few commits and restarted on what it left, without child processes: a byte
 * copy of the H2 file taken right after a commit returned is what the disk holds if the process dies at that moment
 * (the kernel keeps every completed write; only power loss needs fsync). The copy is opened as a restarted node opens
 * it, must hold every report committed so far, and is where the work goes on. The counts the dead node held in memory
 * are gone with it: the restarted one adds them from the rows, and they must equal a recount of the rows.
 *
 * <p>Once chunks older than H2's retention time (45 s) are freed, new chunks land in holes of the file and H2 finds the
 * newest of them after a crash only through its store header. H2 2.5.252 wrote that header pointing at the chunk
 * before the one just written, and lost the commits since (docs/performance.md). The test opens the file with a
 * retention time of 0 so that the holes come at once rather than after 45 s; a copy taken between commits never
 * needs an old chunk, so this changes where chunks go, not what a correct store can recover. On 2.5.252 it fails at
 * the first kill; with the production URL alone it failed after about 45 s.
 */
@Tag("slow")
class CrashImageTest {
    private static final int COMMITS = 200;

    @Test
    void keeps_every_committed_batch_when_killed_after_any_commit() throws Exception {
        Path[] dirs = {TestDirs.create("outcry-image-a"), TestDirs.create("outcry-image-b")};
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Set<UUID> committed = new HashSet<>();
        Instant at = Instant.parse("2026-03-05T12:00:00Z");
        int live = 0;
        int kills = 0;
        int recounted = 0;
        Db db = open(dirs[live]);
        try {
            new CatalogStore(db.dsl()).seed(Json.mapper());
            int youtube = db.dsl().select(SERVICE.ID).from(SERVICE).where(SERVICE.SLUG.eq("youtube"))
                    .fetchOne(SERVICE.ID);
            Intake store = Intake.of(db.dsl(), Duration.ofMinutes(15));
            for (int i = 1; i <= COMMITS; i++) {
                // Group commits of varying size, as under bursty load: chunks of varying length.
                int size = 1 + (random.nextInt(4) == 0 ? random.nextInt(300) : random.nextInt(20));
                List<NewReport> batch = new ArrayList<>(size);
                for (int j = 0; j < size; j++) {
                    at = at.plusMillis(7);
                    batch.add(new NewReport(UUID.randomUUID(), true, youtube, "youtube", at, null, Location.UNKNOWN,
                            "k" + i + "-" + j, "s" + i, "api", false, NewReport.Kind.PROBLEM));
                }
                List<Accepted> answers = store.write(batch);
                // Every report is within the last 15 minutes here: the answer counts every counted row, from memory.
                assertEquals(db.dsl().fetchCount(REPORT, REPORT.COUNTED.isTrue()),
                        answers.get(answers.size() - 1).recentReporters(), "reporters of the last 15 minutes");
                batch.forEach(r -> committed.add(r.id()));
                if (random.nextInt(4) != 0) {
                    continue;
                }
                // Killed right after this commit returned; restarted on what it left.
                kills++;
                int next = 1 - live;
                Files.copy(dirs[live].resolve("outcry.mv.db"), dirs[next].resolve("outcry.mv.db"),
                        StandardCopyOption.REPLACE_EXISTING);
                Db restarted = open(dirs[next]);
                db.close(); // the dead node's file, left behind
                db = restarted;
                live = next;
                // What the dead node held in memory is gone: its counts not yet written are added from the rows.
                store = Intake.of(db.dsl(), Duration.ofMinutes(15));
                recounted += store.open(at);
                Recount.assertCountsMatchRows(db.dsl());
                Set<UUID> stored = new HashSet<>(db.dsl().select(REPORT.ID).from(REPORT).fetch(REPORT.ID));
                Set<UUID> lost = new HashSet<>(committed);
                lost.removeAll(stored);
                assertEquals(0, lost.size(), "committed reports missing after a kill at commit " + i + " of "
                        + COMMITS + " (seed " + seed + ")");
            }
            assertTrue(kills > 10, "killed " + kills + " times");
            assertTrue(recounted > 0, "some kills lost counts held in memory, and the restart added them again");
        } finally {
            db.close();
        }
    }

    /** The node's own URL (WRITE_DELAY=0), with old chunks reusable at once. */
    private static Db open(Path dataDir) {
        Config config = Config.from(Map.of("OUTCRY_DATA_DIR", dataDir.toString()));
        return Db.open(config.dbUrl() + ";RETENTION_TIME=0", config.dbUser(), config.dbPassword(), 2);
    }
}
