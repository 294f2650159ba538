package io.outcry.incident;

import io.outcry.catalog.Catalog;
import io.outcry.outage.AreaNames;
import io.outcry.outage.Outage;
import io.outcry.outage.OutageStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The incidents of the last two days, regrouped when an outage changes or a minute passes; the per-node cache behind
 * the incident API and the {@code incident} and {@code spillover} fields of outages.
 */
public final class RecentIncidents {
    /** Outages that ended longer ago than this are not grouped by default. */
    public static final Duration HORIZON = Duration.ofHours(48);
    private static final List<Outage.State> STATES =
            List.of(Outage.State.POSSIBLE, Outage.State.OUTAGE, Outage.State.RESOLVED);
    private static final int MAX_OUTAGES = 5_000;

    private final OutageStore store;
    private final Supplier<Catalog> catalog;
    private final AreaNames areas;
    private final Clock clock;

    private record Snapshot(Instant minute, Optional<Instant> lastChange, List<Outage> outages, List<Incident> utc) {}

    private volatile Snapshot snapshot;
    private final OfficialComponents.Pages official;

    public RecentIncidents(OutageStore store, Supplier<Catalog> catalog, AreaNames areas, Clock clock) {
        this(store, catalog, areas, clock, (serviceId, from, to) -> List.of());
    }

    /** @param official what providers' status pages said, to confirm a shared provider ({@link OfficialComponents}) */
    public RecentIncidents(OutageStore store, Supplier<Catalog> catalog, AreaNames areas, Clock clock,
            OfficialComponents.Pages official) {
        this.store = store;
        this.catalog = catalog;
        this.areas = areas;
        this.clock = clock;
        this.official = official;
    }

    private List<Incident> group(List<Outage> outages, ZoneId zone, Instant now) {
        return OfficialComponents.confirm(IncidentGroups.of(outages, catalog.get(), areas, zone, now), catalog.get(),
                official, zone, now);
    }

    /** Incidents of outages open or ended since {@code since}, newest first, explained in {@code zone}. */
    public List<Incident> since(Instant since, ZoneId zone) {
        Instant now = clock.instant();
        List<Outage> outages = since.isBefore(now.minus(HORIZON))
                ? store.find(STATES, null, since, MAX_OUTAGES)
                : current().outages();
        List<Incident> all = zone.equals(ZoneOffset.UTC) && !since.isBefore(now.minus(HORIZON)) ? current().utc()
                : group(outages, zone, now);
        return all.stream().filter(i -> i.isOpen() || !i.endedAt().isBefore(since)).toList();
    }

    /** The incident with this id, or the one that has an outage of this id among its members. */
    public Optional<Incident> byId(UUID id, ZoneId zone) {
        List<Incident> all = zone.equals(ZoneOffset.UTC) ? current().utc()
                : group(current().outages(), zone, clock.instant());
        return all.stream().filter(i -> i.id().equals(id)).findFirst()
                .or(() -> all.stream().filter(i -> i.members().stream().anyMatch(o -> o.id().equals(id))).findFirst());
    }

    /**
     * What the outage JSON says about an outage's incident (when it has other members) and spillover; empty when
     * neither applies.
     */
    public Map<String, Object> annotations(UUID outageId) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Incident i : current().utc()) {
            if (i.members().stream().noneMatch(o -> o.id().equals(outageId))) {
                continue;
            }
            if (i.members().size() > 1) {
                Map<String, Object> incident = new LinkedHashMap<>();
                incident.put("id", i.id());
                incident.put("scope", i.scope().label());
                incident.put("explanation", i.explanation());
                incident.put("url", "/api/v1/incidents/" + i.id());
                out.put("incident", incident);
            }
            i.spillovers().stream().filter(s -> s.outageId().equals(outageId)).findFirst().ifPresent(s -> {
                Map<String, Object> spill = new LinkedHashMap<>();
                spill.put("cause", s.causeOutageId());
                spill.put("reason", s.reason());
                out.put("spillover", spill);
            });
            break;
        }
        return out;
    }

    private Snapshot current() {
        Instant now = clock.instant();
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
        Optional<Instant> lastChange = store.lastChange();
        Snapshot s = snapshot;
        if (s == null || !s.minute().equals(minute) || !s.lastChange().equals(lastChange)) {
            List<Outage> outages = store.find(STATES, null, now.minus(HORIZON), MAX_OUTAGES);
            s = new Snapshot(minute, lastChange, outages, group(outages, ZoneOffset.UTC, now));
            snapshot = s;
        }
        return s;
    }
}
