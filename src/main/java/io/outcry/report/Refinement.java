package io.outcry.report;

import static io.outcry.db.Tables.MINUTE_COUNT;
import static io.outcry.db.Tables.REPORT;

import io.outcry.db.tables.records.ReportRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * What a reporter adds after a one-tap report: its problem kind and its place, each only while still unset, only by
 * the same reporter and only for a report received since a given time. A place refines within the report's country
 * (or sets the country when it was unknown); the minute's counts gain the new areas, so the report then counts in its
 * region as if it had been sent with it.
 *
 * @param problem whether the problem kind was added
 * @param place whether the place was added
 */
public record Refinement(boolean problem, boolean place) {

    /** Applies a refinement in one transaction; empty when no such report is open to refinement. */
    static Optional<Refinement> apply(DSLContext dsl, UUID id, int serviceId, String reporterKey, Instant since,
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

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}
