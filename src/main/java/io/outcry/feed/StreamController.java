package io.outcry.feed;

import io.javalin.http.sse.SseClient;
import io.outcry.catalog.Catalog;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/stream[?service=slug]}: server-sent events of outage changes and status summaries. Every event
 * carries an id; a client that reconnects with {@code Last-Event-ID} first gets what it missed from the ring buffer.
 * A comment line every heartbeat keeps proxies from closing an idle stream.
 */
public final class StreamController {
    private final LiveEvents events;
    private final Supplier<Catalog> catalog;
    private final Duration heartbeat;

    StreamController(LiveEvents events, Supplier<Catalog> catalog, Duration heartbeat) {
        this.events = events;
        this.catalog = catalog;
        this.heartbeat = heartbeat;
    }

    /** Holds the connection on its (virtual) thread until the client leaves or the node stops. */
    public void stream(SseClient client) {
        String service = client.ctx().queryParam("service");
        if (service != null && (service.isBlank() || catalog.get().bySlug(service).isEmpty())) {
            client.sendEvent("error", "{\"detail\":\"No service has this slug.\"}", null);
            client.close();
            return;
        }
        try (LiveEvents.Subscription s = events.subscribe(lastEventId(client))) {
            client.sendComment("outcry live events");
            for (LiveEvents.Numbered n : s.backlog()) {
                send(client, n, service);
            }
            while (!client.terminated() && !s.ended()) {
                LiveEvents.Numbered n = s.next(heartbeat);
                if (s.ended()) {
                    break;
                }
                if (n == null) {
                    client.sendComment("heartbeat");
                } else {
                    send(client, n, service);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            client.close();
        }
    }

    private static void send(SseClient client, LiveEvents.Numbered n, String service) {
        LiveEvent e = n.event();
        if (service == null || e.service() == null || service.equals(e.service())) {
            client.sendEvent(e.name(), e.data(), Long.toString(n.id()));
        }
    }

    private static long lastEventId(SseClient client) {
        String header = client.ctx().header("Last-Event-ID");
        if (header == null) {
            header = client.ctx().queryParam("lastEventId");
        }
        try {
            return header == null ? 0 : Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
