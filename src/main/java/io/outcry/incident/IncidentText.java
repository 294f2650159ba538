package io.outcry.incident;

import io.outcry.catalog.Catalog;
import io.outcry.catalog.Service;
import io.outcry.outage.AreaNames;
import io.outcry.outage.Outage;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** One sentence per language saying what an incident is and its likely cause, in words a person can check. */
final class IncidentText {
    private IncidentText() {}

    static Map<String, String> of(Incident i, Catalog catalog, AreaNames areas, ZoneId zone) {
        Set<UUID> spilled = new HashSet<>();
        i.spillovers().forEach(s -> spilled.add(s.outageId()));
        List<Service> services = i.members().stream()
                .filter(o -> !spilled.contains(o.id()))
                .map(Outage::serviceId)
                .distinct()
                .map(catalog::byId)
                .flatMap(java.util.Optional::stream)
                .sorted(Comparator.comparingInt(Service::popularity).reversed().thenComparing(Service::slug))
                .toList();
        if (services.isEmpty()) {
            services = i.members().stream().map(Outage::serviceId).distinct().map(catalog::byId)
                    .flatMap(java.util.Optional::stream).toList();
        }
        String since = IncidentGroups.hhmm(i.startedAt(), zone);
        String until = i.endedAt() == null ? null : IncidentGroups.hhmm(i.endedAt(), zone);
        String whenEn = until == null ? " since " + since : " from " + since + " to " + until;
        String whenFr = until == null ? " depuis " + since : " de " + since + " à " + until;
        boolean open = until == null;
        String beEn = beEn(services.size(), open);
        String beFr = beFr(services.size(), open);
        String en;
        String fr;
        switch (i.scope()) {
            case SHARED_PROVIDER -> {
                String provider = catalog.bySlug(i.cause()).map(Service::name).orElse(i.cause());
                List<Service> dependents = services.stream().filter(s -> !s.slug().equals(i.cause())).toList();
                boolean reported = services.stream().anyMatch(s -> s.slug().equals(i.cause()));
                long running = dependents.stream().filter(s -> s.dependsOn().contains(i.cause())).count();
                boolean all = running == dependents.size();
                en = names(dependents, "and", "others") + beEn(dependents.size(), open) + whenEn + " — "
                        + (all ? "they all run on " : "most of them run on ") + provider
                        + (reported ? ", which is reported down too" : ", which may be the cause though not reported down");
                fr = names(dependents, "et", "autres") + beFr(dependents.size(), open) + whenFr + " — "
                        + (all ? "ils fonctionnent tous sur " : "la plupart fonctionnent sur ") + provider
                        + (reported ? ", qui est aussi signalé en panne" : ", qui pourrait en être la cause sans être signalé");
            }
            case REGIONAL_ACCESS -> {
                long count = services.size();
                String area = i.cause();
                en = count + " services" + (until == null ? " down" : " were down") + " in " + areas.english(area)
                        + whenEn + " — probably a regional network problem";
                fr = count + " services en panne (" + areas.french(area) + ")" + whenFr
                        + " — probablement un problème de réseau régional";
            }
            case COINCIDENCE -> {
                en = names(services, "and", "others") + beEn + whenEn + " — they share no known provider or region and"
                        + " started " + i.startSpreadMinutes() + " minutes apart, probably a coincidence";
                fr = names(services, "et", "autres") + beFr + whenFr + " — sans fournisseur ni région en commun connus,"
                        + " à " + i.startSpreadMinutes() + " minutes d’écart : probablement une coïncidence";
            }
            default -> {
                en = names(services, "and", "others") + beEn + whenEn;
                fr = names(services, "et", "autres") + beFr + whenFr;
            }
        }
        if (!i.spillovers().isEmpty() && i.scope() != Incident.Scope.REGIONAL_ACCESS) {
            int k = i.spillovers().size();
            en += k == 1 ? "; 1 internet provider reported at the same time is probably people blaming it"
                    : "; " + k + " internet providers reported at the same time are probably people blaming them";
            fr += k == 1 ? " ; 1 fournisseur d’accès signalé en même temps est probablement accusé à tort"
                    : " ; " + k + " fournisseurs d’accès signalés en même temps sont probablement accusés à tort";
        }
        Map<String, String> out = new LinkedHashMap<>();
        out.put("en", en + ".");
        out.put("fr", fr + ".");
        return out;
    }

    private static String beEn(int count, boolean open) {
        return open ? (count > 1 ? " are down" : " is down") : (count > 1 ? " were down" : " was down");
    }

    private static String beFr(int count, boolean open) {
        return open ? (count > 1 ? " sont en panne" : " est en panne")
                : (count > 1 ? " ont été en panne" : " a été en panne");
    }

    /** "Netflix", "Netflix and Slack", "Netflix, Slack and Zoom", "Netflix, Slack and 12 others". */
    private static String names(List<Service> services, String and, String others) {
        List<String> names = services.stream().map(Service::name).toList();
        return switch (names.size()) {
            case 0 -> "?";
            case 1 -> names.get(0);
            case 2 -> names.get(0) + " " + and + " " + names.get(1);
            case 3 -> names.get(0) + ", " + names.get(1) + " " + and + " " + names.get(2);
            default -> names.get(0) + ", " + names.get(1) + " " + and + " " + (names.size() - 2) + " " + others;
        };
    }
}
