package io.outcry.report;

import static io.outcry.db.Tables.MINUTE_COUNT;
import static io.outcry.db.Tables.REPORT;
import static io.outcry.db.Tables.SERVICE;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.outcry.Config;
import io.outcry.Db;
import io.outcry.Engine;
import io.outcry.OnEachEngine;
import io.outcry.TestNode;
import io.outcry.catalog.CatalogStore;
import io.outcry.counts.CountStore;
import io.outcry.counts.SeriesKey;
import io.outcry.web.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The intake of each engine, without HTTP: retries, duplicates across a restart, the reporters each answer carries, and
 * the count tables. On embedded H2 the intake writes per-minute counts about once a second, not with every batch: what
 * the tables hold, what readers see, and what a restart adds after a crash lost the counts held in memory. On
 * PostgreSQL every batch writes its counts.
 */
class IntakeTest extends OnEachEngine {
    private static final Instant MINUTE = Instant.parse("2026-03-05T12:00:00Z");

    private Db db;
    private int youtube;
    private int reporters;

    @BeforeEach
    void open() {
        Config config = TestNode.freshConfig(engine);
        db = Db.open(config.dbUrl(), config.dbUser(), config.dbPassword(), 2);
        new CatalogStore(db.dsl()).seed(Json.mapper());
        youtube = db.dsl().select(SERVICE.ID).from(SERVICE).where(SERVICE.SLUG.eq("youtube")).fetchOne(SERVICE.ID);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void writes_the_counts_a_second_after_the_last_written_ones_or_in_a_later_minute() {
        Intake store = intake();
        store.write(reports(2, MINUTE.plusSeconds(10)));
        assertEquals(2, inTable(MINUTE), "the first counts are written with their batch");

        List<Accepted> held = store.write(reports(3, MINUTE.plusMillis(10_400)));
        assertEquals(h2() ? 2 : 5, inTable(MINUTE), "0.4 s later, the counts wait in memory on H2 only");
        assertEquals(5, held.get(0).recentReporters(), "the answer counts what waits in memory");

        store.write(reports(1, MINUTE.plusMillis(11_100)));
        assertEquals(6, inTable(MINUTE), "1.1 s after the last written counts, they are written with the batch");

        store.write(reports(1, MINUTE.plusMillis(59_500)));
        store.write(reports(1, MINUTE.plusMillis(60_100)));
        assertEquals(7, inTable(MINUTE), "a minute is written as soon as a report of the next one comes");
        assertEquals(1, inTable(MINUTE.plusSeconds(60)), "0.6 s after the last written counts");
    }

    @Test
    void readers_see_every_committed_report() {
        Intake store = intake();
        store.write(reports(2, MINUTE.plusSeconds(10)));
        store.write(reports(3, MINUTE.plusMillis(10_200)));
        CountStore counts = new CountStore(db.dsl(), store::writeCountsForReaders);
        assertEquals(5, counts.countsAt(MINUTE).get(new SeriesKey(youtube, SeriesKey.WORLD)));

        store.write(reports(4, MINUTE.plusMillis(10_300)));
        assertEquals(Map.of(MINUTE, 9), counts.minuteCounts(youtube, SeriesKey.WORLD, MINUTE, MINUTE.plusSeconds(60)));
        assertEquals(9, inTable(MINUTE));
    }

    @Test
    void a_restart_adds_the_counts_a_crash_lost_and_never_twice() {
        Intake dead = intake();
        dead.write(reports(2, MINUTE.plusSeconds(10)));
        dead.write(reports(3, MINUTE.plusMillis(10_500)));
        assertEquals(h2() ? 2 : 5, inTable(MINUTE), "on H2, three reports' counts were in memory when the node died");

        assertEquals(h2() ? 3 : 0, intake().open(MINUTE.plusSeconds(11)),
                "the restarted node counts the rows stored after the written counts");
        Recount.assertCountsMatchRows(db.dsl());
        assertEquals(0, intake().open(MINUTE.plusSeconds(12)), "a second restart finds nothing left to count");
        Recount.assertCountsMatchRows(db.dsl());

        Intake stopped = intake();
        stopped.write(reports(2, MINUTE.plusSeconds(20)));
        stopped.write(reports(2, MINUTE.plusMillis(20_300)));
        stopped.writeCounts();
        assertEquals(0, intake().open(MINUTE.plusSeconds(21)), "after a clean stop, nothing is counted twice");
        Recount.assertCountsMatchRows(db.dsl());
    }

    @Test
    void answers_count_the_last_15_minutes_across_a_restart() {
        Intake dead = intake();
        dead.write(reports(2, MINUTE.plusSeconds(10)));
        dead.write(reports(3, MINUTE.plusMillis(10_500))); // held in memory when the node dies

        Intake restarted = intake();
        restarted.open(MINUTE.plusSeconds(30));
        assertEquals(6, restarted.write(reports(1, MINUTE.plusSeconds(40))).get(0).recentReporters(),
                "the five before the restart, three of them counted again at start, and this one");
        Instant last = MINUTE.plus(Duration.ofMinutes(15)).minusSeconds(1);
        assertEquals(8, restarted.write(reports(2, last)).get(0).recentReporters(), "the first minute is still in");
        assertEquals(3, restarted.write(reports(1, last.plusSeconds(2))).get(0).recentReporters(),
                "15 minutes later, only the last minutes count");
        assertEquals(1, restarted.write(reports(1, MINUTE.plus(Duration.ofHours(1)))).get(0).recentReporters());
    }

    @Test
    void reporters_known_before_a_restart_are_duplicates_after_it() {
        Intake before = intake();
        List<NewReport> first = List.of(report("alice", MINUTE), report("bob", MINUTE.plusSeconds(1)),
                report("carol", MINUTE.plusSeconds(2)));
        before.write(first);

        Intake after = intake();
        after.open(MINUTE.plusSeconds(30));
        List<NewReport> again = List.of(report("alice", MINUTE.plusSeconds(40)), report("bob", MINUTE.plusSeconds(40)),
                report("carol", MINUTE.plusSeconds(40)), report("dave", MINUTE.plusSeconds(40)));
        List<Accepted> answers = after.write(again);
        for (int i = 0; i < 3; i++) {
            assertEquals(Accepted.Kind.DUPLICATE, answers.get(i).kind(), again.get(i).reporterKey());
            assertEquals(first.get(i).id(), answers.get(i).report().id(), "answered with the earlier report");
        }
        assertEquals(Accepted.Kind.STORED, answers.get(3).kind());
    }

    @Test
    void a_retry_is_answered_with_its_report_whether_or_not_the_intake_remembers_its_id() {
        NewReport sent = byClient(report("alice", MINUTE), MINUTE);
        intake().write(List.of(sent));

        Intake restarted = intake();
        restarted.open(MINUTE.plusSeconds(30));
        NewReport soon = byClient(report("bob", MINUTE), MINUTE.plusSeconds(40));
        List<Accepted> answers = restarted.write(List.of(byClient(sent, MINUTE.plusSeconds(40)), soon));
        assertEquals(Accepted.Kind.RETRY, answers.get(0).kind(), "remembered across the restart");
        assertEquals(sent.receivedAt(), answers.get(0).report().receivedAt(), "answered with the stored report");
        assertEquals(Accepted.Kind.STORED, answers.get(1).kind());

        Instant later = MINUTE.plus(Duration.ofMinutes(20));
        NewReport fresh = byClient(report("carol", later), later);
        restarted.write(List.of(fresh)); // the intake forgets what is older than 15 minutes
        answers = restarted.write(List.of(byClient(report("dave", later), later), byClient(sent, later),
                byClient(soon, later), byClient(fresh, later)));
        assertEquals(List.of(Accepted.Kind.STORED, Accepted.Kind.RETRY, Accepted.Kind.RETRY, Accepted.Kind.RETRY),
                answers.stream().map(Accepted::kind).toList(), "ids older than the memory are found by their key");
        assertEquals(sent.receivedAt(), answers.get(1).report().receivedAt());
        assertEquals(4, db.dsl().fetchCount(REPORT), "no report was stored twice");
    }

    @Test
    void the_intake_writes_held_counts_when_idle_and_when_it_stops() throws Exception {
        Intake store = intake();
        store.write(reports(1, MINUTE.plusSeconds(10)));
        List<CompletableFuture<Accepted>> done = new ArrayList<>();
        try (ReportWriter writer = new ReportWriter(store, 100, 64, nanos -> {})) {
            reports(3, MINUTE.plusMillis(10_100)).forEach(r -> done.add(writer.submit(r)));
            for (CompletableFuture<Accepted> d : done) {
                d.get(10, TimeUnit.SECONDS);
            }
            await("an idle intake writes what it holds").atMost(Duration.ofSeconds(10)).until(() -> inTable(MINUTE) >= 4);
            assertEquals(4, inTable(MINUTE), "an idle intake writes what it holds");
            writer.submit(reports(1, MINUTE.plusMillis(10_200)).get(0));
        }
        assertEquals(5, inTable(MINUTE), "a stopping intake writes what it holds");
    }

    private Intake intake() {
        return Intake.of(db.dsl(), Duration.ofMinutes(15));
    }

    private boolean h2() {
        return engine == Engine.H2;
    }

    /** Distinct reporters of youtube world-wide in the minute starting at {@code minute}, as the table holds them. */
    private int inTable(Instant minute) {
        Integer n = db.dsl().select(MINUTE_COUNT.REPORTERS).from(MINUTE_COUNT)
                .where(MINUTE_COUNT.SERVICE_ID.eq(youtube)).and(MINUTE_COUNT.AREA.eq(SeriesKey.WORLD))
                .and(MINUTE_COUNT.MINUTE_START.eq(minute.atOffset(ZoneOffset.UTC)))
                .fetchOne(MINUTE_COUNT.REPORTERS);
        return n == null ? 0 : n;
    }

    /** A problem report of youtube from {@code reporter} (its own subnet), received at {@code at}. */
    private NewReport report(String reporter, Instant at) {
        return new NewReport(UUID.randomUUID(), false, youtube, "youtube", at, null, Location.UNKNOWN, reporter,
                "subnet of " + reporter, "api", false, NewReport.Kind.PROBLEM);
    }

    /** The report as sent by a client that chose its id, received at {@code at}: again, if it was sent before. */
    private static NewReport byClient(NewReport r, Instant at) {
        return new NewReport(r.id(), true, r.serviceId(), r.serviceSlug(), at, r.problem(), r.location(),
                r.reporterKey(), r.subnetKey(), r.channel(), r.demo(), r.kind());
    }

    /** {@code n} problem reports of youtube from new reporters, received at {@code at}. */
    private List<NewReport> reports(int n, Instant at) {
        List<NewReport> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            reporters++;
            out.add(new NewReport(UUID.randomUUID(), false, youtube, "youtube", at, null, Location.UNKNOWN,
                    "reporter " + reporters, "subnet " + reporters, "api", false, NewReport.Kind.PROBLEM));
        }
        return out;
    }
}
