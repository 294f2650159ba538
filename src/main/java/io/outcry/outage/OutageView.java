package io.outcry.outage;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import io.outcry.counts.Anonymity;
import io.outcry.catalog.Catalog;
import io.outcry.catalog.French;
import io.outcry.catalog.ProblemKind;
import io.outcry.catalog.Service;
import io.outcry.counts.SeriesKey;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/** The one public shape of an outage, shared by the API and the feeds. */
public final class OutageView {
    private final Catalog catalog;
    private final AreaNames areas;
    private final int windowMinutes;
    private final Function<UUID, Map<String, Object>> annotations;
    private final Breakdown breakdown;

    public OutageView(Catalog catalog, AreaNames areas, int windowMinutes) {
        this(catalog, areas, windowMinutes, id -> Map.of(), null);
    }

    public OutageView(Catalog catalog, AreaNames areas, int windowMinutes,
            Function<UUID, Map<String, Object>> annotations) {
        this(catalog, areas, windowMinutes, annotations, null);
    }

    /**
     * @param annotations extra fields of an outage by id (its incident, spillover), added last to its JSON
     * @param breakdown each region's own state and numbers; null leaves them out (regions are then codes only)
     */
    public OutageView(Catalog catalog, AreaNames areas, int windowMinutes,
            Function<UUID, Map<String, Object>> annotations, Breakdown breakdown) {
        this.catalog = catalog;
        this.areas = areas;
        this.windowMinutes = windowMinutes;
        this.annotations = annotations;
        this.breakdown = breakdown;
    }

    /** Each region's own state and numbers, when this view was given them. */
    public java.util.Optional<Breakdown> breakdown() {
        return java.util.Optional.ofNullable(breakdown);
    }

    public String serviceName(Outage o) {
        return catalog.byId(o.serviceId()).map(Service::name).orElse(o.service());
    }

    public Map<String, String> explanation(Outage o, ZoneId zone) {
        boolean world = SeriesKey.WORLD.equals(o.scope());
        return Explanation.of(o, serviceName(o), world ? null : areas.english(o.scope()),
                world ? null : areas.french(o.scope()), o.peakWindowMinutes(windowMinutes), zone);
    }

    /** Title of a feed entry or notification, in English and French. */
    public Map<String, String> title(Outage o) {
        String name = serviceName(o);
        boolean world = SeriesKey.WORLD.equals(o.scope());
        String en = switch (o.state()) {
            case POSSIBLE -> "Possible problems with " + name;
            case OUTAGE -> name + " is down";
            case RESOLVED -> name + " outage resolved";
            case DISMISSED -> "Problems with " + name + " did not last";
        };
        String fr = switch (o.state()) {
            case POSSIBLE -> "Problèmes possibles avec " + French.named(name);
            case OUTAGE -> French.subject(name) + " est en panne";
            case RESOLVED -> "Panne " + French.of(name) + " résolue";
            case DISMISSED -> "Les problèmes avec " + French.named(name) + " n’ont pas duré";
        };
        if (!world) {
            en += " in " + areas.english(o.scope());
            fr += " (" + areas.french(o.scope()) + ")";
        }
        return Map.of("en", en, "fr", fr);
    }

    /**
     * The outage's peak as every answer shows it (API, feeds, webhooks): when, its observed and expected counts over
     * the window (see {@link Outage}), the minutes the window covers. Expected is rounded to a tenth.
     */
    public Peak peak(Outage o) {
        return new Peak(o.peakAt(), Anonymity.shown(o.peakObserved()), Anonymity.label(o.peakObserved()),
                o.peakExpectedShown(), o.peakWindowMinutes(windowMinutes));
    }

    /** An outage's peak; {@code observedLabel} only when the count is too small to give. */
    public record Peak(Instant at, Integer observed, String observedLabel, double expected, int windowMinutes) {}

    /** What is known about an outage beyond itself: the incident it belongs to, whether it is spillover. */
    public Map<String, Object> annotations(Outage o) {
        return annotations.apply(o.id());
    }

    /**
     * An outage as every JSON answer shows it. Absent (null) fields are left out: {@code scopeName} of a world-wide
     * outage, {@code breakdown} when this view has none, {@code demo} outside an outage's own answer. Annotations
     * (its incident, spillover) come last, each as its own field.
     */
    public record Shown(UUID id, String service, String serviceName, String scope, Map<String, String> scopeName,
            String state, Instant startedAt, Instant detectedAt, Instant confirmedAt, Instant endedAt,
            Instant updatedAt, long durationSeconds, Peak peak, Integer reporters, List<Problem> problems,
            List<String> regions, Breakdown.Shown breakdown, Map<String, String> title,
            Map<String, String> explanation, String url, Boolean demo,
            @JsonAnyGetter Map<String, Object> annotations) {
        /** The same outage with the node's demo flag, as {@code GET /api/v1/outages/{id}} answers it. */
        public Shown withDemo(boolean demo) {
            return new Shown(id, service, serviceName, scope, scopeName, state, startedAt, detectedAt, confirmedAt,
                    endedAt, updatedAt, durationSeconds, peak, reporters, problems, regions, breakdown, title,
                    explanation, url, demo, annotations);
        }
    }

    /** A kind of problem and its share of the outage's reports; its label when the catalog knows the kind. */
    public record Problem(String kind, double share, Map<String, String> label) {}

    public Shown json(Outage o, Instant now, ZoneId zone) {
        boolean world = SeriesKey.WORLD.equals(o.scope());
        // The shares of a handful of reports would tell what each person said.
        List<Outage.ProblemShare> problems = Anonymity.hidden(o.reporters()) ? List.of() : o.problems();
        return new Shown(o.id(), o.service(), serviceName(o), o.scope(),
                world ? null : Map.of("en", areas.english(o.scope()), "fr", areas.french(o.scope())),
                o.state().label(), o.startedAt(), o.detectedAt(), o.confirmedAt(), o.endedAt(), o.updatedAt(),
                o.duration(now).toSeconds(), peak(o), Anonymity.shown(o.reporters()),
                problems.stream().map(this::problem).toList(), o.regions(),
                breakdown == null ? null : breakdown.json(o, now), title(o), explanation(o, zone), "/o/" + o.id(),
                null, annotations.apply(o.id()));
    }

    private Problem problem(Outage.ProblemShare p) {
        ProblemKind kind = catalog.problems().get(p.kind());
        return new Problem(p.kind(), p.share(), kind == null ? null : Map.of("en", kind.nameEn(), "fr", kind.nameFr()));
    }

    public List<Shown> json(List<Outage> outages, Instant now, ZoneId zone) {
        return outages.stream().map(o -> json(o, now, zone)).toList();
    }
}
