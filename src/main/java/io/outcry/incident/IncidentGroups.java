package io.outcry.incident;

import io.outcry.catalog.Catalog;
import io.outcry.catalog.French;
import io.outcry.catalog.Service;
import io.outcry.counts.SeriesKey;
import io.outcry.outage.AreaNames;
import io.outcry.outage.Outage;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Groups outages into incidents and names their likely common cause, without SQL or HTTP.
 *
 * <p>Grouping, never by chaining: outages (possible, outage or resolved) are taken by onset; each joins the first
 * group whose earliest onset is at most {@link #WINDOW} before its own and with every member of which it is linked,
 * else it starts a group; of several such groups it takes one that already has its service. Two outages are linked
 * when their spans overlap and they can be about the same thing: one is world-wide (or its service's world-wide
 * outage is in the group), both are in the same country, or both are of the same service. Ties in onset put
 * world-wide outages first, then countries, so a service's parts follow its widest outage. So every two members of an incident overlap in time, and its onsets
 * lie within {@link #WINDOW}; its start is the earliest member's onset.
 *
 * <p>Scope, tried in this order on the members that are not spillover:
 * <ol>
 *   <li>one service: {@link Incident.Scope#SINGLE_SERVICE};
 *   <li>a provider that is itself a member and on which at least half of the other services depend:
 *       {@link Incident.Scope#SHARED_PROVIDER}, confidence 0.5 + 0.5 × the share of services it explains;
 *   <li>at least two unrelated services with outages in one country, and an access provider of that country among the
 *       members: {@link Incident.Scope#REGIONAL_ACCESS}, confidence 0.6 + 0.4 × the share of services in that area;
 *   <li>at least three services depending on one provider that is not reported, and 60% of all: shared provider with
 *       confidence 0.6 × share; at least three unrelated services in one country without their provider: regional
 *       access with confidence 0.4;
 *   <li>otherwise {@link Incident.Scope#COINCIDENCE}, the surer the more spread the onsets: 0.3 + 0.6 × min(1,
 *       spread / 20 min), and half as sure when the members share a provider or an area.
 * </ol>
 */
public final class IncidentGroups {
    /** A group's onsets lie within this of its earliest: later outages start another incident, however they overlap. */
    public static final Duration WINDOW = Duration.ofMinutes(15);
    /** The category of internet and mobile access providers. */
    public static final String ACCESS = "internet-mobile";
    private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HH:mm");

    private IncidentGroups() {}

    /** Incidents of the given outages, newest first, explained with area codes and UTC times. */
    public static List<Incident> of(List<Outage> outages, Catalog catalog, Instant now) {
        return of(outages, catalog, AreaNames.CODES, ZoneOffset.UTC, now);
    }

    /** Incidents of the given outages, newest first; explanations name areas with {@code areas}, times in {@code zone}. */
    public static List<Incident> of(List<Outage> outages, Catalog catalog, AreaNames areas, ZoneId zone, Instant now) {
        List<Outage> kept = outages.stream()
                .filter(o -> o.state() != Outage.State.DISMISSED)
                .sorted(Comparator.comparing(Outage::startedAt).thenComparing(o -> -breadth(o))
                        .thenComparing(Outage::id))
                .toList();
        List<List<Outage>> groups = new ArrayList<>();
        int firstOpen = 0; // groups before this one started more than WINDOW before the current onset
        for (Outage o : kept) {
            while (firstOpen < groups.size()
                    && Duration.between(groups.get(firstOpen).get(0).startedAt(), o.startedAt()).compareTo(WINDOW) > 0) {
                firstOpen++;
            }
            List<Outage> home = null;
            boolean homeHasService = false;
            for (int g = firstOpen; g < groups.size() && !homeHasService; g++) {
                List<Outage> group = groups.get(g);
                boolean close = Duration.between(group.get(0).startedAt(), o.startedAt()).compareTo(WINDOW) <= 0;
                if (close && group.stream().allMatch(m -> linked(m, o, group, now))) {
                    boolean hasService = group.stream().anyMatch(m -> m.serviceId() == o.serviceId());
                    if (home == null || hasService) {
                        home = group;
                        homeHasService = hasService;
                    }
                }
            }
            if (home == null) {
                home = new ArrayList<>();
                groups.add(home);
            }
            home.add(o);
        }
        List<Spillover> spillovers = Spillovers.of(kept, catalog, now);
        List<Incident> out = new ArrayList<>();
        for (List<Outage> members : groups) {
            out.add(incident(members, spillovers, catalog, areas, zone));
        }
        out.sort(Comparator.comparing(Incident::startedAt).reversed().thenComparing(Incident::id));
        return out;
    }

    private static boolean linked(Outage a, Outage b, List<Outage> group, Instant now) {
        if (!overlap(a, b, now)) {
            return false;
        }
        return wide(a, group, now) || wide(b, group, now) || country(a).equals(country(b))
                || a.serviceId() == b.serviceId();
    }

    /** World-wide, or part of its service's world-wide outage in the group (a country's share of it). */
    private static boolean wide(Outage o, List<Outage> group, Instant now) {
        return isWorld(o) || group.stream().anyMatch(w -> isWorld(w) && w.serviceId() == o.serviceId() && overlap(w, o, now));
    }

    static boolean overlap(Outage a, Outage b, Instant now) {
        return !a.startedAt().isAfter(end(b, now)) && !b.startedAt().isAfter(end(a, now));
    }

    static Instant end(Outage o, Instant now) {
        return o.endedAt() != null ? o.endedAt() : now;
    }

    /** 2 world-wide, 1 a country, 0 a region. */
    static int breadth(Outage o) {
        return isWorld(o) ? 2 : o.scope().contains("-") ? 0 : 1;
    }

    static boolean isWorld(Outage o) {
        return SeriesKey.WORLD.equals(o.scope());
    }

    /** The country of a regional outage, {@code *} for a world-wide one. */
    static String country(Outage o) {
        return country(o.scope());
    }

    private record Cause(Incident.Scope scope, double confidence, String cause) {}

    private static Incident incident(List<Outage> members, List<Spillover> allSpillovers, Catalog catalog,
            AreaNames areas, ZoneId zone) {
        Set<UUID> ids = new LinkedHashSet<>();
        members.forEach(o -> ids.add(o.id()));
        List<Spillover> spillovers = allSpillovers.stream()
                .filter(s -> ids.contains(s.outageId()) && ids.contains(s.causeOutageId()))
                .toList();
        Instant start = members.get(0).startedAt();
        Instant lastStart = members.stream().map(Outage::startedAt).max(Comparator.naturalOrder()).orElseThrow();
        boolean open = members.stream().anyMatch(Outage::isOpen);
        Instant end = open ? null
                : members.stream().map(Outage::endedAt).max(Comparator.naturalOrder()).orElseThrow();
        long spread = Duration.between(start, lastStart).toMinutes();

        Cause cause = cause(members, spillovers, catalog, spread);
        if (cause.scope() == Incident.Scope.REGIONAL_ACCESS) {
            // The region's providers are the likely cause there, not people blaming them.
            spillovers = spillovers.stream().filter(s -> members.stream()
                    .noneMatch(o -> o.id().equals(s.outageId()) && country(o).equals(country(cause.cause()))))
                    .toList();
        }
        List<String> regions = sharedRegions(members);
        Incident draft = new Incident(members.get(0).id(), List.copyOf(members), regions, start, end, spread,
                cause.scope(), Math.round(cause.confidence() * 100) / 100.0, cause.cause(), spillovers, Map.of());
        return new Incident(draft.id(), draft.members(), regions, start, end, spread, draft.scope(),
                draft.confidence(), draft.cause(), spillovers, IncidentText.of(draft, catalog, areas, zone));
    }

    /** The country of an area code: {@code FR} for {@code FR-IDF} and for {@code FR}. */
    static String country(String area) {
        return area.contains("-") ? area.substring(0, area.indexOf('-')) : area;
    }

    private static Cause cause(List<Outage> members, List<Spillover> spillovers, Catalog catalog, long spread) {
        Set<UUID> spilled = new java.util.HashSet<>();
        spillovers.forEach(s -> spilled.add(s.outageId()));
        // Regional access is judged on all members: a region's providers are evidence there, not spillover.
        Optional<Cause> regional = regional(members, catalog);
        Map<Integer, Service> services = new LinkedHashMap<>();
        for (Outage o : members) {
            if (!spilled.contains(o.id())) {
                catalog.byId(o.serviceId()).ifPresent(s -> services.put(s.id(), s));
            }
        }
        int n = services.size();
        if (n <= 1 && regional.isEmpty()) {
            return new Cause(Incident.Scope.SINGLE_SERVICE, spilled.isEmpty() ? 1.0 : 0.8, null);
        }
        Map<String, Integer> dependents = new TreeMap<>();
        Set<String> slugs = new TreeSet<>();
        for (Service s : services.values()) {
            slugs.add(s.slug());
            s.dependsOn().forEach(p -> dependents.merge(p, 1, Integer::sum));
        }
        // The provider with most dependents among the members; on a tie, one that is itself reported.
        String provider = null;
        int best = 0;
        int bestKey = 0;
        for (Map.Entry<String, Integer> e : dependents.entrySet()) {
            int key = e.getValue() * 2 + (slugs.contains(e.getKey()) ? 1 : 0);
            if (key > bestKey) {
                provider = e.getKey();
                best = e.getValue();
                bestKey = key;
            }
        }
        if (provider != null && slugs.contains(provider) && n >= 2) {
            double share = (double) (best + 1) / n;
            if (best >= 1 && share >= 0.5) {
                return new Cause(Incident.Scope.SHARED_PROVIDER, 0.5 + 0.5 * share, provider);
            }
        }
        if (regional.isPresent() && regional.get().confidence() >= 0.6) {
            return regional.get();
        }
        if (provider != null && best >= 3 && (double) best / n >= 0.6) {
            return new Cause(Incident.Scope.SHARED_PROVIDER, 0.6 * best / n, provider);
        }
        if (regional.isPresent()) {
            return regional.get();
        }
        if (n <= 1) {
            return new Cause(Incident.Scope.SINGLE_SERVICE, 0.8, null);
        }
        double sure = 0.3 + 0.6 * Math.min(1, spread / 20.0);
        boolean shared = !sharedProviders(List.copyOf(services.values())).isEmpty() || !sharedRegions(members).isEmpty();
        return new Cause(Incident.Scope.COINCIDENCE, shared ? sure / 2 : sure, null);
    }

    /**
     * The country (or region, when all its outages are there) with the most services affected in it, if at least two
     * of them are not access providers and they share no provider.
     */
    private static Optional<Cause> regional(List<Outage> members, Catalog catalog) {
        Map<String, Set<Integer>> servicesByCountry = new TreeMap<>();
        Map<String, Set<String>> scopesByCountry = new TreeMap<>();
        for (Outage o : members) {
            if (!isWorld(o)) {
                servicesByCountry.computeIfAbsent(country(o), k -> new TreeSet<>()).add(o.serviceId());
                scopesByCountry.computeIfAbsent(country(o), k -> new TreeSet<>()).add(o.scope());
            }
        }
        long total = members.stream().mapToInt(Outage::serviceId).distinct().count();
        Optional<Cause> best = Optional.empty();
        int bestCount = 0;
        for (Map.Entry<String, Set<Integer>> e : servicesByCountry.entrySet()) {
            String country = e.getKey();
            List<Service> in = e.getValue().stream().map(catalog::byId).flatMap(Optional::stream).toList();
            List<Service> access = in.stream().filter(s -> s.accessCountries().contains(country)).toList();
            List<Service> others = in.stream().filter(s -> !ACCESS.equals(s.category())).toList();
            if (others.size() < 2 || in.size() <= bestCount || sharesOneProvider(others)) {
                continue;
            }
            double share = (double) in.size() / total;
            Set<String> scopes = scopesByCountry.get(country);
            String area = scopes.size() == 1 ? scopes.iterator().next() : country;
            if (!access.isEmpty() && share >= 0.6) {
                best = Optional.of(new Cause(Incident.Scope.REGIONAL_ACCESS, 0.6 + 0.4 * share, area));
                bestCount = in.size();
            } else if (others.size() >= 3 && share >= 0.6) {
                best = Optional.of(new Cause(Incident.Scope.REGIONAL_ACCESS, 0.4, area));
                bestCount = in.size();
            }
        }
        return best;
    }

    private static boolean sharesOneProvider(List<Service> services) {
        Map<String, Integer> dependents = new HashMap<>();
        services.forEach(s -> s.dependsOn().forEach(p -> dependents.merge(p, 1, Integer::sum)));
        return dependents.values().stream().anyMatch(c -> c == services.size());
    }

    /**
     * The distinct services affected in each area: an outage affects its scope, the regions of its breakdown, and the
     * countries of both (a world-wide outage without a breakdown is placed nowhere in particular).
     */
    static Map<String, Set<Integer>> servicesByArea(List<Outage> members) {
        Map<String, Set<Integer>> byArea = new TreeMap<>();
        for (Outage o : members) {
            List<String> areas = new ArrayList<>(o.regions());
            if (!isWorld(o)) {
                areas.add(o.scope());
            }
            for (String a : areas) {
                byArea.computeIfAbsent(a, k -> new TreeSet<>()).add(o.serviceId());
                byArea.computeIfAbsent(country(a), k -> new TreeSet<>()).add(o.serviceId());
            }
        }
        return byArea;
    }

    /** Areas affected for at least two distinct services, countries before regions. */
    private static List<String> sharedRegions(List<Outage> members) {
        return servicesByArea(members).entrySet().stream()
                .filter(e -> e.getValue().size() >= 2)
                .map(Map.Entry::getKey)
                .sorted(Comparator.comparingInt((String a) -> a.length()).thenComparing(a -> a))
                .toList();
    }

    /**
     * Providers common to at least two of {@code services}: one that two of them depend on, or one of them that
     * another depends on. Each with the services it has in common, by slug.
     */
    static Map<String, Set<String>> sharedProviders(List<Service> services) {
        Set<String> slugs = new TreeSet<>();
        services.forEach(s -> slugs.add(s.slug()));
        Map<String, Set<String>> users = new TreeMap<>();
        for (Service s : services) {
            for (String p : s.dependsOn()) {
                users.computeIfAbsent(p, k -> new TreeSet<>()).add(s.slug());
                if (slugs.contains(p)) {
                    users.get(p).add(p);
                }
            }
        }
        users.values().removeIf(u -> u.size() < 2);
        return users;
    }

    static String hhmm(Instant t, ZoneId zone) {
        return HHMM.format(t.atZone(zone));
    }
}
