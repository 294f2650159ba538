package io.outcry.incident;

import io.javalin.http.Context;
import io.outcry.outage.Outage;
import io.outcry.outage.OutageController;
import io.outcry.outage.OutageView;
import io.outcry.web.Params;
import io.outcry.web.Problem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/** {@code GET /api/v1/incidents} and {@code /incidents/{id}}: outages grouped by their likely common cause. */
public final class IncidentController {
    private final RecentIncidents incidents;
    private final Supplier<OutageView> view;
    private final Clock clock;

    public IncidentController(RecentIncidents incidents, Supplier<OutageView> view, Clock clock) {
        this.incidents = incidents;
        this.view = view;
        this.clock = clock;
    }

    /** {@code ?active=true|false&since=&tz=}: newest first; {@code since} defaults to 24 hours ago. */
    public void list(Context ctx) {
        Boolean active = Params.bool(ctx, "active", null);
        Instant now = clock.instant();
        Instant since = Params.instant(ctx, "since", now, now.minus(Duration.ofHours(24)));
        ZoneId zone = OutageController.zone(ctx);
        List<Map<String, Object>> out = incidents.since(since, zone).stream()
                .filter(i -> active == null || i.isOpen() == active)
                .map(i -> json(i, now, zone, false))
                .toList();
        ctx.json(Map.of("incidents", out));
    }

    /** An incident by its id, or by the id of any of its outages. */
    public void get(Context ctx) {
        String text = ctx.pathParam("id");
        UUID id;
        try {
            id = UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw Problem.notFound("No incident has the id " + clip(text) + ".");
        }
        ZoneId zone = OutageController.zone(ctx);
        Incident incident = incidents.byId(id, zone)
                .orElseThrow(() -> Problem.notFound("No incident has the id " + clip(text) + "."));
        ctx.json(json(incident, clock.instant(), zone, true));
    }

    private Map<String, Object> json(Incident i, Instant now, ZoneId zone, boolean full) {
        OutageView v = view.get();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("state", i.isOpen() ? "open" : "ended");
        m.put("scope", i.scope().label());
        m.put("confidence", i.confidence());
        m.put("cause", i.cause());
        m.put("startedAt", i.startedAt());
        m.put("endedAt", i.endedAt());
        m.put("startSpreadMinutes", i.startSpreadMinutes());
        m.put("services", i.serviceCount());
        m.put("regions", i.regions());
        m.put("explanation", i.explanation());
        m.put("members", i.members().stream().map(o -> full ? v.json(o, now, zone) : summary(o, v)).toList());
        m.put("spillover", i.spillovers().stream().map(s -> {
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("outage", s.outageId());
            sm.put("cause", s.causeOutageId());
            sm.put("reason", s.reason());
            return sm;
        }).toList());
        m.put("url", "/api/v1/incidents/" + i.id());
        return m;
    }

    private static Map<String, Object> summary(Outage o, OutageView v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", o.id());
        m.put("service", o.service());
        m.put("serviceName", v.serviceName(o));
        m.put("scope", o.scope());
        m.put("state", o.state().label());
        m.put("startedAt", o.startedAt());
        m.put("endedAt", o.endedAt());
        m.put("url", "/api/v1/outages/" + o.id());
        return m;
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
