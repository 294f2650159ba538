package io.outcry.feed;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.javalin.http.Context;
import io.outcry.catalog.Catalog;
import io.outcry.catalog.Service;
import io.outcry.outage.Outage;
import io.outcry.outage.OutageStore;
import io.outcry.outage.OutageView;
import io.outcry.counts.SeriesKey;
import io.outcry.web.HttpCache;
import io.outcry.web.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The Atlassian Statuspage public API v2 shapes ({@code /api/v2/…}), so that tools that read a status page read
 * Outcry: each catalog service is a component, each outage an incident. Possible problems are degraded performance,
 * an investigating incident of minor impact; a world-wide outage is a major outage, identified, of major impact; an
 * outage in some regions only is a partial outage.
 */
public record StatuspageController(Supplier<Catalog> catalog, OutageStore store, Supplier<OutageView> view, Clock clock,
        Supplier<String> publicUrl) {
    static final String PAGE_ID = "outcry";
    /** Outcry does not know when a service was added; components say this instead of an invented date. */
    private static final Instant CATALOG_EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    /** This many services down world-wide at once is a critical indicator. */
    private static final int CRITICAL_AT = 3;
    /** Statuspage clients expect explicit nulls (group_id, resolved_at …), unlike the rest of the API. */
    private static final ObjectMapper JSON = Json.mapper().setSerializationInclusion(JsonInclude.Include.ALWAYS);

    /** {@code GET /api/v2/summary.json}: page, components, unresolved incidents, status. */
    public void summary(Context ctx) {
        Snapshot s = snapshot(ctx);
        send(ctx, new Summary(s.page(), s.components(), s.incidents(true), List.of(), s.status()), s);
    }

    /** {@code GET /api/v2/status.json}. */
    public void status(Context ctx) {
        Snapshot s = snapshot(ctx);
        send(ctx, new PageStatus(s.page(), s.status()), s);
    }

    /** {@code GET /api/v2/components.json}. */
    public void components(Context ctx) {
        Snapshot s = snapshot(ctx);
        send(ctx, new Components(s.page(), s.components()), s);
    }

    /** {@code GET /api/v2/incidents.json}: the 50 most recent incidents, resolved ones included. */
    public void incidents(Context ctx) {
        Snapshot s = snapshot(ctx);
        send(ctx, new Incidents(s.page(), s.incidents(false)), s);
    }

    /** {@code GET /api/v2/incidents/unresolved.json}. */
    public void unresolved(Context ctx) {
        Snapshot s = snapshot(ctx);
        send(ctx, new Incidents(s.page(), s.incidents(true)), s);
    }

    private void send(Context ctx, Object body, Snapshot s) {
        try {
            HttpCache.send(ctx, "application/json", JSON.writeValueAsBytes(body), s.updatedAt());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // The answers' shapes, as Statuspage gives them: snake_case names, absent values as explicit nulls.

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Summary(Page page, List<Component> components, List<Incident> incidents,
            List<Object> scheduledMaintenances, Status status) {}

    record PageStatus(Page page, Status status) {}

    record Components(Page page, List<Component> components) {}

    record Incidents(Page page, List<Incident> incidents) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Page(String id, String name, String url, String timeZone, String updatedAt) {}

    record Status(String indicator, String description) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Component(String id, String name, String status, String createdAt, String updatedAt, int position,
            String description, boolean showcase, String startDate, String groupId, String pageId, boolean group,
            boolean onlyShowIfDegraded) {}

    /** {@code official}, Outcry's own addition that Statuspage clients ignore, only when there is one. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Incident(String id, String name, String status, String createdAt, String updatedAt, String monitoringAt,
            String resolvedAt, String impact, String shortlink, String startedAt, String pageId,
            List<Update> incidentUpdates, List<Component> components,
            @JsonInclude(JsonInclude.Include.NON_NULL) Object official) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Update(String id, String status, String body, String incidentId, String createdAt, String updatedAt,
            String displayAt, List<Affected> affectedComponents, boolean deliverNotifications) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Affected(String code, String name, String oldStatus, String newStatus) {}

    private Snapshot snapshot(Context ctx) {
        Instant updated = store.lastChange().orElse(null);
        Instant tick = store.lastTick().map(t -> t.plusSeconds(60)).orElse(null);
        if (updated == null || (tick != null && tick.isAfter(updated))) {
            updated = tick;
        }
        return new Snapshot(publicUrl.get(), catalog.get(), store.open(),
                store.find(List.of(Outage.State.POSSIBLE, Outage.State.OUTAGE, Outage.State.RESOLVED), null, null,
                        FeedContent.ITEMS),
                view.get(), updated == null ? clock.instant() : updated);
    }

    /** One consistent read of everything a v2 answer shows. */
    private record Snapshot(String base, Catalog catalog, List<Outage> open, List<Outage> recent, OutageView view,
            Instant updatedAt) {

        Page page() {
            return new Page(PAGE_ID, "Outcry", base, "Etc/UTC", time(updatedAt));
        }

        Status status() {
            long down = open.stream().filter(o -> o.state() == Outage.State.OUTAGE && isWorld(o)).count();
            String indicator = down >= CRITICAL_AT ? "critical" : down > 0 ? "major" : open.isEmpty() ? "none" : "minor";
            String description = switch (indicator) {
                case "none" -> "All Systems Operational";
                case "minor" -> "Minor Service Outage";
                case "major" -> "Partial System Outage";
                default -> "Major System Outage";
            };
            return new Status(indicator, description);
        }

        /** The worst open episode of each service decides its component status. */
        List<Component> components() {
            Map<Integer, String> worst = new HashMap<>();
            Map<Integer, Instant> changed = new HashMap<>();
            for (Outage o : open) {
                worst.merge(o.serviceId(), componentStatus(o), (a, b) -> rank(a) >= rank(b) ? a : b);
                changed.merge(o.serviceId(), o.updatedAt(), (a, b) -> a.isAfter(b) ? a : b);
            }
            List<Component> out = new ArrayList<>();
            int position = 1;
            for (Service s : catalog.services()) {
                out.add(component(s, worst.getOrDefault(s.id(), "operational"),
                        changed.getOrDefault(s.id(), updatedAt), position++));
            }
            return out;
        }

        private Component component(Service s, String status, Instant updated, int position) {
            return new Component(s.slug(), s.name(), status, time(CATALOG_EPOCH), time(updated), position,
                    s.homepage(), true, null, null, PAGE_ID, false, false);
        }

        List<Incident> incidents(boolean unresolvedOnly) {
            return (unresolvedOnly ? open : recent).stream().map(this::incident).toList();
        }

        private Incident incident(Outage o) {
            String id = o.id().toString();
            Service service = catalog.byId(o.serviceId()).orElse(null);
            List<Component> affected = service == null ? List.of()
                    : List.of(component(service, componentStatus(o), o.updatedAt(), 0));
            List<Update> updates = new ArrayList<>();
            String explanation = view.explanation(o, ZoneOffset.UTC).get("en");
            if (o.endedAt() != null) {
                updates.add(update(o, "resolved", o.endedAt(), o.state() == Outage.State.RESOLVED
                        ? "Reports are back to their usual level." : "The problems did not last.", affected));
            }
            if (o.confirmedAt() != null) {
                updates.add(update(o, "identified", o.confirmedAt(), explanation, affected));
            }
            updates.add(update(o, "investigating", o.detectedAt(),
                    o.confirmedAt() == null ? explanation : "More people than usual report problems.", affected));
            // What the company's page said, and how late.
            return new Incident(id, view.title(o).get("en"), incidentStatus(o), time(o.detectedAt()),
                    time(o.updatedAt()), null, time(o.endedAt()), o.confirmedAt() != null ? "major" : "minor",
                    base + "/o/" + id, time(o.startedAt()), PAGE_ID, updates, affected,
                    view.annotations(o).get("official"));
        }

        private Update update(Outage o, String status, Instant at, String body, List<Component> affected) {
            UUID id = UUID.nameUUIDFromBytes((o.id() + ":" + status).getBytes(StandardCharsets.UTF_8));
            return new Update(id.toString(), status, body, o.id().toString(), time(at), time(at), time(at),
                    affected.stream().map(c -> new Affected(c.id(), c.name(), "operational",
                            o.isOpen() ? c.status() : "operational")).toList(), true);
        }
    }
    static String componentStatus(Outage o) {
        if (!o.isOpen()) {
            return "operational";
        }
        if (o.state() == Outage.State.POSSIBLE) {
            return "degraded_performance";
        }
        return isWorld(o) ? "major_outage" : "partial_outage";
    }

    static String incidentStatus(Outage o) {
        return switch (o.state()) {
            case POSSIBLE -> "investigating";
            case OUTAGE -> "identified";
            case RESOLVED, DISMISSED -> "resolved";
        };
    }

    private static int rank(String componentStatus) {
        return switch (componentStatus) {
            case "major_outage" -> 3;
            case "partial_outage" -> 2;
            case "degraded_performance" -> 1;
            default -> 0;
        };
    }

    private static boolean isWorld(Outage o) {
        return SeriesKey.WORLD.equals(o.scope());
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }
}
