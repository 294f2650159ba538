package io.outcry.feed;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.LinkedHashMap;
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
public final class StatuspageController {
    static final String PAGE_ID = "outcry";
    /** Outcry does not know when a service was added; components say this instead of an invented date. */
    private static final Instant CATALOG_EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    /** This many services down world-wide at once is a critical indicator. */
    private static final int CRITICAL_AT = 3;

    private final Supplier<Catalog> catalog;
    private final OutageStore store;
    private final Supplier<OutageView> view;
    private final Clock clock;
    private final ObjectMapper json;
    private final Supplier<String> publicUrl;

    StatuspageController(Supplier<Catalog> catalog, OutageStore store, Supplier<OutageView> view, Clock clock,
            Supplier<String> publicUrl) {
        this.publicUrl = publicUrl;
        this.catalog = catalog;
        this.store = store;
        this.view = view;
        this.clock = clock;
        // Statuspage clients expect explicit nulls (group_id, resolved_at …), unlike the rest of the API.
        this.json = Json.mapper().setSerializationInclusion(JsonInclude.Include.ALWAYS);
    }

    /** {@code GET /api/v2/summary.json}: page, components, unresolved incidents, status. */
    public void summary(Context ctx) {
        Snapshot s = snapshot(ctx);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("page", s.page());
        body.put("components", s.components());
        body.put("incidents", s.incidents(true));
        body.put("scheduled_maintenances", List.of());
        body.put("status", s.status());
        send(ctx, body, s);
    }

    /** {@code GET /api/v2/status.json}. */
    public void status(Context ctx) {
        Snapshot s = snapshot(ctx);
        send(ctx, Map.of("page", s.page(), "status", s.status()), s);
    }

    /** {@code GET /api/v2/components.json}. */
    public void components(Context ctx) {
        Snapshot s = snapshot(ctx);
        send(ctx, Map.of("page", s.page(), "components", s.components()), s);
    }

    /** {@code GET /api/v2/incidents.json}: the 50 most recent incidents, resolved ones included. */
    public void incidents(Context ctx) {
        Snapshot s = snapshot(ctx);
        send(ctx, Map.of("page", s.page(), "incidents", s.incidents(false)), s);
    }

    /** {@code GET /api/v2/incidents/unresolved.json}. */
    public void unresolved(Context ctx) {
        Snapshot s = snapshot(ctx);
        send(ctx, Map.of("page", s.page(), "incidents", s.incidents(true)), s);
    }

    private void send(Context ctx, Map<String, Object> body, Snapshot s) {
        try {
            HttpCache.send(ctx, "application/json", json.writeValueAsBytes(new LinkedHashMap<>(body)), s.updatedAt());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

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

        Map<String, Object> page() {
            Map<String, Object> page = new LinkedHashMap<>();
            page.put("id", PAGE_ID);
            page.put("name", "Outcry");
            page.put("url", base);
            page.put("time_zone", "Etc/UTC");
            page.put("updated_at", time(updatedAt));
            return page;
        }

        Map<String, Object> status() {
            long down = open.stream().filter(o -> o.state() == Outage.State.OUTAGE && isWorld(o)).count();
            String indicator = down >= CRITICAL_AT ? "critical" : down > 0 ? "major" : open.isEmpty() ? "none" : "minor";
            String description = switch (indicator) {
                case "none" -> "All Systems Operational";
                case "minor" -> "Minor Service Outage";
                case "major" -> "Partial System Outage";
                default -> "Major System Outage";
            };
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("indicator", indicator);
            status.put("description", description);
            return status;
        }

        /** The worst open episode of each service decides its component status. */
        List<Map<String, Object>> components() {
            Map<Integer, String> worst = new HashMap<>();
            Map<Integer, Instant> changed = new HashMap<>();
            for (Outage o : open) {
                worst.merge(o.serviceId(), componentStatus(o), (a, b) -> rank(a) >= rank(b) ? a : b);
                changed.merge(o.serviceId(), o.updatedAt(), (a, b) -> a.isAfter(b) ? a : b);
            }
            List<Map<String, Object>> out = new ArrayList<>();
            int position = 1;
            for (Service s : catalog.services()) {
                out.add(component(s, worst.getOrDefault(s.id(), "operational"),
                        changed.getOrDefault(s.id(), updatedAt), position++));
            }
            return out;
        }

        private Map<String, Object> component(Service s, String status, Instant updated, int position) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("id", s.slug());
            c.put("name", s.name());
            c.put("status", status);
            c.put("created_at", time(CATALOG_EPOCH));
            c.put("updated_at", time(updated));
            c.put("position", position);
            c.put("description", s.homepage());
            c.put("showcase", true);
            c.put("start_date", null);
            c.put("group_id", null);
            c.put("page_id", PAGE_ID);
            c.put("group", false);
            c.put("only_show_if_degraded", false);
            return c;
        }

        List<Map<String, Object>> incidents(boolean unresolvedOnly) {
            return (unresolvedOnly ? open : recent).stream().map(this::incident).toList();
        }

        private Map<String, Object> incident(Outage o) {
            String id = o.id().toString();
            Service service = catalog.byId(o.serviceId()).orElse(null);
            List<Map<String, Object>> affected = service == null ? List.of()
                    : List.of(component(service, componentStatus(o), o.updatedAt(), 0));
            List<Map<String, Object>> updates = new ArrayList<>();
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
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("name", view.title(o).get("en"));
            m.put("status", incidentStatus(o));
            m.put("created_at", time(o.detectedAt()));
            m.put("updated_at", time(o.updatedAt()));
            m.put("monitoring_at", null);
            m.put("resolved_at", time(o.endedAt()));
            m.put("impact", o.confirmedAt() != null ? "major" : "minor");
            m.put("shortlink", base + "/o/" + id);
            m.put("started_at", time(o.startedAt()));
            m.put("page_id", PAGE_ID);
            m.put("incident_updates", updates);
            m.put("components", affected);
            // Outcry's own addition, which Statuspage clients ignore: what the company's page said, and how late.
            Object official = view.annotations(o).get("official");
            if (official != null) {
                m.put("official", official);
            }
            return m;
        }

        private Map<String, Object> update(Outage o, String status, Instant at, String body,
                List<Map<String, Object>> affected) {
            Map<String, Object> u = new LinkedHashMap<>();
            u.put("id", UUID.nameUUIDFromBytes((o.id() + ":" + status).getBytes(StandardCharsets.UTF_8)).toString());
            u.put("status", status);
            u.put("body", body);
            u.put("incident_id", o.id().toString());
            u.put("created_at", time(at));
            u.put("updated_at", time(at));
            u.put("display_at", time(at));
            u.put("affected_components", affected.stream().map(c -> Map.of("code", c.get("id"), "name", c.get("name"),
                    "old_status", "operational", "new_status", o.isOpen() ? c.get("status") : "operational")).toList());
            u.put("deliver_notifications", true);
            return u;
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
