package io.outcry;

import static io.outcry.db.Tables.HOUR_COUNT;
import static io.outcry.db.Tables.MINUTE_COUNT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outcry.catalog.Catalog;
import io.outcry.catalog.CatalogStore;
import io.outcry.incident.Incident;
import io.outcry.incident.IncidentClaims;
import io.outcry.incident.Spillover;
import io.outcry.outage.Outage;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.jooq.BatchBindStep;
import org.jooq.DSLContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every sentence agrees with the data behind it, tick after tick: a seeded scenario on an injected clock (two weeks of
 * history at every level, regions adding up to their country and countries to the world; then outages played
 * world-wide, in one country and in one region, with a provider lit up by the big one) runs minute by minute through
 * the real detector, and after every tick what the node serves is checked against itself: each incident's claims
 * against its members' data, each explanation's and feed item's figures against the API's for the same outage.
 */
class ConsistencyTest {
    private static final Instant START = Instant.parse("2026-11-26T14:00:00Z"); // a Thursday
    private static final int HISTORY_DAYS = 14;
    private static final int MINUTE_HISTORY_HOURS = 4;
    private static final int MINUTES = 130;
    private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HH:mm");

    /** Where a service's reports come from: country shares, and the shares of the regions within each country. */
    private static final Map<String, Double> WORLD = Map.of("FR", 0.35, "US", 0.45, "DE", 0.20);
    private static final Map<String, Double> FRANCE = Map.of("FR", 1.0);
    private static final Map<String, Map<String, Double>> REGIONS = Map.of(
            "FR", Map.of("FR-IDF", 0.4, "FR-ARA", 0.3, "FR-PAC", 0.3),
            "US", Map.of("US-CA", 0.5, "US-NY", 0.5));

    /** A service of the scenario: its usual reporters per minute world-wide, and where they come from. */
    private record Traffic(String slug, double perMinute, Map<String, Double> countries) {}

    private static final List<Traffic> TRAFFIC = List.of(
            new Traffic("netflix", 6, WORLD),
            new Traffic("discord", 4, WORLD),
            new Traffic("amazon", 5, WORLD),
            new Traffic("orange", 2, FRANCE),
            new Traffic("sfr", 2, FRANCE));

    /** An outage played: a service, where ({@code *}, a country or a region), times usual, minutes from the start. */
    private record Played(String slug, String area, double factor, int from, int to) {}

    private static final List<Played> PLAYED = List.of(
            new Played("netflix", "*", 10, 20, 50),
            new Played("sfr", "FR", 1.8, 23, 48), // a provider lit up by the big outage: spillover
            new Played("orange", "FR", 12, 60, 90),
            new Played("discord", "FR-IDF", 15, 70, 100));

    private Random random;

    /** Several draws of the same scenario: which series cross first, and by how much, varies from one to the next. */
    @ParameterizedTest(name = "draw {0}")
    @ValueSource(longs = {2026, 2, 17, 21})
    void what_the_node_says_agrees_with_its_data_after_every_tick(long seed) {
        random = new Random(seed);
        MutableClock clock = new MutableClock(START.plusSeconds(5));
        try (TestNode node = TestNode.on(TestNode.freshConfig(), clock)) {
            DSLContext dsl = node.db().dsl();
            Catalog catalog = new CatalogStore(dsl).load();
            seedHistory(dsl, catalog);
            Set<String> seen = new TreeSet<>();
            for (int minute = 0; minute < MINUTES; minute++) {
                Instant m = clock.instant().truncatedTo(ChronoUnit.MINUTES);
                writeMinute(dsl, catalog, m, minute);
                clock.advance(Duration.ofMinutes(1));
                node.app.detection().runOnce();
                List<String> wrong = check(node, catalog, clock.instant(), seen);
                assertEquals(List.of(), wrong, "after the tick of " + m);
            }
            // The scenario did what it is for: the node declared the outages it played, at each level.
            for (String expected : List.of("netflix *", "orange FR", "discord FR-IDF")) {
                assertTrue(seen.contains(expected), expected + " was declared; seen: " + seen);
            }
        }
    }

