package io.outcry.official;

import io.javalin.http.Context;
import io.outcry.catalog.Catalog;
import io.outcry.catalog.Service;
import io.outcry.outage.Outage;
import io.outcry.outage.OutageController;
import io.outcry.outage.OutageStore;
import io.outcry.web.Params;
import io.outcry.web.Problem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** Official status over HTTP: a service's line, an outage's timeline, and the crowd-against-company figures. */
public record OfficialStatusController(Supplier<Catalog> catalog, OfficialView view, OutageStore outages, Clock clock) {

    /** {@code GET /api/v1/services/{slug}/official?tz=}: the official line; {@code "state": "none"} without a page. */
    public void service(Context ctx) {
        Service s = service(ctx.pathParam("slug"));
        OfficialView.Line line = view.line(s, clock.instant(), OutageController.zone(ctx));
        ctx.json(line != null ? line : OfficialView.Line.none(s));
    }

    /** {@code GET /api/v1/outages/{id}/official?tz=}: crowd and official events on one timeline, and the lead. */
    public void outage(Context ctx) {
        UUID id;
        try {
            id = UUID.fromString(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw Problem.notFound("No outage has the id '" + ctx.pathParam("id") + "'.");
        }
        Outage o = outages.byId(id).orElseThrow(() -> Problem.notFound("No outage has the id '" + id + "'."));
        ctx.json(view.timeline(o, clock.instant(), OutageController.zone(ctx)));
    }

    /** {@code GET /api/v1/services/{slug}/reliability?days=30}. */
    public void serviceReliability(Context ctx) {
        Service s = service(ctx.pathParam("slug"));
        ctx.json(reliability(ctx, Set.of(s.id()), s.slug()));
    }

    /** {@code GET /api/v1/reliability?days=30}: every service with an official page together. */
    public void overallReliability(Context ctx) {
        Set<Integer> ids = catalog.get().services().stream().map(Service::id).collect(Collectors.toSet());
        ctx.json(reliability(ctx, ids, null));
    }

    private Figures reliability(Context ctx, Set<Integer> ids, String slug) {
        int days = Params.integer(ctx, "days", 30, 1, 120);
        Instant to = clock.instant();
        Instant from = to.minus(Duration.ofDays(days));
        List<Outage> episodes = outages.find(List.of(Outage.State.OUTAGE, Outage.State.RESOLVED),
                ids.size() == 1 ? ids.iterator().next() : null, from, 10_000);
        Reliability.Figures f = view.reliability(ids, episodes, from, to);
        Period p = new Period(f.from(), f.to(), days);
        return new Figures(slug, p,
                new Figure(f.medianLeadMinutes(), f.leadBasedOn(), p, "median minutes from reports rising to the "
                        + "official acknowledgement; positive when the crowd was first"),
                new Figure(f.officialNeverSeen(), f.officialIncidents(), p,
                        "official incidents with no crowd outage around them"),
                new Figure(f.crowdNeverAcknowledged(), f.crowdJudged(), p,
                        "ended crowd outages the official page never acknowledged, while Outcry was reading it"),
                new Figure(f.crowdMinutesPer30Days(), f.crowdEvents(), p,
                        "minutes of confirmed crowd outage per 30 days"),
                new Figure(f.officialMinutesPer30Days(), f.officialIncidents(), p,
                        "minutes of official incidents per 30 days, from the start they state to their resolution"));
    }

    /** The crowd against the company over a period, for one service ({@code service} given) or all together. */
    record Figures(String service, Period period, Figure medianLeadMinutes, Figure officialNeverSeenByCrowd,
            Figure crowdNeverAcknowledged, Figure crowdMinutesPer30Days, Figure officialMinutesPer30Days) {}

    record Period(Instant from, Instant to, int days) {}

    /** A figure, how many events it rests on, over which period, and what it means; no value when none apply. */
    record Figure(Object value, int basedOn, Period period, String meaning) {}

    private Service service(String slug) {
        return catalog.get().bySlug(slug).orElseThrow(() -> Problem.notFound("No service has the slug '" + slug
                + "'."));
    }
}
