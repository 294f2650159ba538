package io.outcry.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outcry.catalog.Catalog;
import io.outcry.outage.DetectionJob;
import io.outcry.outage.OutageChange;
import io.outcry.outage.OutageStore;
import io.outcry.outage.OutageView;
import io.outcry.web.AdminAuth;
import io.outcry.web.PublicTarget;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The feeds for programs, wired together: what {@code App} builds and {@code Routes} lays out.
 *
 * @param courier the webhook deliveries of this node (tests shorten its retry delay)
 * @param live where other sources (a multi-node bridge) publish live events
 * @param peers where notices of other nodes' committed changes go, relayed to this node's live stream
 */
public record Feeds(FeedController feed, StatuspageController statuspage, StreamController stream,
        WebhookController webhooks, ApiDocController docs, LiveEvents live, PeerEvents peers, WebhookCourier courier,
        ScheduledExecutorService scheduler) implements AutoCloseable {
    /**
     * Builds the feeds and subscribes the live stream and the webhooks to the detector's committed changes; changes of
     * other nodes, handed to {@link #peerNotices()}, reach the live stream only.
     */
    public static Feeds wire(Supplier<Catalog> catalog, OutageStore store, Supplier<OutageView> view,
            DetectionJob detection, WebhookStore webhookStore, String adminToken, ObjectMapper json, Clock clock,
            String node, boolean webhooksToPrivate, Supplier<String> publicUrl) {
        PublicTarget target = new PublicTarget(webhooksToPrivate, "url", "webhooks");
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("feeds").daemon().unstarted(r));
        LiveEvents live = new LiveEvents(1_000, 256, clock.millis() * 1_000);
        StatusSummaries summaries = new StatusSummaries(live, store, catalog, json, clock, scheduler,
                Duration.ofSeconds(10));
        Consumer<OutageChange> toStream = change -> {
            live.publish(new LiveEvent(eventName(change.kind()), change.outage().service(),
                    outageJson(json, view.get(), change, clock)));
            summaries.changed();
        };
        detection.subscribe(toStream);
        PeerEvents peers = new PeerEvents(node, store, json, toStream);
        WebhookCourier courier = new WebhookCourier(webhookStore, json, view, clock, Duration.ofSeconds(1),
                target);
        detection.subscribe(courier);
        return new Feeds(new FeedController(new FeedContent(catalog, store, view), json, clock,
                        detection::minutesProcessed, publicUrl),
                new StatuspageController(catalog, store, view, clock, publicUrl),
                new StreamController(live, catalog, Duration.ofSeconds(15)),
                new WebhookController(webhookStore, new AdminAuth(adminToken), catalog, clock, target),
                new ApiDocController(), live, peers, courier, scheduler);
    }

    /** {@code outage.opened}, {@code outage.confirmed} …: the name of a change on the stream and in webhooks. */
    static String eventName(OutageChange.Kind kind) {
        return "outage." + kind.name().toLowerCase(Locale.ROOT);
    }

    static String outageJson(ObjectMapper json, OutageView view, OutageChange change, Clock clock) {
        try {
            return json.writeValueAsString(view.json(change.outage(), clock.instant(), ZoneOffset.UTC));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where notices of other nodes' committed changes go (the payloads heard on {@link OutageStore#CHANNEL}). */
    public Consumer<String> peerNotices() {
        return peers;
    }

    /** Changes of other nodes relayed to this node's live stream, since start. */
    public long peerEventsRelayed() {
        return peers.relayed();
    }

    /** Ends live streams and background work; called before HTTP stops so open streams do not hold it. */
    @Override
    public void close() {
        live.close();
        courier.close();
        scheduler.shutdownNow();
    }
}
