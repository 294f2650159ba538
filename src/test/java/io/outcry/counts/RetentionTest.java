package io.outcry.counts;

import static io.outcry.db.Tables.HOUR_COUNT;
import static io.outcry.db.Tables.MINUTE_COUNT;
import static io.outcry.db.Tables.REPORT;
import static io.outcry.db.Tables.SERVICE;
import static io.outcry.db.Tables.WORKS_COUNT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.outcry.OnEachEngine;
import io.outcry.TestNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RetentionTest extends OnEachEngine {
    private static final Instant T0 = TestNode.START;

    private TestNode node;
    private RetentionJob job;

    @BeforeEach
    void start() {
        node = TestNode.fresh(engine);
        // Batches of two rows, so that every delete runs several times.
        job = new RetentionJob(new RetentionStore(dsl()), new CountStore(dsl()), node.clock, Duration.ofDays(90), Duration.ofDays(30),
                Duration.ofDays(35), 2, Duration.ZERO);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private DSLContext dsl() {
        return node.db().dsl();
    }

    private void report(String who) {
        assertEquals(201, node.client.postJson("/api/v1/reports", "{\"service\":\"chatgpt\"}", "User-Agent", who)
                .status());
    }

    private void works(String who) {
        assertEquals(201, node.client.postJson("/api/v1/services/chatgpt/works", "{}", "User-Agent", who).status());
    }

    private Integer hourlyTotalAt(Instant hour) {
        return dsl().select(HOUR_COUNT.REPORTERS).from(HOUR_COUNT)
                .where(HOUR_COUNT.AREA.eq("*").and(HOUR_COUNT.HOUR_START.eq(hour.atOffset(ZoneOffset.UTC))))
                .fetchOne(HOUR_COUNT.REPORTERS);
    }

    private int minuteRowsBefore(Instant t) {
        return dsl().fetchCount(MINUTE_COUNT, MINUTE_COUNT.MINUTE_START.lt(t.atOffset(ZoneOffset.UTC)));
    }

    @Test
    void prunes_each_kind_of_data_at_its_own_age() throws InterruptedException {
        report("alice");
        report("bob");
        report("carol");
        works("erin");
        node.clock.advance(Duration.ofDays(31));
        report("dave");
        works("frank");

        RetentionJob.Pruned after31Days = job.runOnce();
        assertEquals(0, after31Days.reports(), "reports are kept 90 days");
        assertEquals(1, after31Days.minuteCounts(), "the month-old minute is gone");
        assertEquals(1, after31Days.worksCounts(), "and so is its \"works for me\" minute");
        assertEquals(1, dsl().fetchCount(WORKS_COUNT, WORKS_COUNT.AREA.eq("*")), "the recent one is kept");
        assertEquals(0, minuteRowsBefore(T0.plus(Duration.ofDays(1))));
        assertEquals(3, hourlyTotalAt(T0), "its hour still counts the three reporters for baselines");
        assertEquals(1, minuteRowsBefore(T0.plus(Duration.ofDays(32))), "the recent minute is kept");

        node.clock.set(T0.plus(Duration.ofDays(36)));
        RetentionJob.Pruned after36Days = job.runOnce();
        assertEquals(1, after36Days.hourCounts());
        assertNull(hourlyTotalAt(T0), "hours older than the baselines' history are gone");
        assertEquals(6, dsl().fetchCount(REPORT), "\"works for me\" is a report too");

        node.clock.set(T0.plus(Duration.ofDays(91)));
        RetentionJob.Pruned after91Days = job.runOnce();
        assertEquals(4, after91Days.reports(), "deleted two by two until none is older than 90 days");
        assertEquals(2, dsl().fetchCount(REPORT));
    }

    @Test
    void rolls_up_minutes_missing_from_the_hourly_totals_before_deleting_them() throws InterruptedException {
        int chatgpt = dsl().select(SERVICE.ID).from(SERVICE).where(SERVICE.SLUG.eq("chatgpt")).fetchOne(SERVICE.ID);
        for (int m = 0; m < 3; m++) {
            dsl().insertInto(MINUTE_COUNT)
                    .set(MINUTE_COUNT.SERVICE_ID, chatgpt)
                    .set(MINUTE_COUNT.AREA, "*")
                    .set(MINUTE_COUNT.MINUTE_START, T0.plus(Duration.ofMinutes(m)).atOffset(ZoneOffset.UTC))
                    .set(MINUTE_COUNT.REPORTERS, 7)
                    .execute();
        }
        node.clock.advance(Duration.ofDays(31));

        RetentionJob.Pruned pruned = job.runOnce();
        assertEquals(1, pruned.hoursRolledUp());
        assertEquals(21, hourlyTotalAt(T0));
        assertEquals(0, minuteRowsBefore(T0.plus(Duration.ofDays(1))));
    }

    @Test
    void the_node_runs_the_configured_retention() throws InterruptedException {
        report("alice");
        node.clock.advance(Duration.ofDays(node.config.retentionDays()).plusHours(1));
        report("bob");

        RetentionJob.Pruned pruned = node.app.retention().runOnce();
        assertEquals(1, pruned.reports());
        assertEquals(1, dsl().fetchCount(REPORT));
    }
}
