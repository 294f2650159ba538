package io.outcry.report;

import static io.outcry.db.Tables.REPORT;
import static io.outcry.db.Tables.SERVICE;
import static io.outcry.report.ReportStore.utc;

import io.outcry.db.tables.records.ReportRecord;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectJoinStep;
import org.jooq.TableField;

/** The report rows both intakes write, and how they read earlier ones back as reports. */
final class ReportRows {
    private ReportRows() {}

    /** The columns a report row is written with, in the order of {@link #row}. */
    static final List<TableField<ReportRecord, ?>> ROW = List.of(REPORT.ID, REPORT.SERVICE_ID, REPORT.RECEIVED_AT,
            REPORT.PROBLEM, REPORT.COUNTRY, REPORT.REGION, REPORT.PLACE, REPORT.LOCATION_SOURCE, REPORT.REPORTER_KEY,
            REPORT.SUBNET_KEY, REPORT.CHANNEL, REPORT.DEMO, REPORT.KIND, REPORT.COUNTED);

    /** The columns a reporter's earlier report is compared and answered with. */
    static final List<Field<?>> REPORTER_COLUMNS = List.of(REPORT.ID, REPORT.SERVICE_ID, REPORT.RECEIVED_AT,
            REPORT.PROBLEM, REPORT.COUNTRY, REPORT.REGION, REPORT.PLACE, REPORT.LOCATION_SOURCE, REPORT.REPORTER_KEY,
            REPORT.CHANNEL, REPORT.DEMO, REPORT.KIND);

    static Object[] row(Triage.Stored s) {
        NewReport r = s.report();
        return new Object[] {r.id(), r.serviceId(), utc(r.receivedAt()), r.problem(), r.location().country(),
            r.location().region(), r.location().place(), r.location().source(), r.reporterKey(), r.subnetKey(),
            r.channel(), r.demo(), r.kind().label(), s.counted()};
    }

    static SelectJoinStep<Record> reporterRows(DSLContext t) {
        return t.select(REPORTER_COLUMNS).from(REPORT);
    }

    /** The stored reports among ids that clients chose; ids Outcry minted cannot be retries, so none are asked. */
    static Map<UUID, Report> byId(DSLContext t, List<UUID> ids) {
        Map<UUID, Report> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        t.select(REPORT.fields()).select(SERVICE.SLUG)
                .from(REPORT).join(SERVICE).on(SERVICE.ID.eq(REPORT.SERVICE_ID))
                .where(REPORT.ID.in(ids))
                .forEach(r -> out.put(r.get(REPORT.ID), report(r, r.get(SERVICE.SLUG))));
        return out;
    }

    /** Keeps {@code r} in {@code out} if it is its reporter's latest so far, after {@code after}, of a wanted service. */
    static void keepLatest(Map<String, Report> out, Record r, Map<Integer, String> slugs, Instant after) {
        String slug = slugs.get(r.get(REPORT.SERVICE_ID));
        if (slug != null && r.get(REPORT.RECEIVED_AT).toInstant().isAfter(after)) {
            out.merge(Triage.key(r.get(REPORT.REPORTER_KEY), r.get(REPORT.SERVICE_ID), r.get(REPORT.KIND)),
                    report(r, slug), (a, b) -> a.receivedAt().isAfter(b.receivedAt()) ? a : b);
        }
    }

    private static Report report(Record r, String slug) {
        Location location = new Location(r.get(REPORT.COUNTRY), r.get(REPORT.REGION), r.get(REPORT.PLACE),
                r.get(REPORT.LOCATION_SOURCE));
        return new Report(r.get(REPORT.ID), slug, r.get(REPORT.RECEIVED_AT).toInstant(),
                r.get(REPORT.PROBLEM), location, r.get(REPORT.CHANNEL), r.get(REPORT.DEMO));
    }
}
