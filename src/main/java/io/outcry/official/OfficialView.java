package io.outcry.official;

import io.outcry.catalog.Catalog;
import io.outcry.catalog.Service;
import io.outcry.outage.Outage;
import io.outcry.outage.Remark;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What people see of official status: the line of a service ("Official status: Investigating — 'Elevated error
 * rates' since 14:05", "All systems operational", "Official status unavailable since 14:05"), the incidents of a
 * service over a span, and the timeline of one outage with the crowd's lead.
 */
public final class OfficialView {
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

    private final OfficialStatusStore store;
    private final Supplier<Catalog> catalog;

    public OfficialView(OfficialStatusStore store, Supplier<Catalog> catalog) {
        this.store = store;
        this.catalog = catalog;
    }

    /** The official incidents that concern a service (its pages, its components) overlapping {@code [from, to]}. */
    public List<OfficialIncident> incidents(int serviceId, Instant from, Instant to) {
        Map<String, List<String>> pages = store.links().getOrDefault(serviceId, Map.of());
        return concerning(pages, store.incidents(pages.keySet(), from, to));
    }

    /** The disruptions a service's official pages reported over {@code [from, to]}, earliest first. */
    public List<OfficialIncident> disruptions(int serviceId, Instant from, Instant to) {
        return incidents(serviceId, from, to).stream().filter(OfficialIncident::isDisruption).toList();
    }

    public static List<OfficialIncident> concerning(Map<String, List<String>> pages, List<OfficialStatusStore.Stored> all) {
        List<OfficialIncident> out = new ArrayList<>();
        for (OfficialStatusStore.Stored s : all) {
            List<String> wanted = pages.get(s.page());
            if (wanted != null && (wanted.isEmpty() || s.incident().components().stream()
                    .anyMatch(c -> wanted.stream().anyMatch(w -> w.equalsIgnoreCase(c))))) {
                out.add(s.incident());
            }
        }
        return out;
    }

    /** Whether an incident still lasts: not resolved, and for a feed, published within the last hours. */
    static boolean isOpen(OfficialIncident i, Format format, Instant now) {
        if (i.resolvedAt() != null || i.status().equals("resolved") || i.status().equals("postmortem")) {
            return false;
        }
        return !(format == Format.RSS || format == Format.ATOM)
                || i.acknowledgedAt().isAfter(now.minus(FeedFormat.OPEN_FOR));
    }

    /**
     * What a service's official page says now: {@code unavailableSince} and {@code error} only while its pages cannot
     * be read, {@code source} and the rest only when the catalog names a page ({@code state} is then {@code none}).
     */
    public record Line(String service, String source, String link, Instant checkedAt, Instant unavailableSince,
            String error, String state, Map<String, String> text, List<OfficialIncident> incidents) {
        /** The line of a service whose official page nobody knows. */
        public static Line none(Service service) {
            return new Line(service.slug(), null, null, null, null, null, "none",
                    both("No official status page is known", "Aucune page de statut officielle connue"), null);
        }
    }

    /** The line of a service, or null when the catalog names no official page for it. */
    public Line line(Service service, Instant now, ZoneId zone) {
        Map<String, List<String>> pages = store.links().getOrDefault(service.id(), Map.of());
        if (pages.isEmpty()) {
            return null;
        }
        Map<String, PageState> states = store.pages();
        List<OfficialIncident> open = openIncidents(pages, states, now);
        String page = pages.keySet().iterator().next();
        Health health = Health.of(pages, states);
        boolean unavailable = health.failingSince() != null || !health.everRead();
        Map<String, String> text;
        String state;
        if (unavailable) {
            state = "unavailable";
            text = unavailableText(health.failingSince(), zone);
        } else if (!open.isEmpty()) {
            state = "incident";
            text = incidentText(open.getFirst(), zone);
        } else if (health.indicator() != null && !health.indicator().equals("none")) {
            state = "degraded";
            String description = states.get(page).description() != null ? states.get(page).description()
                    : health.indicator();
            text = both("Official status: " + description, "Statut officiel : " + description);
        } else {
            state = "operational";
            text = both("Official status: All systems operational", "Statut officiel : tous les systèmes fonctionnent");
        }
        return new Line(service.slug(), page, humanPage(service, page),
                states.get(page) == null ? null : states.get(page).checkedAt(),
                unavailable ? health.failingSince() : null, unavailable ? health.error() : null, state, text, open);
    }

    /** The incidents of a service's pages that still last, the worst and then the earliest first. */
    private List<OfficialIncident> openIncidents(Map<String, List<String>> pages, Map<String, PageState> states,
            Instant now) {
        List<OfficialIncident> open = new ArrayList<>();
        for (OfficialStatusStore.Stored s : store.incidents(pages.keySet(), now.minus(Duration.ofDays(2)), now)) {
            PageState st = states.get(s.page());
            if (st != null && isOpen(s.incident(), st.format(), now)
                    && !concerning(Map.of(s.page(), pages.get(s.page())), List.of(s)).isEmpty()) {
                open.add(s.incident());
            }
        }
        open.sort(Comparator.comparing((OfficialIncident i) -> -Impacts.rank(i.impact()))
                .thenComparing(OfficialIncident::acknowledgedAt));
        return open;
    }

    /**
     * How a service's pages are being read: the earliest failure still going on and its error, whether any page was
     * ever read, and the indicator of a page that is the service's whole (not one shared through its components).
     */
    private record Health(Instant failingSince, String error, String indicator, boolean everRead) {
        static Health of(Map<String, List<String>> pages, Map<String, PageState> states) {
            Instant failingSince = null;
            String error = null;
            String indicator = null;
            boolean everRead = false;
            for (String p : pages.keySet()) {
                PageState s = states.get(p);
                if (s == null) {
                    continue;
                }
                everRead |= s.okAt() != null;
                if (s.failingSince() != null && (failingSince == null || s.failingSince().isBefore(failingSince))) {
                    failingSince = s.failingSince();
                    error = s.error();
                }
                if (pages.get(p).isEmpty() && s.indicator() != null) {
                    indicator = s.indicator();
                }
            }
            return new Health(failingSince, error, indicator, everRead);
        }
    }

    private static Map<String, String> unavailableText(Instant since, ZoneId zone) {
        if (since == null) {
            return both("Official status not read yet", "Statut officiel pas encore lu");
        }
        String at = HOUR.format(since.atZone(zone));
        return both("Official status unavailable since " + at, "Statut officiel indisponible depuis " + at);
    }

    private static Map<String, String> incidentText(OfficialIncident worst, ZoneId zone) {
        String at = HOUR.format(worst.acknowledgedAt().atZone(zone));
        return both("Official status: " + capitalized(worst.status()) + " — '" + worst.title() + "' since " + at,
                "Statut officiel : " + french(worst.status()) + " — « " + worst.title() + " » depuis " + at);
    }

    /** A text in English and French, in that order in JSON. */
    private static Map<String, String> both(String en, String fr) {
        Map<String, String> text = new LinkedHashMap<>();
        text.put("en", en);
        text.put("fr", fr);
        return text;
    }

    /** An outage with the official incidents around it, crowd and official events on one timeline, the lead. */
    public record Timeline(java.util.UUID outage, String service, Long leadMinutes, Map<String, String> sentence,
            List<OfficialIncident> incidents, List<Event> timeline) {}

    /** One event of a timeline: when, whose ({@code crowd} or {@code official}), what, in words. */
    public record Event(Instant at, String side, String kind, Map<String, String> text) {}

    /** The outage with the official incidents around it, one timeline, and the crowd's lead in a sentence. */
    public Timeline timeline(Outage o, Instant now, ZoneId zone) {
        Instant end = o.endedAt() == null ? now : o.endedAt();
        List<OfficialIncident> official = incidents(o.serviceId(), o.startedAt().minus(Reliability.SLACK),
                end.plus(Reliability.SLACK));
        Reliability.Span crowd = new Reliability.Span(o.startedAt(), o.endedAt());
        List<OfficialIncident> matched = official.stream().filter(i -> Reliability.matches(crowd, i, now)).toList();
        List<Event> events = new ArrayList<>();
        events.add(event(o.startedAt(), "crowd", "reports-rose", "Reports rose above the usual level",
                "Les signalements dépassent leur niveau habituel"));
        events.add(event(o.detectedAt(), "crowd", "detected", "Outcry noticed it", "Outcry l'a remarqué"));
        if (o.confirmedAt() != null) {
            events.add(event(o.confirmedAt(), "crowd", "confirmed", "Outage confirmed", "Panne confirmée"));
        }
        if (o.endedAt() != null) {
            events.add(event(o.endedAt(), "crowd", "ended", "Reports back to usual",
                    "Signalements revenus à la normale"));
        }
        for (OfficialIncident i : matched) {
            events.add(event(i.acknowledgedAt(), "official", "acknowledged", "Official page: '" + i.title() + "'",
                    "Page officielle : « " + i.title() + " »"));
            for (OfficialIncident.Update u : i.updates()) {
                boolean shownAsResolution = i.resolvedAt() != null && u.status().equals("resolved");
                if (!u.at().equals(i.acknowledgedAt()) && !shownAsResolution) {
                    events.add(event(u.at(), "official", u.status(), capitalized(u.status()) + ": " + u.body(),
                            french(u.status()) + " : " + u.body()));
                }
            }
            if (i.resolvedAt() != null) {
                events.add(event(i.resolvedAt(), "official", "resolved", "Official page: resolved",
                        "Page officielle : résolu"));
            }
        }
        events.sort(Comparator.comparing(Event::at));
        Long lead = Reliability.leadMinutes(crowd, official, now);
        return new Timeline(o.id(), o.service(), lead, leadSentence(lead, o.serviceId()), matched, events);
    }

    /** The crowd's lead over the official acknowledgement in a sentence; null lead: none acknowledged. */
    private Map<String, String> leadSentence(Long lead, int serviceId) {
        if (lead == null) {
            boolean watched = !store.links().getOrDefault(serviceId, Map.of()).isEmpty();
            return watched
                    ? both("The official page has not acknowledged it.", "La page officielle ne l'a pas reconnue.")
                    : both("No official page is known.", "Aucune page officielle connue.");
        }
        if (lead >= 0) {
            return both("Reports rose " + minutes(lead) + " before the official page acknowledged it.",
                    "Les signalements ont monté " + minutes(lead) + " avant que la page officielle ne la reconnaisse.");
        }
        return both("The official page acknowledged it " + minutes(-lead) + " before reports rose.",
                "La page officielle l'a reconnue " + minutes(-lead) + " avant la montée des signalements.");
    }

    /**
     * What an outage's JSON, its feed items and webhooks say of the official page: the crowd's lead in a sentence and
     * the official incidents around it; empty when the catalog names no page for the service.
     */
    public Map<String, Object> annotation(Outage o, Instant now) {
        if (store.links().getOrDefault(o.serviceId(), Map.of()).isEmpty()) {
            return Map.of();
        }
        Timeline t = timeline(o, now, java.time.ZoneOffset.UTC);
        return Map.of("official", new Annotation(t.leadMinutes(), t.sentence(), t.incidents()));
    }

    /** The {@code official} field of an outage: the crowd's lead, in a sentence, and the official incidents. */
    public record Annotation(Long leadMinutes, Map<String, String> sentence, List<OfficialIncident> incidents)
            implements Remark {}

    /** Per service and overall figures over {@code [from, to]}. */
    public Reliability.Figures reliability(Set<Integer> serviceIds, List<Outage> outages, Instant from, Instant to) {
        Map<Integer, Map<String, List<String>>> links = store.links();
        Map<String, PageState> states = store.pages();
        List<Reliability.Span> all = new ArrayList<>();
        List<OfficialIncident> official = new ArrayList<>();
        Instant watched = null;
        for (Integer id : serviceIds) {
            Map<String, List<String>> pages = links.getOrDefault(id, Map.of());
            if (pages.isEmpty()) {
                continue;
            }
            official.addAll(concerning(pages, store.incidents(pages.keySet(), from, to)));
            for (String p : pages.keySet()) {
                PageState s = states.get(p);
                if (s != null && s.firstOkAt() != null && (watched == null || s.firstOkAt().isBefore(watched))) {
                    watched = s.firstOkAt();
                }
            }
            // Events are merged per service: one service's outages never merge with another's.
            outages.stream().filter(o -> o.serviceId() == id && o.confirmedAt() != null)
                    .map(o -> new Reliability.Span(o.startedAt(), o.endedAt()))
                    .collect(java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.toList(),
                            spans -> Reliability.events(spans, to)))
                    .forEach(all::add);
        }
        // Distinct official incidents (shared pages concern several services) counted once.
        Map<String, OfficialIncident> distinct = new LinkedHashMap<>();
        official.forEach(i -> distinct.putIfAbsent(i.id() + "@" + i.acknowledgedAt(), i));
        return Reliability.of(all, List.copyOf(distinct.values()), watched, from, to);
    }

    /** The page a person opens: the catalog's status page, else the source's site. */
    static String humanPage(Service service, String source) {
        URI u = URI.create(source);
        if (u.getHost().endsWith(".invalid")) {
            return null; // the demo's own page: no real page to open
        }
        if (service.statusPage() != null && !service.statusPage().isBlank()) {
            return service.statusPage();
        }
        return u.getScheme() + "://" + u.getAuthority() + "/";
    }

    private static Event event(Instant at, String side, String kind, String en, String fr) {
        return new Event(at, side, kind, both(en, fr));
    }

    private static String minutes(long n) {
        return n + (n == 1 ? " minute" : " minutes");
    }

    /**
     * The incident statuses of the formats read, in French: Statuspage's, Google's (the impact of its last update),
     * Slack's and a feed's; a word no format was seen to use stays as the source wrote it.
     */
    private static final Map<String, String> FRENCH_STATUS = Map.ofEntries(Map.entry("investigating",
            "Analyse en cours"), Map.entry("identified", "Cause identifiée"), Map.entry("monitoring",
            "Sous surveillance"), Map.entry("resolved", "Résolu"), Map.entry("postmortem", "Post-mortem"),
            Map.entry("scheduled", "Planifié"), Map.entry("in_progress", "En cours"), Map.entry("verifying",
            "Vérification en cours"), Map.entry("completed", "Terminé"), Map.entry("service_disruption",
            "Perturbation du service"), Map.entry("service_outage", "Panne du service"),
            Map.entry("service_information", "Information"), Map.entry("active", "En cours"),
            Map.entry("reported", "Signalé"));

    private static String french(String status) {
        return FRENCH_STATUS.getOrDefault(status == null ? "" : status, capitalized(status));
    }

    /** A status word as a sentence starts it: "service_disruption" reads "Service disruption". */
    private static String capitalized(String s) {
        return s == null || s.isEmpty() ? "" : Character.toUpperCase(s.charAt(0)) + s.substring(1).replace('_', ' ');
    }
}
