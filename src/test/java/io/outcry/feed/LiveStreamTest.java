package io.outcry.feed;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outcry.MutableClock;
import io.outcry.TestNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LiveStreamTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One server-sent event as a client parses it. */
    record Event(long id, String name, String data) {}

    /** A streaming SSE client: reads the body line by line on its own thread. */
    static final class Stream implements AutoCloseable {
        final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        final List<Event> all = java.util.Collections.synchronizedList(new ArrayList<>());
        final HttpResponse<InputStream> response;
        private final Thread reader;

        Stream(int port, String query, Long lastEventId) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/stream"
                    + query)).header("Accept", "text/event-stream");
            if (lastEventId != null) {
                b.header("Last-Event-ID", Long.toString(lastEventId));
            }
            response = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            reader = Thread.ofVirtual().start(this::read);
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String id = null;
                String name = "message";
                StringBuilder data = new StringBuilder();
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.isEmpty()) {
                        if (!data.isEmpty()) {
                            Event e = new Event(id == null ? -1 : Long.parseLong(id), name, data.toString());
                            all.add(e);
                            events.add(e);
                        }
                        id = null;
                        name = "message";
                        data.setLength(0);
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).trim();
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).trim());
                    }
                }
            } catch (IOException e) {
                // closed by the test
            }
        }

        Event next(String name, Duration wait) throws InterruptedException {
            long deadline = System.nanoTime() + wait.toNanos();
            for (long left; (left = deadline - System.nanoTime()) > 0; ) {
                Event e = events.poll(left, TimeUnit.NANOSECONDS);
                if (e != null && e.name().equals(name)) {
                    return e;
                }
            }
            return null;
        }

        /** Every event received so far, in order, whatever {@link #next} skipped. */
        List<Event> all() {
            synchronized (all) {
                return List.copyOf(all);
            }
        }

        @Override
        public void close() throws Exception {
            response.body().close();
            reader.join(5_000);
        }
    }

    @Test
    void a_client_hears_an_outage_and_after_a_disconnect_resumes_without_missing_an_event() throws Exception {
        try (TestNode node = TestNode.on(TestNode.freshConfig(), new MutableClock(Outages.NOW.plusSeconds(5)))) {
            int chatgpt = Outages.serviceId(node, "chatgpt");
            Outages.history(node, chatgpt);
            Random random = new Random(11);
            Outages.minutes(node, chatgpt, 10, Outages.RATE, random);

            List<Event> seen = new ArrayList<>();
            try (Stream stream = new Stream(node.app.port(), "", null)) {
                assertEquals("text/event-stream", stream.response.headers().firstValue("Content-Type").orElse("")
                        .split(";")[0]);
                assertEquals("no-cache", stream.response.headers().firstValue("Cache-Control").orElse(null));
                assertEquals("no", stream.response.headers().firstValue("X-Accel-Buffering").orElse(null));
                waitForSubscriber(node);
                Outages.minutes(node, chatgpt, 10, Outages.RATE * 8, random);
                Event confirmed = stream.next("outage.confirmed", Duration.ofSeconds(5));
                assertNotNull(confirmed, "the confirmation arrives on the stream");
                JsonNode outage = JSON.readTree(confirmed.data());
                assertEquals("chatgpt", outage.path("service").asText());
                assertEquals("outage", outage.path("state").asText());
                Event status = stream.next("status", Duration.ofSeconds(12));
                assertNotNull(status, "a status summary follows");
                assertEquals("chatgpt", JSON.readTree(status.data()).path("down").get(0).asText());
                seen.addAll(stream.all());
            }
            long lastSeen = seen.stream().mapToLong(Event::id).max().orElseThrow();

            // Disconnected while the outage ends: the resolution must not be lost.
            Outages.minutes(node, chatgpt, 60, Outages.RATE, random);
            long published = node.app.feeds().live().lastId();
            assertTrue(published > lastSeen, "events happened while away");
            try (Stream again = new Stream(node.app.port(), "", lastSeen)) {
                Event resolved = again.next("outage.resolved", Duration.ofSeconds(5));
                assertNotNull(resolved, "the resolution is replayed from the ring");
                List<Long> expected = new ArrayList<>();
                for (long id = lastSeen + 1; id <= published; id++) {
                    expected.add(id);
                }
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> again.all().stream().map(Event::id).toList().containsAll(expected));
                List<Long> ids = again.all().stream().map(Event::id).toList();
                assertTrue(ids.stream().allMatch(id -> id > lastSeen), "nothing twice");
                assertEquals(ids.stream().sorted().toList(), ids, "in order");
            }
        }
    }

    @Test
    void a_service_filter_keeps_other_services_out_and_an_unknown_slug_is_told() throws Exception {
        try (TestNode node = TestNode.fresh()) {
            LiveEvents live = node.app.feeds().live();
            try (Stream stream = new Stream(node.app.port(), "?service=github", null)) {
                waitForSubscriber(node);
                live.publish(new LiveEvent("outage.opened", "chatgpt", "{\"service\":\"chatgpt\"}"));
                live.publish(new LiveEvent("outage.opened", "github", "{\"service\":\"github\"}"));
                Event e = stream.next("outage.opened", Duration.ofSeconds(5));
                assertNotNull(e);
                assertEquals("github", JSON.readTree(e.data()).path("service").asText());
            }
            try (Stream stream = new Stream(node.app.port(), "?service=nope", null)) {
                assertNotNull(stream.next("error", Duration.ofSeconds(5)));
            }
        }
    }

    private static void waitForSubscriber(TestNode node) {
        await().atMost(Duration.ofSeconds(5)).until(() -> node.app.feeds().live().subscriberCount() > 0);
        assertEquals(1, node.app.feeds().live().subscriberCount());
    }
}
