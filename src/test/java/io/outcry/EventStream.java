package io.outcry;

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
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A client of a node's live stream ({@code /api/v1/stream}, server-sent events): reads it on its own thread. */
public final class EventStream implements AutoCloseable {
    /** One server-sent event as a client parses it; {@code id} -1 when it has none. */
    public record Event(long id, String name, String data) {}

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<Event> all = Collections.synchronizedList(new ArrayList<>());
    private final HttpResponse<InputStream> response;
    private final Thread reader;

    /**
     * @param query {@code ?service=…} or empty
     * @param lastEventId the last event a client saw before it reconnected, or null
     */
    public EventStream(int port, String query, Long lastEventId) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/stream"
                + query)).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            b.header("Last-Event-ID", Long.toString(lastEventId));
        }
        response = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        reader = Thread.ofVirtual().start(this::read);
    }

    /** The stream's answer, for its headers. */
    public HttpResponse<InputStream> response() {
        return response;
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

    /** The next event of that name within {@code wait}, skipping others; null when none came. */
    public Event next(String name, Duration wait) throws InterruptedException {
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
    public List<Event> all() {
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