    /** Everything that does not agree, as sentences; empty when all does. */
    private static List<String> check(TestNode node, Catalog catalog, Instant now, Set<String> seen) {
        List<String> wrong = new ArrayList<>();
        Map<String, JsonNode> outages = new HashMap<>();
        node.client.get("/api/v1/outages?since=" + START + "&limit=1000").json().path("outages")
                .forEach(o -> outages.put(o.path("id").asText(), o));
        for (JsonNode o : outages.values()) {
            if (o.path("state").asText().equals("outage")) {
                // One outage is one record: an area under an anomalous one is among its regions.
                seen.add(o.path("service").asText() + " " + o.path("scope").asText());
                o.path("regions").forEach(r -> seen.add(o.path("service").asText() + " "
                        + (r.isTextual() ? r.asText() : r.path("code").asText())));
            }
            JsonNode peak = o.path("peak").path("observed");
            if (peak.isNumber() && o.path("reporters").isNumber() && peak.asInt() > o.path("reporters").asInt()) {
                wrong.add(o.path("service").asText() + " " + o.path("scope").asText() + ": peak " + peak.asInt()
                        + " above its " + o.path("reporters").asInt() + " reporters");
            }
            wrong.addAll(explanationAgrees(o));
            wrong.addAll(breakdownAgrees(node, catalog, o, outages.values()));
        }
        wrong.addAll(cardsAgree(node, catalog, outages));
        wrong.addAll(mapAgrees(node, outages));
        for (JsonNode item : node.client.get("/feed.json").json().path("items")) {
            JsonNode o = outages.get(item.path("id").asText());
            if (o == null) {
                wrong.add("the feed lists " + item.path("id").asText() + ", the API does not");
                continue;
            }
            if (!item.path("content_text").asText().startsWith(o.path("explanation").path("en").asText())) {
                wrong.add("feed text of " + o.path("service").asText() + " is not the API's explanation: "
                        + item.path("content_text").asText());
            }
            if (!item.path("title").asText().equals(o.path("title").path("en").asText())) {
                wrong.add("feed title " + item.path("title").asText() + " is not the API's");
            }
            if (!item.path("_outcry").path("peak").equals(o.path("peak"))
                    || !item.path("_outcry").path("reporters").equals(o.path("reporters"))) {
                wrong.add("feed figures of " + o.path("service").asText() + " differ from the API's: "
                        + item.path("_outcry") + " / " + o.path("peak") + " " + o.path("reporters"));
            }
            if (!o.path("regions").isEmpty() && !item.path("_outcry").path("breakdown").equals(o.path("breakdown"))) {
                wrong.add("feed regions of " + o.path("service").asText() + " differ from the API's: "
                        + item.path("_outcry").path("breakdown") + " / " + o.path("breakdown"));
            }
        }
        for (JsonNode summary : node.client.get("/api/v1/incidents?since=" + START).json().path("incidents")) {
            JsonNode full = node.client.get("/api/v1/incidents/" + summary.path("id").asText()).json();
            Incident incident = incident(full, catalog);
            for (String v : IncidentClaims.violations(incident, catalog, ZoneOffset.UTC, now)) {
                wrong.add("incident " + incident.explanation().get("en") + " — " + v);
            }
            if (incident.members().size() > 1) {
                for (Outage member : incident.members()) {
                    JsonNode said = outages.get(member.id().toString()).path("incident");
                    if (!said.path("explanation").path("en").asText().equals(incident.explanation().get("en"))) {
                        wrong.add(member.service() + " shows another text for its incident: " + said);
                    }
                }
            }
        }
        return wrong;
    }

