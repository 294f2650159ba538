package io.outcry.outage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outcry.Config;
import io.outcry.MutableClock;
import io.outcry.TestNode;
import io.outcry.cli.Replay;
import io.outcry.report.Rate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jooq.Query;
import org.junit.jupiter.api.Test;

/** The replay command and the server run the same detector: on the same counts they confirm and resolve together. */
class ReplayAgreementTest {
    private static final Instant FIRST = Instant.parse("2026-11-12T00:00:00Z");
    /** Three hours after midnight, so the server's warm-up starts at the same baseline refit as replay's. */
    private static final Instant START = Instant.parse("2026-11-26T03:00:00Z");
    private static final Instant SURGE = Instant.parse("2026-11-26T03:30:00Z");
    private static final Instant CALM = Instant.parse("2026-11-26T04:00:00Z");
    private static final Instant END = Instant.parse("2026-11-26T05:00:00Z");

    @Test
    void replay_and_server_confirm_and_resolve_the_same_outage_at_the_same_minutes() throws Exception {
        int minutes = (int) Duration.between(FIRST, END).toMinutes();
        int[] counts = new int[minutes];
        Random random = new Random(42);
        for (int i = 0; i < minutes; i++) {
            Instant t = FIRST.plus(Duration.ofMinutes(i));
            boolean surge = !t.isBefore(SURGE) && t.isBefore(CALM);
            counts[i] = Counts.poisson(random, surge ? 20 : 2);
        }

        Path csv = Files.createTempFile("series", ".csv");
        StringBuilder b = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < minutes; i++) {
            b.append(FIRST.plus(Duration.ofMinutes(i))).append(',').append(counts[i]).append('\n');
        }
        Files.writeString(csv, b);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, Replay.run(new String[] {csv.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err));
        Instant replayConfirmed = null;
        Instant replayResolved = null;
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        boolean alert = false;
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(",");
            boolean now = f[4].equals("1");
            Instant t = Instant.parse(f[0].endsWith("Z") ? f[0] : f[0].replace(' ', 'T') + "Z");
            if (now && !alert && replayConfirmed == null && !t.isBefore(START)) {
                replayConfirmed = t;
            }
            if (!now && alert && replayConfirmed != null && replayResolved == null) {
                replayResolved = t;
            }
            alert = now;
        }
        assertTrue(replayConfirmed != null && replayResolved != null, "replay saw the outage");

        // The node runs with the production subnet cap, as replay's settings assume: the detector sets aside what one
        // network can add under it, and with no cap it would set aside nothing (other settings, other minutes).
        Config.Abuse cap = new Config.Abuse(Rate.OFF, Rate.OFF, Config.from(java.util.Map.of()).abuse().subnetCap(),
                Duration.ofMinutes(15), false, "", 1_000);
        try (TestNode node = TestNode.on(TestNode.freshConfig().withAbuse(cap),
                new MutableClock(START.plusSeconds(90)))) {
            var dsl = node.db().dsl();
            int chatgpt = Counts.serviceId(dsl, "chatgpt");
            List<Query> queries = new ArrayList<>();
            for (int i = 0; i < minutes; i++) {
                if (counts[i] > 0) {
                    queries.addAll(Counts.add(dsl, chatgpt, "*", FIRST.plus(Duration.ofMinutes(i)), counts[i]));
                }
                if (queries.size() > 5_000) {
                    dsl.batch(queries).execute();
                    queries.clear();
                }
            }
            dsl.batch(queries).execute();
            while (node.clock.instant().isBefore(END)) {
                node.app.detection().runOnce();
                node.clock.advance(Duration.ofMinutes(1));
            }
            JsonNode outages = node.client.get("/api/v1/outages?service=chatgpt").json().path("outages");
            assertEquals(1, outages.size(), outages.toString());
            JsonNode o = outages.get(0);
            assertEquals(replayConfirmed, Instant.parse(o.path("confirmedAt").asText()), "confirmed together");
            assertEquals("resolved", o.path("state").asText());
            assertEquals(replayResolved, Instant.parse(o.path("updatedAt").asText()), "resolved together");
        }
    }
}
