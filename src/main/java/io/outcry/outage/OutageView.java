package io.outcry.outage;

import io.outcry.catalog.Catalog;
import io.outcry.catalog.French;
import io.outcry.catalog.ProblemKind;
import io.outcry.catalog.Service;
import io.outcry.counts.SeriesKey;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
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
                world ? null : areas.french(o.scope()), windowMinutes, zone);
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
     * the window (see {@link Outage}), the window's length in minutes. Expected is rounded to a tenth.
     */
    public Map<String, Object> peak(Outage o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", o.peakAt());
        m.put("observed", Anonymity.shown(o.peakObserved()));
        if (Anonymity.hidden(o.peakObserved())) {
            m.put("observedLabel", Anonymity.FEWER);
        }
        m.put("expected", o.peakExpectedShown());
        m.put("windowMinutes", windowMinutes);
        return m;
    }

    /** What is known about an outage beyond itself: the incident it belongs to, whether it is spillover. */
    public Map<String, Object> annotations(Outage o) {
        return annotations.apply(o.id());
    }

    public Map<String, Object> json(Outage o, Instant now, ZoneId zone) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", o.id());
        m.put("service", o.service());
        m.put("serviceName", serviceName(o));
        m.put("scope", o.scope());
        if (!SeriesKey.WORLD.equals(o.scope())) {
            m.put("scopeName", Map.of("en", areas.english(o.scope()), "fr", areas.french(o.scope())));
        }
        m.put("state", o.state().label());
        m.put("startedAt", o.startedAt());
        m.put("detectedAt", o.detectedAt());
        m.put("confirmedAt", o.confirmedAt());
        m.put("endedAt", o.endedAt());
        m.put("updatedAt", o.updatedAt());
        m.put("durationSeconds", o.duration(now).toSeconds());
        m.put("peak", peak(o));
        m.put("reporters", Anonymity.shown(o.reporters()));
        // The shares of a handful of reports would tell what each person said.
        List<Outage.ProblemShare> problems = Anonymity.hidden(o.reporters()) ? List.of() : o.problems();
        m.put("problems", problems.stream().map(p -> {
            ProblemKind kind = catalog.problems().get(p.kind());
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("kind", p.kind());
            pm.put("share", p.share());
            if (kind != null) {
                pm.put("label", Map.of("en", kind.nameEn(), "fr", kind.nameFr()));
            }
            return pm;
        }).toList());
        m.put("regions", o.regions());
        if (breakdown != null) {
            m.put("breakdown", breakdown.json(o, now));
        }
        m.put("title", title(o));
        m.put("explanation", explanation(o, zone));
        m.put("url", "/o/" + o.id());
        m.putAll(annotations.apply(o.id()));
        return m;
    }

    public List<Map<String, Object>> json(List<Outage> outages, Instant now, ZoneId zone) {
        return outages.stream().map(o -> json(o, now, zone)).toList();
    }
}
