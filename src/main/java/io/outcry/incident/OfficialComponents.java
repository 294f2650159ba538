package io.outcry.incident;

import io.outcry.catalog.Catalog;
import io.outcry.catalog.Service;
import io.outcry.official.OfficialIncident;
import io.outcry.outage.Outage;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Official components in incident grouping: when services that run on one provider spike together and that provider's
 * own status page reports a disruption at the same time (Cloudflare while ten sites behind it spike, AWS us-east-1
 * while its dependants do), the incident is that provider's, with high confidence, whatever the crowd said of the
 * provider itself. The provider must be named by at least two members' {@code dependsOn} and by at least half of
 * them; its disruption must overlap the incident's span within {@link IncidentGroups#SLACK}.
 */
public final class OfficialComponents {
    /** An official incident acknowledged this long before or after the crowd's incident is taken as the same one. */
    private static final Duration AROUND = Duration.ofMinutes(30);
    /** Confidence of a provider attribution that its own status page confirms. */
    static final double CONFIRMED = 0.9;
    private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HH:mm");

    /** The disruptions a service's official page reported over a span. */
    public interface Pages {
        List<OfficialIncident> disruptions(int serviceId, Instant from, Instant to);
    }

    private OfficialComponents() {}

    /** The incidents, with those a provider's page confirms attributed to it; the others unchanged. */
    public static List<Incident> confirm(List<Incident> incidents, Catalog catalog, Pages pages, ZoneId zone,
            Instant now) {
        List<Incident> out = new ArrayList<>(incidents.size());
        for (Incident i : incidents) {
            out.add(confirm(i, catalog, pages, zone, now));
        }
        return out;
    }

    static Incident confirm(Incident i, Catalog catalog, Pages pages, ZoneId zone, Instant now) {
        Set<Integer> ids = i.members().stream().map(Outage::serviceId).collect(Collectors.toSet());
        if (ids.size() < 2) {
            return i;
        }
        Map<String, Integer> dependants = new LinkedHashMap<>();
        for (Integer id : ids) {
            catalog.byId(id).ifPresent(s -> s.dependsOn().forEach(p -> dependants.merge(p, 1, Integer::sum)));
        }
        Map<String, Service> bySlug = new HashMap<>();
        catalog.services().forEach(s -> bySlug.put(s.slug(), s));
        String best = null;
        for (Map.Entry<String, Integer> e : dependants.entrySet()) {
            Service provider = bySlug.get(e.getKey());
            if (provider == null) {
                continue;
            }
            int others = ids.size() - (ids.contains(provider.id()) ? 1 : 0);
            if (e.getValue() >= 2 && e.getValue() * 2 >= others
                    && (best == null || e.getValue() > dependants.get(best))) {
                best = e.getKey();
            }
        }
        if (best == null) {
            return i;
        }
        Service provider = bySlug.get(best);
        Instant to = i.endedAt() == null ? now : i.endedAt();
        List<OfficialIncident> said = pages.disruptions(provider.id(), i.startedAt().minus(AROUND),
                to.plus(AROUND));
        if (said.isEmpty()) {
            return i;
        }
        OfficialIncident first = said.getFirst();
        String at = HHMM.format(first.acknowledgedAt().atZone(zone));
        String where = first.regions().isEmpty() ? "" : " (" + String.join(", ", first.regions()) + ")";
        Map<String, String> explanation = new LinkedHashMap<>();
        explanation.put("en", i.explanation().getOrDefault("en", "") + " " + provider.name()
                + "'s status page reported '" + first.title() + "'" + where + " at " + at + ".");
        explanation.put("fr", i.explanation().getOrDefault("fr", "") + " La page de statut de " + provider.name()
                + " a signalé « " + first.title() + " »" + where + " à " + at + ".");
        return new Incident(i.id(), i.members(), i.regions(), i.startedAt(), i.endedAt(), i.startSpreadMinutes(),
                Incident.Scope.SHARED_PROVIDER, Math.max(i.confidence(), CONFIRMED), best, i.spillovers(),
                explanation);
    }
}
