package io.outcry.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outcry.Client;
import io.outcry.TestNode;
import org.junit.jupiter.api.Test;

class MetricsTest {
    @Test
    void metrics_count_reports_by_outcome_and_reason_and_show_the_intake_and_detector() {
        try (TestNode node = TestNode.fresh()) {
            node.client.postJson("/api/v1/reports", "{\"service\":\"chatgpt\"}", "User-Agent", "P/1");
            node.client.postJson("/api/v1/reports", "{\"service\":\"chatgpt\"}", "User-Agent", "P/1");
            node.client.postJson("/api/v1/reports", "{\"service\":\"no-such-thing\"}");
            node.client.post("/api/v1/reports", "text/plain", "chatgpt");
            node.app.detection().runOnce();

            Client.Answer a =
                    node.client.get("/metrics", "User-Agent", "Prometheus/3", "X-Forwarded-For", "203.0.113.9");
            assertEquals(200, a.status());
            assertTrue(a.header("Content-Type").startsWith("text/plain; version=0.0.4"), a.header("Content-Type"));
            String text = a.body();
            assertTrue(text.contains("outcry_reports_accepted_total{outcome=\"stored\"} 1.0"), text);
            assertTrue(text.contains("outcry_reports_accepted_total{outcome=\"duplicate\"} 1.0"), text);
            assertTrue(text.contains("outcry_reports_rejected_total{reason=\"unknown-service\"} 1.0"), text);
            assertTrue(text.contains("outcry_reports_rejected_total{reason=\"unsupported-media-type\"} 1.0"), text);
            assertTrue(text.contains("outcry_ingest_commit_seconds_count 2"), "two batches committed: " + text);
            for (String name : new String[] {"outcry_ingest_queue_depth 0.0", "outcry_ingest_memory_keys ",
                "outcry_ingest_memory_forgotten_total 0.0", "outcry_detector_tick_seconds ",
                "outcry_detector_series ", "outcry_detector_ticks_total{result=\"written\"} 1.0",
                "outcry_outages_open 0.0", "outcry_stream_clients 0.0",
                "outcry_webhook_deliveries_total{outcome=\"delivered\"} 0.0", "jvm_memory_used_bytes"}) {
                assertTrue(text.contains(name), name + " in " + text);
            }
            assertFalse(text.contains("127.0.0.1") || text.contains("203.0.113") || text.contains("P/1"),
                    "no address or user agent in any label");
        }
    }
}
