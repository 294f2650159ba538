package io.outcry.official;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outcry.catalog.Catalog;
import io.outcry.catalog.Service;
import io.outcry.feed.LiveEvent;
import io.outcry.feed.LiveEvents;
import io.outcry.outage.OutageStore;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Official status wired together: what {@code App} builds; the poller exists only when it is on.
 *
 * @param store the sources, poll states and incidents; tests point the sources at their own local servers
 * @param view what people see of official status: lines, incidents, timelines
 * @param job the poller, or null when off; tests with a hand-driven clock call {@link OfficialStatusJob#pollDue()}
 */
public record OfficialStatus(OfficialStatusStore store, OfficialView view, OfficialStatusController controller,
        OfficialStatusJob job) implements AutoCloseable {
    /** Where the poller reads and how often: the catalog's sources from the web, or the demo's in-process page. */
    public record Sources(List<OfficialSource> sources, OfficialStatusJob.Reader reader, Duration interval) {
        public static Sources web(OfficialSettings c, ObjectMapper json, Clock clock) {
            return new Sources(OfficialSources.fromCatalog(json), OfficialStatusJob.webReader(c, clock),
                    c.interval());
        }
    }

    /**
     * Builds the store, the views and the controller; when {@code config.enabled()}, also the poller, with its
     * sources brought up to date and its changes told on the live stream once per service they concern.
     */
    public static OfficialStatus wire(OfficialSettings config, Supplier<Sources> sources,
            OfficialStatusStore store, Supplier<Catalog> catalog, OutageStore outages, LiveEvents live, ObjectMapper json,
            Clock clock) {
        OfficialView view = new OfficialView(store, catalog);
        OfficialStatusController controller = new OfficialStatusController(catalog, view, outages, clock);
        if (!config.enabled()) {
            return new OfficialStatus(store, view, controller, null);
        }
        Sources s = sources.get();
        Map<String, Integer> ids = new HashMap<>();
        catalog.get().services().forEach(service -> ids.put(service.slug(), service.id()));
        store.seed(s.sources(), ids, clock.instant());
        OfficialStatusJob job = new OfficialStatusJob(store, s.reader(), clock, s.interval(), config.timeout(),
                config.concurrency());
        job.subscribe(changes -> {
            Map<Integer, Map<String, List<String>>> links = store.links();
            for (OfficialChange change : changes) {
                OfficialStatusStore.Stored stored = new OfficialStatusStore.Stored(change.page(), change.incident());
                links.forEach((serviceId, pages) -> {
                    if (pages.containsKey(change.page()) && !OfficialView.concerning(
                            Map.of(change.page(), pages.get(change.page())), List.of(stored)).isEmpty()) {
                        catalog.get().byId(serviceId).ifPresent(service -> live.publish(new LiveEvent(
                                change.kind().eventName(), service.slug(), event(json, service, change))));
                    }
                });
            }
        });
        return new OfficialStatus(store, view, controller, job);
    }

    private static String event(ObjectMapper json, Service service, OfficialChange change) {
        try {
            return json.writeValueAsString(new Event(service.slug(), change.page(), change.incident()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A live event of an official incident: the service it concerns, the page that said it, the incident. */
    record Event(String service, String source, OfficialIncident incident) {}

    public void start() {
        if (job != null) {
            job.start();
        }
    }

    @Override
    public void close() {
        if (job != null) {
            job.close();
        }
    }
}