    /**
     * Each region of an outage is in its breakdown with a state of its own: while the outage is open, possible or
     * outage, never more than the outage itself unless the region has an open record of its own, whose state it then
     * shows, or its country's confirmed record lists it; and its numbers are its own series' over the window the answer names, hidden under 5.
     */
    private static List<String> breakdownAgrees(TestNode node, Catalog catalog, JsonNode o,
            Collection<JsonNode> all) {
        List<String> wrong = new ArrayList<>();
        String name = o.path("service").asText() + " " + o.path("scope").asText();
        JsonNode b = o.path("breakdown");
        List<String> regions = new ArrayList<>();
        o.path("regions").forEach(r -> regions.add(r.asText()));
        List<String> listed = new ArrayList<>();
        b.path("areas").forEach(a -> listed.add(a.path("code").asText()));
        if (!listed.equals(regions)) {
            return List.of(name + ": breakdown " + listed + " is not its regions " + regions);
        }
        if (regions.isEmpty()) {
            return wrong;
        }
        int serviceId = catalog.bySlug(o.path("service").asText()).orElseThrow().id();
        Instant from = Instant.parse(b.path("from").asText());
        Instant until = Instant.parse(b.path("until").asText());
        if (Duration.between(from, until).toMinutes() != b.path("windowMinutes").asInt()) {
            wrong.add(name + ": breakdown window " + from + "–" + until + " is not " + b.path("windowMinutes"));
        }
        boolean open = o.path("state").asText().equals("possible") || o.path("state").asText().equals("outage");
        for (JsonNode a : b.path("areas")) {
            String area = a.path("code").asText();
            String state = a.path("state").asText();
            if (open && !(state.equals("possible") || state.equals("outage"))) {
                wrong.add(name + ": region " + area + " listed while open but " + state);
            }
            JsonNode own = a.path("outage");
            if (own.isMissingNode()) {
                if (open && state.equals("outage") && o.path("state").asText().equals("possible")
                        && !confirmedAbove(all, o.path("service").asText(), area)) {
                    wrong.add(name + ": region " + area + " in outage under a record of possible problems");
                }
            } else {
                JsonNode record = node.client.get("/api/v1/outages/" + own.asText()).json();
                if (!record.path("scope").asText().equals(area) || !record.path("state").asText().equals(state)) {
                    wrong.add(name + ": region " + area + " says " + state + " of its own record " + record.path("scope")
                            + " " + record.path("state"));
                }
            }
            int observed = sum(node, serviceId, area, from, until);
            JsonNode shown = a.path("observed");
            if (observed < 5 ? !shown.isMissingNode() || !a.path("observedLabel").asText().equals("<5")
                    : shown.asInt(-1) != observed) {
                wrong.add(name + ": region " + area + " says " + a + ", its series has " + observed);
            }
            if (a.path("name").path("en").asText().isEmpty() || a.path("name").path("en").asText().equals(area)) {
                wrong.add(name + ": region " + area + " has no name: " + a);
            }
        }
        return wrong;
    }

    /** Whether a confirmed open record of the service's country above a region lists it among its regions. */
    private static boolean confirmedAbove(Collection<JsonNode> all, String service, String region) {
        return all.stream().anyMatch(r -> r.path("service").asText().equals(service)
                && r.path("state").asText().equals("outage") && region.startsWith(r.path("scope").asText() + "-")
                && StreamSupport.stream(r.path("regions").spliterator(), false)
                        .anyMatch(x -> x.asText().equals(region)));
    }

    /** Reports (one per person a minute) of one series over [from, until), from the stored counts. */
    private static int sum(TestNode node, int serviceId, String area, Instant from, Instant until) {
        node.app.intake().writeCounts();
        Integer n = node.db().dsl().select(org.jooq.impl.DSL.sum(MINUTE_COUNT.REPORTERS).cast(Integer.class))
                .from(MINUTE_COUNT).where(MINUTE_COUNT.SERVICE_ID.eq(serviceId), MINUTE_COUNT.AREA.eq(area),
                        MINUTE_COUNT.MINUTE_START.ge(from.atOffset(ZoneOffset.UTC)),
                        MINUTE_COUNT.MINUTE_START.lt(until.atOffset(ZoneOffset.UTC)))
                .fetchOne(0, Integer.class);
        return n == null ? 0 : n;
    }

