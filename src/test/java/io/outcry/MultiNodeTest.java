package io.outcry;

import static io.outcry.db.Tables.MINUTE_COUNT;
import static io.outcry.db.Tables.OUTAGE;
import static io.outcry.db.Tables.REPORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.outcry.outage.Counts;
import io.outcry.report.Accepted;
import io.outcry.report.Location;
import io.outcry.report.NewReport;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Two nodes in one JVM on one embedded PostgreSQL database, as a load balancer would spread people over them. */
@Tag("slow")
class MultiNodeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A Thursday, 14:00 UTC. */
    private static final Instant NOW = Instant.parse("2026-11-26T14:00:00Z");
    private static final double RATE = 2.0;

    @Test
    void a_person_who_reaches_both_nodes_is_counted_once_and_an_id_sent_to_both_is_stored_once() {
        Config config = TestNode.freshConfig(Engine.POSTGRES);
        MutableClock clock = new MutableClock(NOW);
        try (TestNode a = TestNode.on(config, clock); TestNode b = TestNode.on(config, clock)) {
            // One person: the same address (loopback) and the same browser, first on node A, then on node B.
            String report = "{\"service\":\"chatgpt\"}";
            Client.Answer first = a.client.postJson("/api/v1/reports", report, "User-Agent", "P/1");
            Client.Answer again = b.client.postJson("/api/v1/reports", report, "User-Agent", "P/1");
            assertEquals(201, first.status(), first.body());
            assertEquals(200, again.status(), again.body());
            assertFalse(again.json().path("counted").asBoolean(), "node B knows the person A counted");
            assertEquals(first.json().path("id").asText(), again.json().path("id").asText());

            // Another person's app retries one report id on the other node.
            String id = UUID.randomUUID().toString();
            String body = "{\"service\":\"github\",\"id\":\"" + id + "\"}";
            assertEquals(201, a.client.postJson("/api/v1/reports", body, "User-Agent", "P/2").status());
            Client.Answer retried = b.client.postJson("/api/v1/reports", body, "User-Agent", "P/2");
            assertEquals(200, retried.status(), retried.body());
            assertFalse(retried.json().path("counted").asBoolean());

            DSLContext dsl = a.db().dsl();
            assertEquals(1, dsl.fetchCount(REPORT, REPORT.ID.eq(UUID.fromString(id))));
            assertEquals(2, dsl.fetchCount(REPORT));
            assertEquals(2, dsl.select(DSL.sum(MINUTE_COUNT.REPORTERS)).from(MINUTE_COUNT)
                    .where(MINUTE_COUNT.AREA.eq("*")).fetchOne(0, Integer.class), "one reporter per service");
        }
    }

    @Test
    void each_answer_counts_every_nodes_reporters_as_read_at_most_a_second_before_and_its_own_since() {
        Config config = TestNode.freshConfig(Engine.POSTGRES);
        MutableClock clockA = new MutableClock(NOW.plusSeconds(10));
        MutableClock clockB = new MutableClock(NOW.plusSeconds(10));
        try (TestNode a = TestNode.on(config, clockA); TestNode b = TestNode.on(config, clockB)) {
            assertEquals(1, reporters(a, "chatgpt", "P/1"), "A reads the counts with its first batch");
            assertEquals(2, reporters(a, "chatgpt", "P/2"), "A adds its own batch to what it read");
            assertEquals(3, reporters(b, "chatgpt", "P/3"), "B reads them with its first batch: A's two and its own");
            assertEquals(3, reporters(a, "chatgpt", "P/4"), "within the second, A has not read B's report yet");
            clockA.advance(Duration.ofSeconds(1));
            assertEquals(5, reporters(a, "chatgpt", "P/5"), "a second later, A reads every node's counts again");
            assertEquals(4, reporters(b, "chatgpt", "P/6"), "within its second, B has its read and its own since");
            clockB.advance(Duration.ofSeconds(1));
            assertEquals(7, reporters(b, "chatgpt", "P/7"), "a second later, B reads them again");
            assertEquals(7, a.db().dsl().select(DSL.sum(MINUTE_COUNT.REPORTERS)).from(MINUTE_COUNT)
                    .where(MINUTE_COUNT.AREA.eq("*")).fetchOne(0, Integer.class), "every report counted once");
        }
    }

    @Test
    void a_service_quiet_for_15_minutes_on_a_node_is_read_again_when_it_comes_back() {
        Config config = TestNode.freshConfig(Engine.POSTGRES);
        MutableClock clockA = new MutableClock(NOW.plusSeconds(10));
        MutableClock clockB = new MutableClock(NOW.plusSeconds(10).plus(Duration.ofMinutes(16)));
        try (TestNode a = TestNode.on(config, clockA); TestNode b = TestNode.on(config, clockB)) {
            assertEquals(1, reporters(a, "github", "P/1"));
            clockA.advance(Duration.ofMinutes(16));
            assertEquals(1, reporters(a, "chatgpt", "P/2"), "A reads again, without github: none of its reports");
            assertEquals(1, reporters(b, "github", "P/3"));
            assertEquals(2, reporters(a, "github", "P/4"), "within the same second, A reads github's counts again");
        }
    }

    /**
     * Stores a problem report about a service from a new person through the node's intake; the reporters of the last 15
     * minutes it was answered. (Over HTTP the answer hides counts under 5; the intake's own count is what is tested.)
     */
    private static int reporters(TestNode node, String service, String person) {
        NewReport report = new NewReport(UUID.randomUUID(), false, Counts.serviceId(node.db().dsl(), service), service,
                node.clock.instant(), null, Location.UNKNOWN, person, person, "api", false, NewReport.Kind.PROBLEM);
        Accepted accepted = node.app.intake().write(List.of(report)).get(0);
        assertEquals(Accepted.Kind.STORED, accepted.kind());
        return accepted.recentReporters();
    }

    @Test
    void one_node_writes_each_tick_the_other_takes_over_and_both_streams_hear_every_change_once() throws Exception {
        Config config = TestNode.freshConfig(Engine.POSTGRES);
        MutableClock clock = new MutableClock(NOW.plusSeconds(5));
        TestNode a = TestNode.on(config, clock);
        TestNode b = TestNode.on(config, clock);
        try {
            DSLContext dsl = a.db().dsl();
            int github = Counts.serviceId(dsl, "github");
            Counts.steady(dsl, github, "*", NOW.minus(Duration.ofDays(14)), NOW, RATE, 7);
            Random random = new Random(5);
            List<TestNode> both = List.of(a, b);
            await(() -> a.app.peers().listening() && b.app.peers().listening(), "both nodes listen");

            TestNode leader;
            String outageId;
            try (EventStream streamA = new EventStream(a.app.port(), "", null);
                    EventStream streamB = new EventStream(b.app.port(), "", null)) {
                await(() -> a.app.feeds().live().subscriberCount() == 1
                        && b.app.feeds().live().subscriberCount() == 1, "both streams subscribed");
                minutes(both, github, 10, RATE, random);

                // The listening connections drop (a database restart, a network blip): both nodes reconnect.
                dsl.execute("select pg_terminate_backend(pid) from pg_stat_activity"
                        + " where application_name = 'outcry-listen'");
                await(() -> a.app.peers().reconnects() > 0 && b.app.peers().reconnects() > 0
                        && a.app.peers().listening() && b.app.peers().listening(), "both nodes listen again");

                leader = minutes(both, github, 10, RATE * 8, random);
                assertEquals(1, dsl.fetchCount(OUTAGE), "one outage, not one per node");
                outageId = dsl.select(OUTAGE.ID).from(OUTAGE).fetchOne(OUTAGE.ID).toString();
                String confirmed = "outage.confirmed " + outageId;
                await(() -> outageEvents(streamA).contains(confirmed) && outageEvents(streamB).contains(confirmed),
                        "the confirmation reaches the streams of both nodes, whichever wrote it");
                // Every change reaches both streams, once: the writer's own stream from its detector, the other's
                // through NOTIFY (a node skips its own notices). The streams must agree and stay so for a moment, in
                // which a duplicate or a straggler would show up if there were one.
                Awaitility.await("both streams hold the same events").during(Duration.ofMillis(300))
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> sorted(outageEvents(streamA)).equals(sorted(outageEvents(streamB))));
                List<String> seenA = sorted(outageEvents(streamA));
                assertEquals(seenA, sorted(outageEvents(streamB)));
                assertEquals(1, seenA.stream().filter(confirmed::equals).count(), seenA.toString());
                // An 8x surge may be confirmed at its first alarm, without an early warning before it: at most once.
                assertTrue(seenA.stream().filter(e -> e.startsWith("outage.opened")).count() <= 1, seenA.toString());
            }

            // The node that wrote the last tick stops; the other one writes from the next minute on.
            TestNode survivor = leader == a ? b : a;
            leader.close();
            long written = survivor.app.detection().ticksWritten();
            minutes(List.of(survivor), github, 2, RATE * 8, random);
            assertEquals(written + 2, survivor.app.detection().ticksWritten(), "took over within two ticks");
            minutes(List.of(survivor), github, 60, RATE, random);
            DSLContext live = survivor.db().dsl();
            assertEquals(1, live.fetchCount(OUTAGE), "the same outage went on and ended, no second one");
            assertEquals("resolved", live.select(OUTAGE.STATE).from(OUTAGE).fetchOne(OUTAGE.STATE));
            assertEquals(outageId, live.select(OUTAGE.ID).from(OUTAGE).fetchOne(OUTAGE.ID).toString());
        } finally {
            b.close();
            a.close();
        }
    }

    /**
     * Adds {@code perMinute} reporters a minute, moves the shared clock on and runs every node's detector at the same
     * time, checking that exactly one of them wrote each minute. Returns the node that wrote the last one.
     */
    private static TestNode minutes(List<TestNode> nodes, int serviceId, int count, double perMinute, Random random)
            throws InterruptedException {
        TestNode writer = null;
        DSLContext dsl = nodes.get(0).db().dsl();
        MutableClock clock = nodes.get(0).clock;
        for (int i = 0; i < count; i++) {
            int n = Counts.poisson(random, perMinute);
            if (n > 0) {
                dsl.batch(Counts.add(dsl, serviceId, "*", clock.instant().truncatedTo(ChronoUnit.MINUTES), n))
                        .execute();
            }
            clock.advance(Duration.ofMinutes(1));
            long[] before = nodes.stream().mapToLong(x -> x.app.detection().ticksWritten()).toArray();
            List<Thread> threads = new ArrayList<>();
            for (TestNode node : nodes) {
                threads.add(Thread.ofPlatform().start(() -> node.app.detection().runOnce()));
            }
            for (Thread t : threads) {
                t.join();
            }
            int writers = 0;
            for (int k = 0; k < nodes.size(); k++) {
                long delta = nodes.get(k).app.detection().ticksWritten() - before[k];
                assertTrue(delta <= 1, "a node wrote " + delta + " minutes in one tick");
                if (delta == 1) {
                    writers++;
                    writer = nodes.get(k);
                }
            }
            assertEquals(1, writers, "exactly one node writes minute " + clock.instant());
        }
        return writer;
    }

    private static void await(BooleanSupplier condition, String what) {
        Awaitility.await(what).atMost(Duration.ofSeconds(10)).until(condition::getAsBoolean);
    }

    private static List<String> sorted(List<String> events) {
        List<String> out = new ArrayList<>(events);
        Collections.sort(out);
        return out;
    }

    /** "event-name outage-id" of every outage event a stream read, in order. */
    private static List<String> outageEvents(EventStream stream) {
        List<String> out = new ArrayList<>();
        for (EventStream.Event e : stream.all()) {
            if (e.name().startsWith("outage.")) {
                try {
                    out.add(e.name() + " " + JSON.readTree(e.data()).path("id").asText());
                } catch (IOException x) {
                    throw new java.io.UncheckedIOException(x);
                }
            }
        }
        return out;
    }
}
