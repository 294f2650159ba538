package io.outcry.bench;

import io.outcry.catalog.Catalog;
import io.outcry.catalog.Service;
import io.outcry.incident.Incident;
import io.outcry.incident.IncidentGroups;
import io.outcry.incident.Outages;
import io.outcry.incident.Spillover;
import io.outcry.incident.Spillovers;
import io.outcry.outage.Outage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Incident benchmark: labelled synthetic scenarios (provider outages, regional access outages, coincidences, big
 * outages with provider spillover, providers failing on their own during a big outage), grouped by
 * {@link IncidentGroups}; prints and writes {@code bench/results/incidents.md}. Optional argument: scenarios per kind.
 */
public final class IncidentBench {
    private static final Instant T = Instant.parse("2026-11-26T18:05:00Z");
    private static final Instant NOW = T.plus(Duration.ofMinutes(90));
    private static final List<String> CLOUDS = List.of("aws", "azure", "google-cloud", "cloudflare");
    private static final List<String> COUNTRIES = List.of("FR", "GB", "US", "DE");
    private static final List<String> AREAS = List.of("FR", "FR-IDF", "GB", "US", "US-CA", "DE");

    private final Catalog catalog = Outages.catalog();
    private final Random random = new Random(20261126);

    /** Counts of one kind of scenario. */
    private static final class Tally {
        final String kind;
        int scenarios;
        int big;
        int bigRight;
        int right;
        int grouped;
        int spillRecognised;
        int providers;
        int falseSpill;

        Tally(String kind) {
            this.kind = kind;
        }
    }