    /**
     * The status a home card shows: every open record below the world is among its service's regional outages, named,
     * in that record's state, with its own series' numbers over the status window.
     */
    private static List<String> cardsAgree(TestNode node, Catalog catalog, Map<String, JsonNode> outages) {
        List<String> wrong = new ArrayList<>();
        JsonNode status = node.client.get("/api/v1/status").json();
        Instant until = Instant.parse(status.path("updatedAt").asText());
        Instant from = until.minus(Duration.ofMinutes(status.path("windowMinutes").asInt()));
        Map<String, JsonNode> openBelowWorld = new HashMap<>();
        outages.values().stream().filter(o -> !o.path("scope").asText().equals("*"))
                .filter(o -> o.path("state").asText().equals("possible") || o.path("state").asText().equals("outage"))
                .forEach(o -> openBelowWorld.put(o.path("service").asText() + " " + o.path("scope").asText(), o));
        int cards = 0;
        for (JsonNode s : status.path("services")) {
            String slug = s.path("slug").asText();
            for (JsonNode r : s.path("regionalOutages")) {
                cards++;
                String key = slug + " " + r.path("code").asText();
                JsonNode o = openBelowWorld.get(key);
                if (o == null) {
                    wrong.add("card " + key + " has no open record");
                    continue;
                }
                if (!r.path("state").asText().equals(o.path("state").asText())
                        || !r.path("outage").asText().equals(o.path("id").asText())) {
                    wrong.add("card " + key + " says " + r + ", its record " + o.path("state") + " " + o.path("id"));
                }
                if (!r.path("name").path("en").asText().equals(o.path("scopeName").path("en").asText())) {
                    wrong.add("card " + key + " names " + r.path("name") + ", its record " + o.path("scopeName"));
                }
                int observed = sum(node, catalog.bySlug(slug).orElseThrow().id(), r.path("code").asText(), from, until);
                if (observed < 5 ? !r.path("observed").isMissingNode() : r.path("observed").asInt(-1) != observed) {
                    wrong.add("card " + key + " says " + r.path("observed") + " people, its series " + observed);
                }
            }
        }
        if (cards != openBelowWorld.size()) {
            wrong.add(cards + " regional cards for " + openBelowWorld.size() + " open records below the world: "
                    + openBelowWorld.keySet());
        }
        return wrong;
    }

    /** The live map colours each area of an open outage by that area's own state, as the breakdown gives it. */
    private static List<String> mapAgrees(TestNode node, Map<String, JsonNode> outages) {
        List<String> wrong = new ArrayList<>();
        Map<String, String> stateOf = new HashMap<>();
        for (JsonNode o : outages.values()) {
            if (!(o.path("state").asText().equals("possible") || o.path("state").asText().equals("outage"))) {
                continue;
            }
            stateOf.put(o.path("service").asText() + " " + o.path("scope").asText(), o.path("state").asText());
            o.path("breakdown").path("areas").forEach(a -> stateOf.put(o.path("service").asText() + " "
                    + a.path("code").asText(), a.path("state").asText()));
        }
        for (String level : List.of("country", "region")) {
            for (JsonNode f : node.client.get("/api/v1/map/now?geometry=false&level=" + level).json().path("features")) {
                for (JsonNode s : f.path("properties").path("services")) {
                    String key = s.path("slug").asText() + " " + f.path("id").asText();
                    if (!s.path("state").asText().equals(stateOf.get(key))) {
                        wrong.add("the map says " + key + " is " + s.path("state") + ", the API " + stateOf.get(key));
                    }
                }
            }
        }
        return wrong;
    }

    private static final Pattern EXPLANATION = Pattern.compile("^([\\d,]+|Fewer than 5) (?:people|person) reported problems with"
            + " (.+?)(?: in (.+))? in the (?:(\\d+) minutes|minute) to (\\d\\d:\\d\\d) UTC; (?:about ([\\d,]+(?:\\.\\d)?)|less than one)"
            + " is usual on a \\w+ at that time\\. (.*)$");

