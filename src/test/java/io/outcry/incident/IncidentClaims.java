package io.outcry.incident;

import io.outcry.catalog.Catalog;
import io.outcry.catalog.Service;
import io.outcry.outage.Outage;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Checks what an incident says against its members' own data, independently of how {@link IncidentGroups} decided
 * it: the group's start and window, that members overlap and can be about one place, and each claim of its English
 * text (shared region, shared provider, coincidence, spillover). Returns what does not hold; empty when all does.
 */
public final class IncidentClaims {
    private IncidentClaims() {}

    public static List<String> violations(Incident i, Catalog catalog, ZoneId zone, Instant now) {
        List<String> out = new ArrayList<>();
        List<Outage> members = i.members();
        Instant earliest = members.stream().map(Outage::startedAt).min(Instant::compareTo).orElseThrow();
        if (!i.startedAt().equals(earliest)) {
            out.add("starts at " + i.startedAt() + ", its earliest member at " + earliest);
        }
        String en = i.explanation().get("en");
        String start = DateTimeFormatter.ofPattern("HH:mm").format(earliest.atZone(zone));
        if (!en.contains("since " + start) && !en.contains("from " + start)) {
            out.add("does not say its start " + start + ": " + en);
        }
        for (Outage a : members) {
            if (Duration.between(earliest, a.startedAt()).compareTo(IncidentGroups.WINDOW) > 0) {
                out.add(a.service() + " starts " + Duration.between(earliest, a.startedAt()).toMinutes()
                        + " min after the incident");
            }
            for (Outage b : members) {
                if (a == b) {
                    continue;
                }
                if (a.startedAt().isAfter(end(b, now)) || b.startedAt().isAfter(end(a, now))) {
                    out.add(a.service() + " and " + b.service() + " do not overlap in time");
                }
                if (!wide(a, members, now) && !wide(b, members, now)
                        && !country(a.scope()).equals(country(b.scope())) && a.serviceId() != b.serviceId()) {
                    out.add(a.service() + " in " + a.scope() + " and " + b.service() + " in " + b.scope()
                            + " are different services in different countries");
                }
            }
        }
        Set<UUID> spilled = new HashSet<>();
        i.spillovers().forEach(s -> spilled.add(s.outageId()));
        List<Outage> named = members.stream().filter(o -> !spilled.contains(o.id())).toList();
        List<Service> services = named.stream().map(Outage::serviceId).distinct().map(catalog::byId)
                .flatMap(java.util.Optional::stream).toList();
        boolean shareArea = shareArea(named);
        boolean shareProvider = shareProvider(services);
        if (en.contains("share no known provider or region") && (shareArea || shareProvider)) {
            out.add("says they share no provider or region, but they share " + (shareArea ? "an area" : "a provider"));
        }
        if (en.contains("share no known provider") && shareProvider) {
            out.add("says they share no provider, but they do");
        }
        if (en.contains("probably a coincidence") && (shareArea || shareProvider)) {
            out.add("calls it a coincidence though they share " + (shareArea ? "an area" : "a provider"));
        }
        if (en.contains("they all run on") && i.cause() != null) {
            for (Service s : services) {
                if (!s.slug().equals(i.cause()) && !s.dependsOn().contains(i.cause())) {
                    out.add("says all run on " + i.cause() + ", but " + s.slug() + " does not");
                }
            }
        }
        Map<UUID, Outage> byId = new HashMap<>();
        members.forEach(o -> byId.put(o.id(), o));
        for (Spillover s : i.spillovers()) {
            Outage p = byId.get(s.outageId());
            Outage c = byId.get(s.causeOutageId());
            if (p == null || c == null) {
                out.add("spillover names an outage that is not a member");
                continue;
            }
            Service provider = catalog.byId(p.serviceId()).orElseThrow();
            if (!IncidentGroups.ACCESS.equals(provider.category())) {
                out.add("spillover put on " + provider.slug() + ", not an access provider");
            }
            long after = Duration.between(c.startedAt(), p.startedAt()).toMinutes();
            if (after < -2 || after > 15) {
                out.add("spillover of " + p.service() + " started " + after + " min after its cause");
            }
            double excessP = p.peakObserved() - p.peakExpected();
            double excessC = c.peakObserved() - c.peakExpected();
            if (excessP > 0.25 * excessC) {
                out.add("spillover of " + p.service() + " has " + Math.round(excessP) + " extra reporters, its cause "
                        + Math.round(excessC) + ": not explained by it");
            }
        }
        return out;
    }

    /** World-wide, or overlapping its own service's world-wide outage among the members. */
    private static boolean wide(Outage o, List<Outage> members, Instant now) {
        return o.scope().equals("*") || members.stream().anyMatch(w -> w.scope().equals("*")
                && w.serviceId() == o.serviceId() && !w.startedAt().isAfter(end(o, now))
                && !o.startedAt().isAfter(end(w, now)));
    }

    private static Instant end(Outage o, Instant now) {
        return o.endedAt() != null ? o.endedAt() : now;
    }

    private static String country(String area) {
        int dash = area.indexOf('-');
        return dash > 0 ? area.substring(0, dash) : area;
    }

    /** Two distinct services affected in one area (scope, regional breakdown, or their countries). */
    private static boolean shareArea(List<Outage> outages) {
        Map<String, Set<Integer>> byArea = new HashMap<>();
        for (Outage o : outages) {
            List<String> areas = new ArrayList<>(o.regions());
            if (!o.scope().equals("*")) {
                areas.add(o.scope());
            }
            for (String a : areas) {
                byArea.computeIfAbsent(a, k -> new HashSet<>()).add(o.serviceId());
                byArea.computeIfAbsent(country(a), k -> new HashSet<>()).add(o.serviceId());
            }
        }
        return byArea.values().stream().anyMatch(s -> s.size() >= 2);
    }

    /** Two services depending on one provider, or one depending on another of them. */
    private static boolean shareProvider(List<Service> services) {
        Set<String> slugs = new HashSet<>();
        services.forEach(s -> slugs.add(s.slug()));
        Map<String, Integer> users = new HashMap<>();
        for (Service s : services) {
            for (String p : s.dependsOn()) {
                if (slugs.contains(p) || users.merge(p, 1, Integer::sum) >= 2) {
                    return true;
                }
            }
        }
        return false;
    }
}
