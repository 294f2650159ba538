package io.outcry.report;

import static io.outcry.counts.CountTime.utc;
import static io.outcry.db.Tables.MINUTE_COUNT;
import static io.outcry.db.Tables.REPORT;
import static io.outcry.db.Tables.SERVICE;

import io.outcry.db.tables.records.ReportRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectJoinStep;
import org.jooq.TableField;

/** The report rows both intakes write, how they read earlier ones back as reports, and how a reporter refines one. */
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

    /** Applies a refinement in one transaction; empty when no such report is open to refinement. */
    static Optional<Refinement> refine(DSLContext dsl, UUID id, int serviceId, String reporterKey, Instant since,
            String problem, Location place) {
        return dsl.transactionResult(tx -> {
            DSLContext t = tx.dsl();
            ReportRecord row = t.selectFrom(REPORT)
                    .where(REPORT.ID.eq(id), REPORT.SERVICE_ID.eq(serviceId), REPORT.REPORTER_KEY.eq(reporterKey),
                            REPORT.RECEIVED_AT.ge(utc(since)), REPORT.KIND.eq(NewReport.Kind.PROBLEM.label()))
                    .forUpdate()
                    .fetchOne();
            if (row == null) {
                return Optional.<Refinement>empty();
            }
            boolean setProblem = problem != null && row.getProblem() == null;
            if (setProblem) {
                row.setProblem(problem);
            }
            boolean setPlace = place != null && place.region() != null && row.getRegion() == null
                    && (row.getCountry() == null || row.getCountry().equals(place.country()));
            List<String> added = new ArrayList<>();
            if (setPlace) {
                if (row.getCountry() == null) {
                    added.add(place.country());
                }
                added.add(place.region());
                row.setCountry(place.country());
                row.setRegion(place.region());
                row.setPlace(place.place());
                row.setLocationSource(place.source());
            }
            if (setProblem || setPlace) {
                row.store();
            }
            if (Boolean.TRUE.equals(row.getCounted())) {
                OffsetDateTime minute = utc(row.getReceivedAt().toInstant().truncatedTo(ChronoUnit.MINUTES));
                for (String area : added) {
                    t.insertInto(MINUTE_COUNT)
                            .set(MINUTE_COUNT.SERVICE_ID, row.getServiceId())
                            .set(MINUTE_COUNT.AREA, area)
                            .set(MINUTE_COUNT.MINUTE_START, minute)
                            .set(MINUTE_COUNT.REPORTERS, 1)
                            .onConflict(MINUTE_COUNT.SERVICE_ID, MINUTE_COUNT.AREA, MINUTE_COUNT.MINUTE_START)
                            .doUpdate()
                            .set(MINUTE_COUNT.REPORTERS, MINUTE_COUNT.REPORTERS.plus(1))
                            .execute();
                }
            }
            return Optional.of(new Refinement(setProblem, setPlace));
        });
    }
}