    /** The figures of an outage's English explanation are those of its JSON. */
    private static List<String> explanationAgrees(JsonNode o) {
        List<String> wrong = new ArrayList<>();
        String text = o.path("explanation").path("en").asText();
        Matcher m = EXPLANATION.matcher(text);
        if (!m.matches()) {
            return List.of("explanation not in its known shape: " + text);
        }
        JsonNode peak = o.path("peak");
        if (m.group(1).startsWith("Fewer") ? !peak.path("observed").isMissingNode()
                || !peak.path("observedLabel").asText().equals("<5")
                : Integer.parseInt(m.group(1).replace(",", "")) != peak.path("observed").asInt()) {
            wrong.add("says " + m.group(1) + " people, the API " + peak.path("observed") + ": " + text);
        }
        double expected = peak.path("expected").asDouble();
        String usual = m.group(6);
        if (expected < 1 ? usual != null : usual == null || Double.parseDouble(usual.replace(",", ""))
                != (expected < 10 ? expected : Math.round(expected))) {
            wrong.add("says usual " + (usual == null ? "less than one" : usual) + ", the API " + expected + ": " + text);
        }
        String scope = o.path("scope").asText();
        String where = m.group(3);
        if (scope.equals("*") ? where != null : !o.path("scopeName").path("en").asText().equals(where)) {
            wrong.add("names the place " + where + " for scope " + scope + ": " + text);
        }
        if ((m.group(4) == null ? 1 : Integer.parseInt(m.group(4))) != peak.path("windowMinutes").asInt()) {
            wrong.add("says a window of " + m.group(4) + " minutes, the API " + peak.path("windowMinutes"));
        }
        long sinceStart = Duration.between(Instant.parse(o.path("startedAt").asText()),
                Instant.parse(peak.path("at").asText())).toMinutes() + 1;
        if (peak.path("windowMinutes").asInt() != Math.max(1, Math.min(15, sinceStart))) {
            wrong.add("a peak of " + peak.path("windowMinutes") + " minutes " + sinceStart + " minutes after the start: "
                    + text);
        }
        if (!m.group(5).equals(hhmm(peak.path("at").asText()))) {
            wrong.add("says the peak at " + m.group(5) + ", the API " + peak.path("at").asText());
        }
        String start = hhmm(o.path("startedAt").asText());
        String state = o.path("state").asText();
        String tail = m.group(7);
        String expectedTail = switch (state) {
            case "possible" -> "Possible problems since " + start + ", not yet confirmed.";
            case "outage" -> "Down since about " + start + ".";
            case "resolved" -> "It lasted " + Math.max(1, o.path("durationSeconds").asLong() / 60) + " minutes, from about "
                    + start + " to " + hhmm(o.path("endedAt").asText()) + ".";
            default -> tail;
        };
        if (!tail.equals(expectedTail)) {
            wrong.add("says \"" + tail + "\" where the API's data says \"" + expectedTail + "\"");
        }
        return wrong;
    }

    private static String hhmm(String instant) {
        return HHMM.format(Instant.parse(instant).atZone(ZoneOffset.UTC));
    }

    /** The incident as the API gives it, members and all, back into the record its claims are checked on. */
    private static Incident incident(JsonNode i, Catalog catalog) {
        List<Outage> members = new ArrayList<>();
        for (JsonNode o : i.path("members")) {
            List<String> regions = new ArrayList<>();
            o.path("regions").forEach(r -> regions.add(r.asText()));
            members.add(new Outage(UUID.fromString(o.path("id").asText()),
                    catalog.bySlug(o.path("service").asText()).orElseThrow().id(), o.path("service").asText(),
                    o.path("scope").asText(), Outage.State.valueOf(o.path("state").asText().toUpperCase()),
                    instant(o.path("startedAt")), instant(o.path("detectedAt")), instant(o.path("confirmedAt")),
                    instant(o.path("endedAt")), instant(o.path("updatedAt")), instant(o.path("peak").path("at")),
                    o.path("peak").path("observed").asInt(), o.path("peak").path("expected").asDouble(),
                    o.path("reporters").asInt(), List.of(), regions));
        }
        List<Spillover> spillovers = new ArrayList<>();
        for (JsonNode s : i.path("spillover")) {
            spillovers.add(new Spillover(UUID.fromString(s.path("outage").asText()),
                    UUID.fromString(s.path("cause").asText()), Map.of("en", s.path("reason").path("en").asText())));
        }
        List<String> regions = new ArrayList<>();
        i.path("regions").forEach(r -> regions.add(r.asText()));
        return new Incident(UUID.fromString(i.path("id").asText()), members, regions, instant(i.path("startedAt")),
                instant(i.path("endedAt")), i.path("startSpreadMinutes").asLong(),
                Incident.Scope.valueOf(i.path("scope").asText().toUpperCase()), i.path("confidence").asDouble(),
                i.path("cause").isNull() ? null : i.path("cause").asText(), spillovers,
                Map.of("en", i.path("explanation").path("en").asText(), "fr", i.path("explanation").path("fr").asText()));
    }

    private static Instant instant(JsonNode n) {
        return n.isNull() || n.isMissingNode() ? null : Instant.parse(n.asText());
    }

