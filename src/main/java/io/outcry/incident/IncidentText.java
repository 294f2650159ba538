package io.outcry.incident;

import io.outcry.catalog.Catalog;
import io.outcry.catalog.French;
import io.outcry.catalog.Service;
import io.outcry.outage.AreaNames;
import io.outcry.outage.Outage;
import io.outcry.counts.SeriesKey;
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

    /** One sentence in both languages. */
    private record Text(String en, String fr) {}

    static Map<String, String> of(Incident i, Catalog catalog, AreaNames areas, ZoneId zone) {
        Set<UUID> spilled = new HashSet<>();
        i.spillovers().forEach(s -> spilled.add(s.outageId()));
        List<Service> services = services(i, spilled, catalog);
        List<Outage> named = i.members().stream().filter(o -> !spilled.contains(o.id())).toList();
        Text text = what(i, services, named, when(i, catalog, areas, zone), catalog, areas);
        String en = text.en();
        String fr = text.fr();
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

    /** The services named: those not spilled over onto (all of them when every member is), most popular first. */
    private static List<Service> services(Incident i, Set<UUID> spilled, Catalog catalog) {
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
        return services;
    }

    /** When: "from 14:05 to 15:10", "since 14:05", or the first member's start when they started apart. */
    private static Text when(Incident i, Catalog catalog, AreaNames areas, ZoneId zone) {
        boolean open = i.isOpen();
        Outage first = i.members().get(0);
        String since = IncidentGroups.hhmm(i.startedAt(), zone);
        String whenEn;
        String whenFr;
        if (!open) {
            String until = IncidentGroups.hhmm(i.endedAt(), zone);
            whenEn = " from " + since + " to " + until;
            whenFr = " de " + since + " à " + until;
        } else if (i.startSpreadMinutes() == 0) {
            whenEn = " since " + since;
            whenFr = " depuis " + since;
        } else {
            // Members started at different times: the group's start is the first's, said as such.
            boolean many = i.serviceCount() > 1;
            String name = catalog.byId(first.serviceId()).map(Service::name).orElse(first.service());
            boolean world = SeriesKey.WORLD.equals(first.scope());
            String labelEn = many ? name + (world ? "" : " in " + areas.english(first.scope()))
                    : world ? "world-wide" : areas.english(first.scope());
            String labelFr = many ? name + (world ? "" : ", " + areas.french(first.scope()))
                    : world ? "dans le monde" : areas.french(first.scope());
            whenEn = (many ? ", the first since " : ", first since ") + since + " (" + labelEn + ")";
            whenFr = (many ? ", le premier depuis " : ", d’abord depuis ") + since + " (" + labelFr + ")";
        }
        return new Text(whenEn, whenFr);
    }

    /** What happened, by the incident's scope: who is down, when, and what they share. */
    private static Text what(Incident i, List<Service> services, List<Outage> named, Text when, Catalog catalog,
            AreaNames areas) {
        Verb verb = Verb.of(i, named);
        String whenEn = when.en();
        String whenFr = when.fr();
        String beEn = verb.en(services.size());
        String beFr = verb.fr(services.size());
        String en;
        String fr;
        switch (i.scope()) {
            case SHARED_PROVIDER -> {
                String provider = catalog.bySlug(i.cause()).map(Service::name).orElse(i.cause());
                List<Service> dependents = services.stream().filter(s -> !s.slug().equals(i.cause())).toList();
                boolean reported = services.stream().anyMatch(s -> s.slug().equals(i.cause()));
                long running = dependents.stream().filter(s -> s.dependsOn().contains(i.cause())).count();
                boolean all = running == dependents.size();
                en = names(dependents, "and", "others") + verb.en(dependents.size()) + whenEn + " — "
                        + (all ? "they all run on " : "most of them run on ") + provider
                        + (reported ? ", which is reported down too" : ", which may be the cause though not reported down");
                fr = namesFr(dependents) + verb.fr(dependents.size()) + whenFr + " — "
                        + (all ? "ils fonctionnent tous sur " : "la plupart fonctionnent sur ") + French.named(provider)
                        + (reported ? ", qui est aussi signalé en panne" : ", qui pourrait en être la cause sans être signalé");
            }
            case REGIONAL_ACCESS -> {
                long count = services.size();
                String area = i.cause();
                en = count + " services" + verb.en(2) + " in " + areas.english(area)
                        + whenEn + " — probably a regional network problem";
                fr = count + " services" + verb.fr(2) + " (" + areas.french(area) + ")" + whenFr
                        + " — probablement un problème de réseau régional";
            }
            case COINCIDENCE -> {
                Common common = Common.of(named, services, catalog, areas);
                en = names(services, "and", "others") + beEn + whenEn + " — " + common.en()
                        + (common.none() ? " and started " + i.startSpreadMinutes() + " minutes apart, probably a"
                                + " coincidence" : "");
                fr = namesFr(services) + beFr + whenFr + " — " + common.fr()
                        + (common.none() ? ", à " + i.startSpreadMinutes() + " minutes d’écart : probablement une"
                                + " coïncidence" : "");
            }
            default -> {
                en = names(services, "and", "others") + beEn + whenEn;
                fr = namesFr(services) + beFr + whenFr;
            }
        }
        return new Text(en, fr);
    }

    /**
     * What the members are: down only when every open member is a confirmed outage; "may be down" when none is yet;
     * "have problems" when some are and some may be, which is true of each.
     */
    private enum Verb {
        DOWN, MAYBE_DOWN, PROBLEMS, WERE_DOWN;

        static Verb of(Incident i, List<Outage> named) {
            if (!i.isOpen()) {
                return WERE_DOWN;
            }
            long confirmed = named.stream().filter(o -> o.state() == Outage.State.OUTAGE).count();
            return confirmed == named.size() ? DOWN : confirmed == 0 ? MAYBE_DOWN : PROBLEMS;
        }

        String en(int count) {
            boolean many = count > 1;
            return switch (this) {
                case DOWN -> many ? " are down" : " is down";
                case MAYBE_DOWN -> " may be down";
                case PROBLEMS -> many ? " have problems" : " has problems";
                case WERE_DOWN -> many ? " were down" : " was down";
            };
        }

        String fr(int count) {
            boolean many = count > 1;
            return switch (this) {
                case DOWN -> many ? " sont en panne" : " est en panne";
                case MAYBE_DOWN -> many ? " sont peut-être en panne" : " est peut-être en panne";
                case PROBLEMS -> many ? " ont des problèmes" : " a des problèmes";
                case WERE_DOWN -> many ? " ont été en panne" : " a été en panne";
            };
        }
    }

    /** As {@link #names} in French, each name with its article, the first capitalised: "Le Crédit Agricole et Free". */
    private static String namesFr(List<Service> services) {
        String n = list(services.stream().map(s -> French.named(s.name())).toList(), "et", "autres");
        // Only an article is capitalised: "Le Crédit Agricole", but "eBay" stays as its owner writes it.
        boolean article = n.startsWith("le ") || n.startsWith("la ") || n.startsWith("les ") || n.startsWith("l’");
        return article ? n.substring(0, 1).toUpperCase(java.util.Locale.FRENCH) + n.substring(1) : n;
    }

    /** "Netflix", "Netflix and Slack", "Netflix, Slack and Zoom", "Netflix, Slack and 12 others". */
    private static String names(List<Service> services, String and, String others) {
        return list(services.stream().map(Service::name).toList(), and, others);
    }

    private static String list(List<String> names, String and, String others) {
        return switch (names.size()) {
            case 0 -> "?";
            case 1 -> names.get(0);
            case 2 -> names.get(0) + " " + and + " " + names.get(1);
            case 3 -> names.get(0) + ", " + names.get(1) + " " + and + " " + names.get(2);
            default -> names.get(0) + ", " + names.get(1) + " " + and + " " + (names.size() - 2) + " " + others;
        };
    }

    /**
     * What the services of an incident without a known cause have in common, said only from their data: the provider
     * most of them run on (from the catalog), the area most of them are affected in (scopes and regional breakdowns).
     *
     * @param none true when they share neither a provider nor an area
     */
    record Common(String en, String fr, boolean none) {
        static Common of(List<Outage> members, List<Service> services, Catalog catalog, AreaNames areas) {
            int n = services.size();
            Map.Entry<String, Set<String>> provider = IncidentGroups.sharedProviders(services).entrySet().stream()
                    .max(Comparator.comparingInt((Map.Entry<String, Set<String>> e) -> e.getValue().size()))
                    .orElse(null);
            Map.Entry<String, Set<Integer>> area = IncidentGroups.servicesByArea(members).entrySet().stream()
                    .filter(e -> e.getValue().size() >= 2)
                    .max(Comparator.comparingInt((Map.Entry<String, Set<Integer>> e) -> e.getValue().size())
                            .thenComparingInt(e -> e.getKey().length()))
                    .orElse(null);
            if (provider == null && area == null) {
                return new Common("they share no known provider or region", "sans fournisseur ni région en commun connus",
                        true);
            }
            String en;
            String fr;
            if (provider == null) {
                en = "they share no known provider";
                fr = "sans fournisseur connu en commun";
            } else {
                String name = catalog.bySlug(provider.getKey()).map(Service::name).orElse(provider.getKey());
                List<Service> users = services.stream().filter(s -> provider.getValue().contains(s.slug())
                        && !s.slug().equals(provider.getKey())).toList();
                boolean reported = provider.getValue().contains(provider.getKey());
                en = names(users, "and", "others") + (users.size() == 1 ? " runs on " : " run on ") + name
                        + (reported ? ", reported down too" : ", not reported down");
                fr = list(users.stream().map(s -> French.named(s.name())).toList(), "et", "autres")
                        + (users.size() == 1 ? " fonctionne sur " : " fonctionnent sur ") + French.named(name)
                        + (reported ? ", aussi signalé en panne" : ", non signalé en panne");
            }
            if (area == null) {
                en += "; no region in common";
                fr += " ; aucune région en commun";
            } else {
                int k = area.getValue().size();
                en += "; " + (k == n ? (n == 2 ? "both are" : "all " + n + " are") : k + " of them are")
                        + " affected in " + areas.english(area.getKey());
                fr += " ; " + (k == n ? (n == 2 ? "les deux sont touchés" : "les " + n + " sont touchés")
                        : k + " d’entre eux sont touchés") + " (" + areas.french(area.getKey()) + ")";
            }
            return new Common(en, fr, false);
        }
    }
}
