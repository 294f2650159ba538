package io.outcry.official;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.outcry.Config;
import io.outcry.Engine;
import io.outcry.MutableClock;
import io.outcry.TestNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Two nodes on one embedded PostgreSQL database poll each official URL once between them. */
class OfficialMultiNodeTest {
    @Test
    void two_nodes_polling_at_the_same_moment_read_each_url_once_between_them() throws Exception {
        Config config = OfficialStatusApiTest.config(Engine.POSTGRES, true, Duration.ofSeconds(20));
        MutableClock clock = new MutableClock(OfficialStatusApiTest.NOW);
        try (ExecutorService threads = Executors.newFixedThreadPool(2);
                LocalSource page = new LocalSource();
                TestNode a = TestNode.on(config, clock);
                TestNode b = TestNode.on(config, clock)) {
            page.serve("/api/v2/summary.json", "application/json", FormatTest.payload("statuspage-summary.json"),
                    null);
            page.serve("/api/v2/incidents.json", "application/json", FormatTest.payload("statuspage-incidents.json"),
                    null);
            page.serve("/api/v2.0.0/current", "application/json", FormatTest.payload("slack-current.json"), null);
            OfficialSource github = new OfficialSource("github", page.url("/api/v2/summary.json"), Format.STATUSPAGE,
                    List.of());
            OfficialSource slack = new OfficialSource("slack", page.url("/api/v2.0.0/current"), Format.SLACK,
                    List.of());
            OfficialStatusApiTest.sources(a, github, slack);
            OfficialStatusApiTest.sources(b, github, slack);
            for (int round = 1; round <= 3; round++) {
                CountDownLatch go = new CountDownLatch(1);
                CompletableFuture<Integer> pa = CompletableFuture.supplyAsync(() -> await(go, a), threads);
                CompletableFuture<Integer> pb = CompletableFuture.supplyAsync(() -> await(go, b), threads);
                go.countDown();
                assertEquals(3, pa.get() + pb.get(), "round " + round + ": each URL claimed by one node");
                assertEquals(round, page.requests("/api/v2/summary.json"), page.seen.toString());
                assertEquals(round, page.requests("/api/v2/incidents.json"));
                assertEquals(round, page.requests("/api/v2.0.0/current"));
                clock.advance(Duration.ofMinutes(3));
            }
            // Both nodes show what one of them read.
            assertEquals("incident", OfficialStatusApiTest.line(b, "github").path("state").asText());
            assertEquals("incident", OfficialStatusApiTest.line(a, "slack").path("state").asText());
        }
    }

    private static int await(CountDownLatch go, TestNode node) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return node.app.official().job().pollDue();
    }
}