    /** Usual reporters per minute at an instant: a daily cycle around the service's rate. */
    private static double rate(Traffic t, Instant at) {
        double hour = at.atZone(ZoneOffset.UTC).getHour() + at.atZone(ZoneOffset.UTC).getMinute() / 60.0;
        return t.perMinute() * (1 + 0.5 * Math.sin((hour - 13) / 24 * 2 * Math.PI));
    }

    /**
     * Draws {@code perMinute × minutes} reporters of one service over its countries, then over each country's
     * regions, and adds them at every level: a region's count is part of its country's, a country's of the world's.
     */
    private Map<String, Integer> draw(Traffic t, double perMinute, int minutes, Map<String, Double> factors) {
        Map<String, Integer> byArea = new LinkedHashMap<>();
        for (Map.Entry<String, Double> c : new TreeMap<>(t.countries()).entrySet()) {
            Map<String, Double> regions = new TreeMap<>(REGIONS.getOrDefault(c.getKey(), Map.of()));
            double countryMean = perMinute * minutes * c.getValue();
            int inCountry = 0;
            for (Map.Entry<String, Double> r : regions.entrySet()) {
                double f = factors.getOrDefault(r.getKey(), factors.getOrDefault(c.getKey(), factors.getOrDefault("*", 1.0)));
                int n = poisson(countryMean * r.getValue() * f);
                byArea.merge(r.getKey(), n, Integer::sum);
                inCountry += n;
            }
            if (regions.isEmpty()) {
                double f = factors.getOrDefault(c.getKey(), factors.getOrDefault("*", 1.0));
                inCountry = poisson(countryMean * f);
            }
            byArea.merge(c.getKey(), inCountry, Integer::sum);
            byArea.merge("*", inCountry, Integer::sum);
        }
        byArea.values().removeIf(n -> n == 0);
        return byArea;
    }

    /**
     * Two weeks of history at every level, up to the start, as a running node holds it: hourly totals, and the last
     * hours still minute by minute (a node keeps its minutes for days; the detector's warm-up replays them).
     */
    private void seedHistory(DSLContext dsl, Catalog catalog) {
        BatchBindStep batch = dsl.batch(dsl.insertInto(HOUR_COUNT, HOUR_COUNT.SERVICE_ID, HOUR_COUNT.AREA,
                HOUR_COUNT.HOUR_START, HOUR_COUNT.REPORTERS).values((Integer) null, null, null, null));
        Instant minutesFrom = START.minus(Duration.ofHours(MINUTE_HISTORY_HOURS));
        for (Traffic t : TRAFFIC) {
            int id = catalog.bySlug(t.slug()).orElseThrow().id();
            for (Instant h = START.minus(Duration.ofDays(HISTORY_DAYS)); h.isBefore(minutesFrom); h = h.plus(Duration.ofHours(1))) {
                Instant hour = h;
                draw(t, rate(t, h.plus(Duration.ofMinutes(30))), 60, Map.of())
                        .forEach((area, n) -> batch.bind(id, area, hour.atOffset(ZoneOffset.UTC), n));
            }
        }
        batch.execute();
        for (int minute = -MINUTE_HISTORY_HOURS * 60; minute < 0; minute++) {
            writeMinute(dsl, catalog, START.plus(Duration.ofMinutes(minute)), minute);
        }
    }

    /** One minute of the scenario, with the outages playing then, at every level. */
    private void writeMinute(DSLContext dsl, Catalog catalog, Instant m, int minute) {
        var queries = new ArrayList<org.jooq.Query>();
        for (Traffic t : TRAFFIC) {
            Map<String, Double> factors = new HashMap<>();
            for (Played p : PLAYED) {
                if (p.slug().equals(t.slug()) && minute >= p.from() && minute < p.to()) {
                    factors.put(p.area(), p.factor());
                }
            }
            int id = catalog.bySlug(t.slug()).orElseThrow().id();
            draw(t, rate(t, m), 1, factors).forEach((area, n) -> queries.addAll(io.outcry.outage.Counts.add(dsl, id,
                    area, m, n)));
        }
        dsl.batch(queries).execute();
    }

    private int poisson(double mean) {
        return io.outcry.outage.Counts.poisson(random, mean);
    }
}
