package io.outcry.report;

import static io.outcry.db.Tables.REPORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outcry.Client.Answer;
import io.outcry.OnEachEngine;
import io.outcry.TestNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ConcurrentIngestTest extends OnEachEngine {
    private static final String[] SERVICES = {"chatgpt", "whatsapp", "github", "netflix", "orange"};

    @Test
    void stores_every_acknowledged_report_exactly_once_under_concurrency() throws Exception {
        try (TestNode node = TestNode.fresh(engine); ExecutorService pool = Executors.newFixedThreadPool(50)) {
            Set<UUID> acknowledged = ConcurrentHashMap.newKeySet();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 50; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        UUID id = UUID.randomUUID();
                        String body = "{\"service\":\"" + SERVICES[i % SERVICES.length] + "\",\"id\":\"" + id
                                + "\",\"location\":\"" + (i % 2 == 0 ? "FR-IDF" : "US") + "\"}";
                        Answer a = node.client.postJson("/api/v1/reports", body, "User-Agent", "t" + thread + "-" + i);
                        if (a.status() == 201) {
                            acknowledged.add(id);
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            assertEquals(2_000, acknowledged.size(), "every distinct reporter is acknowledged as stored");
            List<UUID> stored = node.db().dsl().select(REPORT.ID).from(REPORT).fetch(REPORT.ID);
            assertEquals(stored.size(), new HashSet<>(stored).size(), "no report stored twice");
            assertTrue(stored.containsAll(acknowledged));
            assertEquals(acknowledged.size(), stored.size());
            Recount.assertCountsMatchRows(node);
        }
    }
}
