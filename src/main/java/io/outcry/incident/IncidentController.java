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
        List<View> out = incidents.since(since, zone).stream()
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

    /**
     * An incident as the API shows it; its members are outages in full on its own page ({@code OutageView}'s shape),
     * {@link Member} summaries in lists.
     */
    record View(UUID id, String state, String scope, double confidence, String cause, Instant startedAt,
            Instant endedAt, long startSpreadMinutes, long services, List<String> regions,
            Map<String, String> explanation, List<?> members, List<SpilloverView> spillover, String url) {}

    /** A member outage in a list of incidents. */
    record Member(UUID id, String service, String serviceName, String scope, String state, Instant startedAt,
            Instant endedAt, String url) {}

    /** A member that is probably people blaming their provider for the outage {@code cause}. */
    record SpilloverView(UUID outage, UUID cause, Map<String, String> reason) {}

    private View json(Incident i, Instant now, ZoneId zone, boolean full) {
        OutageView v = view.get();
        return new View(i.id(), i.isOpen() ? "open" : "ended", i.scope().label(), i.confidence(), i.cause(),
                i.startedAt(), i.endedAt(), i.startSpreadMinutes(), i.serviceCount(), i.regions(), i.explanation(),
                i.members().stream().map(o -> full ? v.json(o, now, zone) : summary(o, v)).toList(),
                i.spillovers().stream().map(s -> new SpilloverView(s.outageId(), s.causeOutageId(), s.reason()))
                        .toList(),
                "/api/v1/incidents/" + i.id());
    }

    private static Member summary(Outage o, OutageView v) {
        return new Member(o.id(), o.service(), v.serviceName(o), o.scope(), o.state().label(), o.startedAt(),
                o.endedAt(), "/api/v1/outages/" + o.id());
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
