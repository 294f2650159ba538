package io.outcry.feed;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outcry.MutableClock;
import io.outcry.EventStream;
import io.outcry.TestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LiveStreamTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void a_client_hears_an_outage_and_after_a_disconnect_resumes_without_missing_an_event() throws Exception {
        try (TestNode node = TestNode.on(TestNode.freshConfig(), new MutableClock(Outages.NOW.plusSeconds(5)))) {
            int chatgpt = Outages.serviceId(node, "chatgpt");
            Outages.history(node, chatgpt);
            Random random = new Random(11);
            Outages.minutes(node, chatgpt, 10, Outages.RATE, random);

            List<EventStream.Event> seen = new ArrayList<>();
            try (EventStream stream = new EventStream(node.app.port(), "", null)) {
                assertEquals("text/event-stream", stream.response().headers().firstValue("Content-Type").orElse("")
                        .split(";")[0]);
                assertEquals("no-cache", stream.response().headers().firstValue("Cache-Control").orElse(null));
                assertEquals("no", stream.response().headers().firstValue("X-Accel-Buffering").orElse(null));
                waitForSubscriber(node);
                Outages.minutes(node, chatgpt, 10, Outages.RATE * 8, random);
                EventStream.Event confirmed = stream.next("outage.confirmed", Duration.ofSeconds(5));
                assertNotNull(confirmed, "the confirmation arrives on the stream");
                JsonNode outage = JSON.readTree(confirmed.data());
                assertEquals("chatgpt", outage.path("service").asText());
                assertEquals("outage", outage.path("state").asText());
                EventStream.Event status = stream.next("status", Duration.ofSeconds(12));
                assertNotNull(status, "a status summary follows");
                assertEquals("chatgpt", JSON.readTree(status.data()).path("down").get(0).asText());
                seen.addAll(stream.all());
            }
            long lastSeen = seen.stream().mapToLong(EventStream.Event::id).max().orElseThrow();

            // Disconnected while the outage ends: the resolution must not be lost.
            Outages.minutes(node, chatgpt, 60, Outages.RATE, random);
            long published = node.app.feeds().live().lastId();
            assertTrue(published > lastSeen, "events happened while away");
            try (EventStream again = new EventStream(node.app.port(), "", lastSeen)) {
                EventStream.Event resolved = again.next("outage.resolved", Duration.ofSeconds(5));
                assertNotNull(resolved, "the resolution is replayed from the ring");
                List<Long> expected = new ArrayList<>();
                for (long id = lastSeen + 1; id <= published; id++) {
                    expected.add(id);
                }
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> again.all().stream().map(EventStream.Event::id).toList().containsAll(expected));
                List<Long> ids = again.all().stream().map(EventStream.Event::id).toList();
                assertTrue(ids.stream().allMatch(id -> id > lastSeen), "nothing twice");
                assertEquals(ids.stream().sorted().toList(), ids, "in order");
            }
        }
    }

    @Test
    void a_service_filter_keeps_other_services_out_and_an_unknown_slug_is_told() throws Exception {
        try (TestNode node = TestNode.fresh()) {
            LiveEvents live = node.app.feeds().live();
            try (EventStream stream = new EventStream(node.app.port(), "?service=github", null)) {
                waitForSubscriber(node);
                live.publish(new LiveEvent("outage.opened", "chatgpt", "{\"service\":\"chatgpt\"}"));
                live.publish(new LiveEvent("outage.opened", "github", "{\"service\":\"github\"}"));
                EventStream.Event e = stream.next("outage.opened", Duration.ofSeconds(5));
                assertNotNull(e);
                assertEquals("github", JSON.readTree(e.data()).path("service").asText());
            }
            try (EventStream stream = new EventStream(node.app.port(), "?service=nope", null)) {
                assertNotNull(stream.next("error", Duration.ofSeconds(5)));
            }
        }
    }

    private static void waitForSubscriber(TestNode node) {
        await().atMost(Duration.ofSeconds(5)).until(() -> node.app.feeds().live().subscriberCount() > 0);
        assertEquals(1, node.app.feeds().live().subscriberCount());
    }
}
