package io.outcry.report;

import static io.outcry.db.Tables.MINUTE_COUNT;
import static io.outcry.db.Tables.REPORT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.outcry.TestNode;
import io.outcry.counts.SeriesKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.jooq.DSLContext;

/** Checks that the per-minute counts equal a recount of the counted report rows, per service, area and minute. */
public final class Recount {
    private Recount() {}

    /** The same on a running node, once the counts it holds in memory are written. */
    static void assertCountsMatchRows(TestNode node) {
        node.app.intake().writeCounts();
        assertCountsMatchRows(node.db().dsl());
    }

    static void assertCountsMatchRows(DSLContext dsl) {
        assertEquals(recount(dsl), minuteCounts(dsl), "per-minute counts differ from a recount of the raw rows");
    }

    /** The counted problem reports per "service|area|minute", recounted from the raw rows. */
    public static Map<String, Integer> recount(DSLContext dsl) {
        Map<String, Integer> recount = new HashMap<>();
        dsl.select(REPORT.SERVICE_ID, REPORT.RECEIVED_AT, REPORT.COUNTRY, REPORT.REGION).from(REPORT)
                .where(REPORT.KIND.eq("problem")).and(REPORT.COUNTED.isTrue()).forEach(r -> {
            Instant minute = r.value2().toInstant().truncatedTo(ChronoUnit.MINUTES);
            for (String area : SeriesKey.areasOf(r.value3(), r.value4())) {
                recount.merge(r.value1() + "|" + area + "|" + minute, 1, Integer::sum);
            }
        });
        return recount;
    }

    /** The per-minute counts per "service|area|minute", as stored. */
    public static Map<String, Integer> minuteCounts(DSLContext dsl) {
        Map<String, Integer> counts = new HashMap<>();
        dsl.selectFrom(MINUTE_COUNT).forEach(r -> counts.put(
                r.getServiceId() + "|" + r.getArea() + "|" + r.getMinuteStart().toInstant(), r.getReporters()));
        return counts;
    }
}