    public static void main(String[] args) throws IOException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        new IncidentBench().run(n);
    }

    private void run(int n) throws IOException {
        List<Tally> tallies = List.of(provider(n), regional(n), coincidence(n), spillover(n), ownFailure(n));
        StringBuilder md = new StringBuilder();
        md.append("# Incident grouping benchmark\n\n");
        md.append("`bench/incidents/run.sh ").append(n).append("`: ").append(n)
                .append(" synthetic scenarios per kind, fixed seed, IncidentGroups with its default rules ")
                .append("(onsets within ").append(IncidentGroups.WINDOW.toMinutes()).append(" min of a group's first, ")
                .append("every two members overlapping; spillover only when the provider started from 2 min before to ")
                .append("15 min after the big outage, with at most a quarter of its excess and under 3× its ratio).\n\n");
        md.append("| scenarios | n | right scope | right scope, ≥ 5 members | grouped as one cause | spillover recognised "
                + "| false spillover marks |\n|---|---|---|---|---|---|---|\n");
        for (Tally t : tallies) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s |%n", t.kind, t.scenarios,
                    pct(t.right, t.scenarios), pct(t.bigRight, t.big), t.kind.startsWith("coincidence")
                            ? t.grouped + " / " + t.scenarios : "—",
                    t.kind.startsWith("big outage") ? pct(t.spillRecognised, t.scenarios) : "—",
                    t.providers == 0 ? "—" : t.falseSpill + " / " + t.providers + " providers"));
        }
        md.append("""

                Scenarios:
                - **provider**: AWS, Azure, Google Cloud or Cloudflare and 4–12 of its dependents (as many as the
                  catalog has) within 8 minutes; the provider itself is reported in 85% of them; in 30% an unrelated
                  service fails within the hour too. Right: the provider's incident is `shared_provider` naming it.
                - **regional access**: 5–14 unrelated services and 1–3 of the country's access providers in one
                  country or region, within 10 minutes. Right: `regional_access` in that area, no provider marked as
                  spillover.
                - **coincidence**: two services sharing no provider fail 1–6 hours apart (half) or 3–25 minutes apart
                  (half). Right: never `shared_provider` or `regional_access`; "grouped as one cause" counts failures.
                - **big outage with spillover**: a popular service (popularity ≥ 70) down world-wide at 3–200× (log-uniform) its
                  usual, and 2–5 access providers of one country at 1.5–8× their usual with fewer reporters, starting
                  0–10 minutes later. Right: `single_service`; recognised: every provider marked as spillover.
                - **provider failing on its own**: as above plus one provider that fails by itself, either starting
                  10–60 minutes before the big outage (half) or at 1–30× the big outage's ratio (half: those under 3×
                  cannot be told apart by the rule). False marks: those marked spillover anyway.
                """);
        System.out.print(md);
        Path out = Path.of("bench/results/incidents.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md.toString());
    }

    private static String pct(int k, int n) {
        return n == 0 ? "—" : String.format(Locale.ROOT, "%.1f%% (%d/%d)", 100.0 * k / n, k, n);
    }

    private Outage outage(String slug, String scope, Instant start, double ratio, double expected) {
        int observed = (int) Math.max(5, Math.round(ratio * expected));
        return Outages.outage(slug, scope, start, 0, observed, expected, random);
    }

    private Instant within(int minutes) {
        return T.plus(Duration.ofMinutes(random.nextInt(minutes + 1)));
    }

    private Incident incidentOf(List<Incident> incidents, UUID member) {
        return incidents.stream().filter(i -> i.members().stream().anyMatch(o -> o.id().equals(member)))
                .findFirst().orElseThrow();
    }

    private void score(Tally t, boolean right, int members) {
        t.scenarios++;
        t.right += right ? 1 : 0;
        if (members >= 5) {
            t.big++;
            t.bigRight += right ? 1 : 0;
        }
    }

    private List<Service> pick(List<Service> from, int k) {
        List<Service> copy = new ArrayList<>(from);
        java.util.Collections.shuffle(copy, random);
        return copy.subList(0, Math.min(k, copy.size()));
    }

    /** Services that are neither clouds nor access providers. */
    private List<Service> ordinary() {
        return catalog.services().stream()
                .filter(s -> !s.category().equals("cloud-cdn") && !s.category().equals(IncidentGroups.ACCESS))
                .toList();
    }

    private Tally provider(int n) {
        Tally t = new Tally("provider");
        for (int k = 0; k < n; k++) {
            String cloud = CLOUDS.get(random.nextInt(CLOUDS.size()));
            List<Service> dependents = catalog.services().stream().filter(s -> s.dependsOn().contains(cloud)).toList();
            List<Service> down = pick(dependents, 4 + random.nextInt(9));
            List<Outage> outages = new ArrayList<>();
            Outage first = null;
            if (random.nextDouble() < 0.85) {
                first = outage(cloud, "*", T, 5 + random.nextInt(20), 2);
                outages.add(first);
            }
            for (Service s : down) {
                Outage o = outage(s.slug(), "*", within(8), 5 + random.nextInt(40), 1 + random.nextInt(20));
                outages.add(o);
                first = first == null ? o : first;
            }
            if (random.nextDouble() < 0.3) {
                Service other = pick(ordinary().stream().filter(s -> s.dependsOn().isEmpty()).toList(), 1).get(0);
                outages.add(outage(other.slug(), "*", T.plus(Duration.ofMinutes(random.nextInt(60))), 10, 5));
            }
            Incident i = incidentOf(IncidentGroups.of(outages, catalog, NOW), first.id());
            boolean right = i.scope() == Incident.Scope.SHARED_PROVIDER && cloud.equals(i.cause());
            score(t, right, i.members().size());
        }
        return t;
    }

    private Tally regional(int n) {
        Tally t = new Tally("regional access");
        for (int k = 0; k < n; k++) {
            String area = AREAS.get(random.nextInt(AREAS.size()));
            String country = area.contains("-") ? area.substring(0, 2) : area;
            List<Service> access = catalog.services().stream()
                    .filter(s -> s.accessCountries().contains(country)).toList();
            List<Outage> outages = new ArrayList<>();
            Set<UUID> providers = new HashSet<>();
            for (Service s : pick(access, 1 + random.nextInt(3))) {
                Outage o = outage(s.slug(), area, within(10), 5 + random.nextInt(30), 1 + random.nextInt(5));
                outages.add(o);
                providers.add(o.id());
            }
            for (Service s : pick(ordinary(), 5 + random.nextInt(10))) {
                outages.add(outage(s.slug(), area, within(10), 3 + random.nextInt(30), 0.5 + random.nextInt(4)));
            }
            Incident i = incidentOf(IncidentGroups.of(outages, catalog, NOW), outages.get(0).id());
            long spilled = i.spillovers().stream().filter(s -> providers.contains(s.outageId())).count();
            t.providers += providers.size();
            t.falseSpill += (int) spilled;
            boolean right = i.scope() == Incident.Scope.REGIONAL_ACCESS && area.equals(i.cause())
                    && i.members().size() == outages.size();
            score(t, right, i.members().size());
        }
        return t;
    }

    private Tally coincidence(int n) {
        Tally t = new Tally("coincidence");
        List<Service> pool = ordinary();
        for (int k = 0; k < n; k++) {
            Service a = pick(pool, 1).get(0);
            Service b;
            do {
                b = pick(pool, 1).get(0);
            } while (b.id() == a.id() || a.dependsOn().stream().anyMatch(b.dependsOn()::contains));
            Instant second = k % 2 == 0 ? T.plus(Duration.ofMinutes(60 + random.nextInt(300)))
                    : T.plus(Duration.ofMinutes(3 + random.nextInt(23)));
            Outage oa = Outages.outage(a.slug(), "*", T, 0, 300, 10, random);
            Outage ob = Outages.outage(b.slug(), "*", second, 0, 200, 10, random);
            List<Incident> incidents = IncidentGroups.of(List.of(oa, ob), catalog, second.plus(Duration.ofMinutes(30)));
            boolean oneCause = incidents.stream().anyMatch(i -> i.scope() == Incident.Scope.SHARED_PROVIDER
                    || i.scope() == Incident.Scope.REGIONAL_ACCESS);
            t.grouped += oneCause ? 1 : 0;
            score(t, !oneCause, 2);
        }
        return t;
    }

    private List<Service> bigServices() {
        return ordinary().stream().filter(s -> s.popularity() >= 70).toList();
    }

    /** A big outage and weak provider outages in one country; returns them, the big one first. */
    private List<Outage> bigOutageWithSpillover(String country, String except) {
        Service big = pick(bigServices(), 1).get(0);
        double bigRatio = Math.exp(Math.log(3) + (Math.log(200) - Math.log(3)) * random.nextDouble());
        List<Outage> outages = new ArrayList<>();
        outages.add(outage(big.slug(), "*", T, bigRatio, 20 + random.nextInt(100)));
        List<Service> access = catalog.services().stream()
                .filter(s -> s.accessCountries().contains(country) && !s.slug().equals(except)).toList();
        for (Service s : pick(access, 2 + random.nextInt(4))) {
            double ratio = 1.5 + 6.5 * random.nextDouble();
            double expected = 1 + random.nextInt(10);
            outages.add(outage(s.slug(), country, T.plus(Duration.ofMinutes(random.nextInt(11))), ratio, expected));
        }
        return outages;
    }

    private Tally spillover(int n) {
        Tally t = new Tally("big outage with spillover");
        for (int k = 0; k < n; k++) {
            List<Outage> outages = bigOutageWithSpillover(COUNTRIES.get(random.nextInt(COUNTRIES.size())), null);
            Incident i = incidentOf(IncidentGroups.of(outages, catalog, NOW), outages.get(0).id());
            Set<UUID> spilled = new HashSet<>();
            i.spillovers().forEach(s -> spilled.add(s.outageId()));
            boolean all = outages.stream().skip(1).allMatch(o -> spilled.contains(o.id()));
            t.spillRecognised += all ? 1 : 0;
            score(t, i.scope() == Incident.Scope.SINGLE_SERVICE, i.members().size());
        }
        return t;
    }

    private Tally ownFailure(int n) {
        Tally t = new Tally("provider failing on its own");
        for (int k = 0; k < n; k++) {
            String country = COUNTRIES.get(random.nextInt(COUNTRIES.size()));
            List<Service> access = catalog.services().stream()
                    .filter(s -> s.accessCountries().contains(country)).toList();
            Service own = access.get(random.nextInt(access.size()));
            List<Outage> outages = new ArrayList<>(bigOutageWithSpillover(country, own.slug()));
            Outage big = outages.get(0);
            double bigRatio = big.peakObserved() / big.peakExpected();
            double expected = 2 + random.nextInt(10);
            Outage failing = k % 2 == 0
                    ? outage(own.slug(), country, T.minus(Duration.ofMinutes(10 + random.nextInt(51))),
                            5 + random.nextInt(50), expected)
                    : outage(own.slug(), country, T.plus(Duration.ofMinutes(random.nextInt(11))),
                            bigRatio * (1 + 29 * random.nextDouble()), expected);
            outages.add(failing);
            List<Spillover> marks = Spillovers.of(outages, catalog, NOW);
            t.providers++;
            t.falseSpill += marks.stream().anyMatch(s -> s.outageId().equals(failing.id())) ? 1 : 0;
            Incident i = incidentOf(IncidentGroups.of(outages, catalog, NOW), big.id());
            boolean right = i.spillovers().stream().noneMatch(s -> s.outageId().equals(failing.id()));
            score(t, right, i.members().size());
        }
        return t;
    }
}
