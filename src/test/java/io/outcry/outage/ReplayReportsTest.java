package io.outcry.outage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outcry.Config;
import io.outcry.MutableClock;
import io.outcry.OnEachEngine;
import io.outcry.TestNode;
import io.outcry.cli.Replay;
import io.outcry.cli.ReplayReports;
import io.outcry.report.ReportStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.jooq.Query;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code replay --reports} runs the server's detection: on the same reports both declare the same outages. */
@Tag("slow") // the node ticks two days of minutes, each tick a commit to its database file
class ReplayReportsTest extends OnEachEngine {
    private static final Instant FIRST = Instant.parse("2026-11-23T00:00:00Z");
    private static final Instant BURST = Instant.parse("2026-11-26T03:00:00Z");
    private static final Instant END = Instant.parse("2026-11-26T05:00:00Z");
    /** Reports a minute in each area (a country alone: the report named no region). */
    private static final Map<String, Double> BACKGROUND = Map.of("US-CA", 1.0, "FR-IDF", 1.0, "US", 0.5,
            "US-TX", 0.5 / 60);

    private record Report(Instant at, String area) {}

    /** Three days of ordinary reports, then eight people in Texas within 40 minutes, where one an hour is usual. */
    private static List<Report> reports() {
        Random random = new Random(23);
        List<Report> out = new ArrayList<>();
        for (Instant m = FIRST; m.isBefore(END); m = m.plus(Duration.ofMinutes(1))) {
            for (Map.Entry<String, Double> e : new java.util.TreeMap<>(BACKGROUND).entrySet()) {
                for (int i = Counts.poisson(random, e.getValue()); i > 0; i--) {
                    out.add(new Report(m.plusSeconds(random.nextInt(60)), e.getKey()));
                }
            }
        }
        return out;
    }

    private static List<Instant> burst() {
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            times.add(BURST.plus(Duration.ofMinutes(5L * i)).plusSeconds(7));
        }
        return times;
    }

    @Test
    void replay_and_server_declare_the_same_outages_and_a_sparse_regional_burst_only_in_its_region() throws Exception {
        List<Report> background = reports();
        StringBuilder csv = new StringBuilder("timestamp,region\n");
        List<Report> all = new ArrayList<>(background);
        burst().forEach(t -> all.add(new Report(t, "US-TX")));
        all.sort(java.util.Comparator.comparing(Report::at)); // an export is in time order
        all.forEach(r -> csv.append(r.at()).append(',').append(r.area()).append('\n'));
        Path file = Files.createTempFile("reports", ".csv");
        Files.writeString(file, csv);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, Replay.run(new String[] {"--reports", file.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err));
        List<String> replayed = new ArrayList<>(List.of(out.toString(StandardCharsets.UTF_8).split("\n")));
        assertEquals("scope,state,start,confirmed,end,peak_observed,peak_expected", replayed.remove(0));
        List<String> replayedBurst = replayed.stream().filter(l -> !Instant.parse(l.split(",")[2])
                .isBefore(BURST.minus(Duration.ofMinutes(30)))).toList();
        assertTrue(replayedBurst.stream().anyMatch(l -> l.startsWith("US-TX,")), "seen in Texas: " + replayed);
        assertTrue(replayedBurst.stream().noneMatch(l -> l.startsWith("*,")), "not worldwide: " + replayedBurst);

        Config config = TestNode.freshConfigWithProductionLimits(engine);
        // The node starts where the replay starts judging, with the file's first day as its history.
        try (TestNode node = TestNode.on(config, new MutableClock(FIRST.plus(ReplayReports.HISTORY).plusSeconds(62)))) {
            var dsl = node.db().dsl();
            int chatgpt = Counts.serviceId(dsl, "chatgpt");
            Map<String, Map<Instant, Integer>> counts = new HashMap<>();
            for (Report r : background) {
                Instant minute = r.at().truncatedTo(ChronoUnit.MINUTES);
                for (String area : new java.util.LinkedHashSet<>(List.of("*", r.area().substring(0, 2), r.area()))) {
                    counts.computeIfAbsent(area, a -> new HashMap<>()).merge(minute, 1, Integer::sum);
                }
            }
            List<Query> queries = new ArrayList<>();
            counts.forEach((area, byMinute) -> byMinute.forEach((minute, n) -> queries.addAll(
                    Counts.add(dsl, chatgpt, area, minute, n))));
            for (int i = 0; i < queries.size(); i += 5_000) {
                dsl.batch(queries.subList(i, Math.min(queries.size(), i + 5_000))).execute();
            }
            // The rows behind those counts, each from a network of its own as the replay takes a file's lines: the
            // detector asks them how much one network adds.
            new ReportStore(dsl).writeReplayed(chatgpt, background.stream().map(r -> new ReportStore.Replayed(r.at(),
                    r.area().substring(0, 2), r.area().length() > 2 ? r.area() : null, null)).toList());
            node.app.detection().runOnce();
            int person = 0;
            for (Instant t : burst()) {
                node.clock.set(t);
                node.app.detection().runOnce();
                assertEquals(201, node.client.postJson("/api/v1/reports",
                        "{\"service\":\"chatgpt\",\"location\":\"US-TX\"}", "User-Agent", "texan " + person,
                        "X-Forwarded-For", "203.0." + person++ + ".7").status());
            }
            node.clock.set(END.plus(Duration.ofHours(1)).plusSeconds(62));
            node.app.detection().runOnce();
            JsonNode outages = node.client.get("/api/v1/outages?service=chatgpt&dismissed=true&limit=500").json()
                    .path("outages");
            TreeSet<String> server = new TreeSet<>();
            for (JsonNode o : outages) {
                server.add(String.join(",", o.path("scope").asText(), o.path("state").asText(),
                        o.path("startedAt").asText(), o.path("confirmedAt").asText(""),
                        o.path("endedAt").asText("")));
            }
            TreeSet<String> fromReplay = new TreeSet<>();
            for (String line : replayed) {
                String[] f = line.split(",", -1);
                fromReplay.add(String.join(",", f[0], f[1], f[2], f[3], f[4]));
            }
            assertEquals(fromReplay, server, "the same outages, with the same start, confirmation and end");
        }
    }
}
