package io.outcry.feed;

import io.outcry.catalog.Catalog;
import io.outcry.catalog.Service;
import io.outcry.outage.Outage;
import io.outcry.outage.OutageStore;
import io.outcry.outage.OutageView;
import io.outcry.outage.Remark;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The confirmed outages a feed lists (states outage and resolved, newest first) turned into entries. */
final class FeedContent {
    static final int ITEMS = 50;

    private final Supplier<Catalog> catalog;
    private final OutageStore store;
    private final Supplier<OutageView> view;

    FeedContent(Supplier<Catalog> catalog, OutageStore store, Supplier<OutageView> view) {
        this.catalog = catalog;
        this.store = store;
        this.view = view;
    }

    /** The outages of one service, or of all services when {@code service} is empty. */
    List<Outage> outages(Optional<Service> service) {
        return store.find(List.of(Outage.State.OUTAGE, Outage.State.RESOLVED), service.map(Service::id).orElse(null),
                null, ITEMS);
    }

    Optional<Instant> lastChange() {
        return store.lastChange();
    }

    List<Entry> entries(List<Outage> outages, FeedRequest request, ZoneId zone) {
        OutageView v = view.get();
        Catalog c = catalog.get();
        return outages.stream().map(o -> {
            String category = c.byId(o.serviceId()).map(Service::category).orElse("other");
            Map<String, Object> annotations = new java.util.LinkedHashMap<>(v.annotations(o));
            // Each region with its own state and numbers, as the API gives them (JSON Feed's _outcry carries them).
            v.breakdown().filter(b -> !o.regions().isEmpty())
                    .ifPresent(b -> annotations.put("breakdown", b.json(o, o.updatedAt())));
            String text = v.explanation(o, zone).get(request.lang()) + together(annotations, request.lang())
                    + official(annotations, request.lang());
            return new Entry(o, request.base() + "/o/" + o.id(), v.title(o).get(request.lang()), text,
                    o.confirmedAt() != null ? o.confirmedAt() : o.startedAt(), o.updatedAt(),
                    List.of(o.service(), category, o.scope(), o.state().label()), v.peak(o), annotations);
        }).toList();
    }

    /** The incident's explanation, when the outage is part of one, to read after the outage's own. */
    private static String together(Map<String, Object> annotations, String lang) {
        if (annotations.get("incident") instanceof Map<?, ?> incident
                && incident.get("explanation") instanceof Map<?, ?> explanation
                && explanation.get(lang) instanceof String text) {
            return " " + text;
        }
        return "";
    }

    /** What the official page said of it, in a sentence, when the catalog names one for the service. */
    private static String official(Map<String, Object> annotations, String lang) {
        if (annotations.get("official") instanceof Remark official
                && official.sentence().get(lang) instanceof String text) {
            return " " + text;
        }
        return "";
    }

    Catalog catalog() {
        return catalog.get();
    }
}
