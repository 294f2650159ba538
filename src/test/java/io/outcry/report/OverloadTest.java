package io.outcry.report;

import static io.outcry.db.Tables.MINUTE_COUNT;
import static io.outcry.db.Tables.REPORT;
import static io.outcry.db.Tables.SERVICE;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outcry.Client;
import io.outcry.Config;
import io.outcry.Engine;
import io.outcry.MutableClock;
import io.outcry.OnEachEngine;
import io.outcry.TestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** When storage cannot keep up or fails, writers are told to come back at once and readers do not notice. */
@Tag("slow") // measures refusal latency: run alone, not beside other test JVMs
class OverloadTest extends OnEachEngine {
    @Test
    void a_full_ingest_queue_answers_503_within_milliseconds_while_reads_go_on() throws Exception {
        Config base = TestNode.freshConfig(engine).withIngestQueue(4, 1);
        // The writer waits for the row lock below as long as the test holds it, instead of H2's default second
        // (PostgreSQL waits for a row lock without end by default).
        Config config = engine == Engine.H2
                ? base.withDb(base.dbUrl() + ";LOCK_TIMEOUT=60000", base.dbUser(), base.dbPassword())
                : base;
        try (TestNode node = TestNode.on(config, new MutableClock(TestNode.START))) {
            assertEquals(201, node.client.postJson("/api/v1/reports", "{\"service\":\"chatgpt\"}").status());
            // Counts can be held in memory a while (H2Intake): written now, the row locked below exists.
            node.app.intake().writeCounts();
            int chatgpt = node.db().dsl().select(SERVICE.ID).from(SERVICE).where(SERVICE.SLUG.eq("chatgpt"))
                    .fetchOne(SERVICE.ID);
            CountDownLatch locked = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            ExecutorService pool = Executors.newCachedThreadPool();
            // Another transaction holds the count row every new report of chatgpt must update: the writer waits.
            // Two seconds on, the counts are due to be written with the next batch (H2Intake.COUNTS_MAX_WAIT).
            node.clock.advance(Duration.ofSeconds(2));
            Future<?> holder = pool.submit(() -> node.db().dsl().transaction(tx -> {
                int rows = tx.dsl().update(MINUTE_COUNT).set(MINUTE_COUNT.REPORTERS, MINUTE_COUNT.REPORTERS)
                        .where(MINUTE_COUNT.SERVICE_ID.eq(chatgpt)).execute();
                if (rows == 0) {
                    throw new IllegalStateException("no count row of chatgpt to hold");
                }
                locked.countDown();
                release.await(60, TimeUnit.SECONDS);
            }));
            assertTrue(locked.await(10, TimeUnit.SECONDS));
            // Senders one after another until the queue is full: the writer takes the first and waits for the lock,
            // the next ones queue. Five at once could find the queue full before the writer had taken the first: one
            // was refused, the writer then took one, and the queue stayed one short of full.
            List<Future<Client.Answer>> waiting = new ArrayList<>();
            // A busy machine can take seconds.
            await("the ingest queue fills").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
                if (node.client.get("/ready").status() != 200) {
                    return true;
                }
                String ua = "waiting " + waiting.size();
                waiting.add(pool.submit(() -> node.client.postJson("/api/v1/reports", "{\"service\":\"chatgpt\"}",
                        "User-Agent", ua)));
                return false;
            });
            assertEquals(503, node.client.get("/ready").status(), () -> "the queue is full; " + outcomes(waiting));

            long slowest = 0;
            for (int i = 0; i < 2_000; i++) {
                long start = System.nanoTime();
                Client.Answer a = node.client.postJson("/api/v1/reports", "{\"service\":\"youtube\"}", "User-Agent",
                        "refused " + i);
                slowest = Math.max(slowest, System.nanoTime() - start);
                assertEquals(503, a.status(), a.body());
                if (i == 0) {
                    assertEquals("application/problem+json", a.header("Content-Type").split(";")[0]);
                    assertTrue(Integer.parseInt(a.header("Retry-After")) >= 1);
                    assertEquals(503, a.json().path("status").asInt());
                }
                if (i % 100 == 0) {
                    assertEquals(200, node.client.get("/api/v1/services").status(), "reads go on");
                    assertEquals(200, node.client.get("/api/v1/status").status(), "reads of the database go on");
                }
            }
            assertTrue(slowest < TimeUnit.MILLISECONDS.toNanos(250), "slowest refusal " + slowest / 1_000_000 + " ms");
            assertEquals(503, node.client.get("/ready").status(), "refused reports never queue: memory is bounded");
            assertEquals(1, node.db().dsl().fetchCount(REPORT, REPORT.SERVICE_ID.ne(chatgpt).or(REPORT.ID.isNull()))
                    + node.db().dsl().fetchCount(REPORT, REPORT.SERVICE_ID.eq(chatgpt)), "nothing refused was stored");

            release.countDown();
            holder.get(30, TimeUnit.SECONDS);
            for (Future<Client.Answer> w : waiting) {
                int status = w.get(30, TimeUnit.SECONDS).status();
                assertTrue(status == 201 || status == 503, "queued reports are stored, or refused if they never fit");
            }
            assertEquals(200, node.client.get("/ready").status(), "ready again once the queue drains");
            pool.shutdown();
            Recount.assertCountsMatchRows(node);
        }
    }

    /** What each waiting sender was answered so far, for a failure's message. */
    private static String outcomes(List<Future<Client.Answer>> waiting) {
        List<String> out = new ArrayList<>();
        for (Future<Client.Answer> w : waiting) {
            out.add(switch (w.state()) {
                case RUNNING -> "waiting";
                case SUCCESS -> w.resultNow().status() + " " + w.resultNow().body();
                case FAILED -> "failed: " + w.exceptionNow();
                case CANCELLED -> "cancelled";
            });
        }
        return "waiting senders: " + out;
    }

    @Test
    void a_database_that_fails_a_write_gives_503_and_keeps_nothing_of_the_batch() {
        try (TestNode node = TestNode.fresh(engine)) {
            assertEquals(201, node.client.postJson("/api/v1/reports", "{\"service\":\"chatgpt\"}").status());
            int rows = node.db().dsl().fetchCount(REPORT);
            // The rows insert fine; the count update that follows in the same transaction fails. Two seconds on,
            // every batch is due to write the counts (H2Intake.COUNTS_MAX_WAIT).
            node.clock.advance(Duration.ofSeconds(2));
            node.db().dsl().execute("alter table minute_count rename to minute_count_away");
            try {
                for (int i = 0; i < 5; i++) {
                    Client.Answer a = node.client.postJson("/api/v1/reports", "{\"service\":\"youtube\"}",
                            "User-Agent", "failing " + i);
                    assertEquals(503, a.status(), a.body());
                    assertEquals("application/problem+json", a.header("Content-Type").split(";")[0]);
                    assertTrue(Integer.parseInt(a.header("Retry-After")) >= 1);
                    assertTrue(a.json().path("detail").asText().contains("nothing was kept"));
                }
                assertEquals(rows, node.db().dsl().fetchCount(REPORT), "no half-written batch: no rows either");
            } finally {
                node.db().dsl().execute("alter table minute_count_away rename to minute_count");
            }
            assertEquals(201, node.client.postJson("/api/v1/reports", "{\"service\":\"youtube\"}",
                    "User-Agent", "failing 0").status(), "the retry of a refused report is stored");
            Recount.assertCountsMatchRows(node);
        }
    }
}
