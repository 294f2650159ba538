package io.outcry.feed;

import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.outcry.web.Problem;
import jakarta.servlet.http.HttpServletResponse;
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

    /**
     * Opens the stream for any client that accepts it: {@code text/event-stream}, {@code text/*}, {@code *}{@code /*}
     * or no Accept header (curl and most HTTP libraries send {@code *}{@code /*}, which Javalin's own SSE route
     * answered with an empty 200). Any other Accept gets 406 with a problem body. Set up as Javalin's SSE route does.
     */
    public void handle(Context ctx) throws java.io.IOException {
        String accept = ctx.header("Accept");
        if (accept != null && !accept.isBlank() && !accept.contains("text/event-stream") && !accept.contains("*/*")
                && !accept.contains("text/*")) {
            throw Problem.of(406, "not-acceptable", "Not acceptable",
                    "This is a stream of server-sent events: accept text/event-stream.");
        }
        HttpServletResponse res = ctx.res();
        res.setStatus(200);
        res.setCharacterEncoding("UTF-8");
        res.setContentType("text/event-stream");
        res.addHeader("Connection", "close");
        res.addHeader("Cache-Control", "no-cache");
        res.addHeader("X-Accel-Buffering", "no");
        res.flushBuffer();
        ctx.async(config -> config.timeout = 0, () -> stream(new SseClient(ctx)));
    }

    /** Holds the connection on its (virtual) thread until the client leaves or the node stops. */
    void stream(SseClient client) {
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
