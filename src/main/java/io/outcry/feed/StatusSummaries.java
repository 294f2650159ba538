package io.outcry.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outcry.catalog.Catalog;
import io.outcry.outage.Outage;
import io.outcry.outage.OutageStore;
import io.outcry.counts.SeriesKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a {@code status} summary (which services are down or troubled) on the live stream after outages change,
 * at most once per interval however many change: the first change is told at once, later ones are folded into one
 * summary at the end of the interval. Runs on its own thread, so the detector never waits for it.
 */
final class StatusSummaries {
    private static final Logger log = LoggerFactory.getLogger(StatusSummaries.class);

    private final LiveEvents events;
    private final OutageStore store;
    private final Supplier<Catalog> catalog;
    private final ObjectMapper json;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final long intervalNanos;
    private long lastSentNanos;
    private boolean pending;

    StatusSummaries(LiveEvents events, OutageStore store, Supplier<Catalog> catalog, ObjectMapper json, Clock clock,
            ScheduledExecutorService scheduler, Duration interval) {
        this.events = events;
        this.store = store;
        this.catalog = catalog;
        this.json = json;
        this.clock = clock;
        this.scheduler = scheduler;
        this.intervalNanos = interval.toNanos();
        this.lastSentNanos = System.nanoTime() - intervalNanos;
    }

    /** Something changed: a summary is due now or at the end of the current interval. */
    synchronized void changed() {
        if (pending) {
            return;
        }
        pending = true;
        long wait = Math.max(0, lastSentNanos + intervalNanos - System.nanoTime());
        scheduler.schedule(this::send, wait, TimeUnit.NANOSECONDS);
    }

    private void send() {
        synchronized (this) {
            pending = false;
            lastSentNanos = System.nanoTime();
        }
        try {
            events.publish(new LiveEvent("status", null, json.writeValueAsString(summary())));
        } catch (JsonProcessingException | RuntimeException e) {
            log.warn("Could not publish a status summary", e);
        }
    }

    /** A {@code status} event: the services down world-wide, with possible problems, with problems in some areas. */
    record Summary(java.time.Instant at, long services, List<String> down, List<String> possible,
            List<Regional> regional) {}

    /** A service's open outage below the world. */
    record Regional(String service, String scope, String state) {}

    Summary summary() {
        List<String> down = new ArrayList<>();
        List<String> possible = new ArrayList<>();
        List<Regional> regional = new ArrayList<>();
        for (Outage o : store.open()) {
            if (!SeriesKey.WORLD.equals(o.scope())) {
                regional.add(new Regional(o.service(), o.scope(), o.state().label()));
            } else if (o.state() == Outage.State.OUTAGE) {
                down.add(o.service());
            } else {
                possible.add(o.service());
            }
        }
        return new Summary(clock.instant(), catalog.get().services().size(), down, possible, regional);
    }
}
