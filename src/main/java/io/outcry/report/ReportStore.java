package io.outcry.report;

import static io.outcry.counts.CountTime.utc;
import static io.outcry.db.Tables.REPORT;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.TreeMap;
import org.jooq.DSLContext;
import org.jooq.DatePart;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The SQL that reads raw report rows as a series: reports per minute and problem kind. The counts are
 * {@code counts.CountStore}'s; how reports are written is the {@link Intake}'s, except a replay's.
 */
public final class ReportStore {
    private final DSLContext dsl;

    public ReportStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Reports per minute and problem kind of one service in [from, to); a null problem is reported as "other". */
    public Map<Instant, Map<String, Integer>> problemsPerMinute(int serviceId, Instant from, Instant to) {
        // Minutes since the epoch, not trunc(): jOOQ renders that on H2 through a string without the offset, which
        // shifts every minute by the JVM's time zone.
        // Whole seconds first, then an integer division: a NUMERIC division would round up into the next minute.
        Field<Long> minute = DSL.floor(DSL.extract(REPORT.RECEIVED_AT, DatePart.EPOCH))
                .cast(SQLDataType.BIGINT)
                .div(DSL.inline(60L))
                .as("m");
        Field<String> problem = DSL.coalesce(REPORT.PROBLEM, DSL.inline("other")).as("p");
        Map<Instant, Map<String, Integer>> out = new TreeMap<>();
        dsl.select(minute, problem, DSL.count())
                .from(REPORT)
                .where(REPORT.SERVICE_ID.eq(serviceId))
                .and(REPORT.KIND.eq(NewReport.Kind.PROBLEM.label()))
                .and(REPORT.RECEIVED_AT.ge(utc(from)))
                .and(REPORT.RECEIVED_AT.lt(utc(to)))
                .and(REPORT.COUNTED.isTrue())
                .groupBy(DSL.field(DSL.name("m")), DSL.field(DSL.name("p")))
                .forEach(r -> out.computeIfAbsent(Instant.ofEpochSecond(r.value1() * 60), k -> new TreeMap<>())
                        .merge(r.value2(), r.value3(), Integer::sum));
        return out;
    }

    /** A report of a replayed file: when, where (codes or null) and its problem kind (or null). */
    public record Replayed(Instant at, String country, String region, String problem) {}

    /**
     * Writes a replay's reports as counted rows, each from a network of its own (a file names none), for what the
     * detector asks of reports: their problem kinds and the most one network adds.
     */
    public void writeReplayed(int serviceId, List<Replayed> reports) {
        List<Query> batch = new ArrayList<>();
        for (Replayed r : reports) {
            UUID id = UUID.randomUUID();
            String key = id.toString(); // a person and a network of its own, whichever call wrote it
            batch.add(dsl.insertInto(REPORT).set(REPORT.ID, id).set(REPORT.SERVICE_ID, serviceId)
                    .set(REPORT.RECEIVED_AT, utc(r.at())).set(REPORT.PROBLEM, r.problem())
                    .set(REPORT.COUNTRY, r.country()).set(REPORT.REGION, r.region())
                    .set(REPORT.REPORTER_KEY, key).set(REPORT.SUBNET_KEY, key).set(REPORT.CHANNEL, "replay"));
            if (batch.size() == 5_000) {
                dsl.batch(batch).execute();
                batch.clear();
            }
        }
        dsl.batch(batch).execute();
    }
}
