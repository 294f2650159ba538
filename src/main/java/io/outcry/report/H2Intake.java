package io.outcry.report;

import static io.outcry.counts.CountTime.utc;
import static io.outcry.counts.SeriesKey.WORLD;
import static io.outcry.db.Tables.COUNTS_WRITTEN;
import static io.outcry.db.Tables.MINUTE_COUNT;
import static io.outcry.db.Tables.REPORT;
import static io.outcry.db.Tables.SERVICE;
import static io.outcry.db.Tables.WORKS_COUNT;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jooq.BatchBindStep;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record7;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.conf.ParamCastMode;
import org.jooq.conf.Settings;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The intake on embedded H2, where this process is the database's only writer. It remembers the recent reporters,
 * subnets and ids itself ({@link RecentIntake}) instead of asking indexes on random keys, and holds a batch's counts
 * in memory: they are written with the first batch a second after the last written ones, in a later minute, or when
 * the intake is idle, because rewriting the same count rows' pages at every group commit cost more than the rows.
 * The report rows are durable at once; after a crash, {@link #open} adds the counts of the rows stored after the last
 * written counts.
 */
final class H2Intake implements Intake {
    private static final Logger log = LoggerFactory.getLogger(H2Intake.class);

    /** The longest a committed report's counts wait in memory while reports keep coming. */
    static final Duration COUNTS_MAX_WAIT = Duration.ofSeconds(1);
    /** The longest a reader of the counts waits for the intake before it reads the tables as they are. */
    static final Duration READER_WAIT = Duration.ofMillis(100);
    /**
     * Keys of each kind (reporter, subnet) the memory holds at most: a remembered report costs 100–125 bytes, so at
     * most about 125 MB, reached only by over 1,100 new reporters a second for 15 minutes.
     */
    static final int MEMORY_KEYS = 1_000_000;

    /**
     * A report row's internal key: H2 numbers a table's rows in insertion order when their primary key is not an
     * integer, and this node is the database's only writer, so {@code counts_written} can mark the last row counted.
     */
    private static final Field<Long> ROW_KEY = DSL.field("{0}", SQLDataType.BIGINT, REPORT.rowid());
    private static final Field<Long> LAST_REPORT_ROW = COUNTS_WRITTEN.LAST_REPORT_ROW;

    private final DSLContext dsl;
    private final DSLContext writes;
    private final Triage.Rules rules;
    private final RecentIntake memory;
    /** The counts of committed reports not yet in the count tables. */
    private final Tally unwritten = new Tally();
    /** The latest report of the last batch that wrote the counts. */
    private Instant countsWrittenAt = Instant.MIN;
    /**
     * Held while a batch or the held counts are written. Fair, so that a reader waiting to write the held counts gets
     * in between two batches.
     */
    private final ReentrantLock lock = new ReentrantLock(true);

    H2Intake(DSLContext dsl, DSLContext writes, Triage.Rules rules) {
        this.dsl = dsl;
        this.writes = writes;
        this.rules = rules;
        this.memory = new RecentIntake(rules.dedupeWindow(), rules.subnetCap(), rules.subnetWindow(), MEMORY_KEYS);
    }

    @Override
    public int rememberedKeys() {
        return memory.size();
    }

    @Override
    public long forgottenEarly() {
        return memory.forgottenEarly();
    }

    /** One transaction per batch; the counts are held (see the class). */
    @Override
    public List<Accepted> write(List<NewReport> batch) {
        lock.lock();
        try {
            try {
                return store(batch, false);
            } catch (IntegrityConstraintViolationException e) {
                // A retry of a report stored before the memory begins: nothing was written; ask every id.
                return store(batch, true);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param askEveryClientId whether every id a client chose is looked up as a possible retry, or only those the
     *     memory stored within its window; the report's unique id refuses any other
     */
    private List<Accepted> store(List<NewReport> batch, boolean askEveryClientId) {
        Instant latest = Triage.latestOf(batch);
        boolean writesHeldCounts = countsDue(latest);
        Triage triage = writes.transactionResult(tx -> {
            DSLContext t = tx.dsl();
            Triage decided = Triage.of(batch, known(withoutParamCasts(t), batch, askEveryClientId), rules);
            if (!decided.inserted.isEmpty()) {
                insert(t, decided.inserted);
            }
            if (writesHeldCounts) {
                // A copy: if this transaction rolls back, the held counts stay as they were.
                Tally all = new Tally();
                all.addAll(unwritten);
                all.addAll(decided.counts);
                add(t, all);
                markCountsWritten(t);
            }
            return decided;
        });
        List<Accepted> answers = triage.accepted(memory::addWorld);
        triage.inserted.forEach(s -> memory.remember(s.report().id(), s.report().reporterKey(),
                s.report().subnetKey(), s.report().serviceId(), s.report().kind(), s.report().receivedAt(),
                s.counted()));
        memory.rememberWorld(triage.counts);
        if (writesHeldCounts) {
            unwritten.clear();
            countsWrittenAt = latest;
        } else {
            unwritten.addAll(triage.counts);
        }
        return answers;
    }

    private Triage.Known known(DSLContext lookups, List<NewReport> batch, boolean askEveryClientId) {
        return new Triage.Known(
                ReportRows.byId(lookups, batch.stream().filter(NewReport::idFromClient).map(NewReport::id)
                        .filter(id -> askEveryClientId || memory.mayHaveStored(id)).toList()),
                remembered(lookups, batch),
                rules.subnetCap() <= 0 ? new HashMap<>() : rememberedSubnets(batch));
    }

    /** Whether counts held since {@link #countsWrittenAt} are due with a batch whose latest report is at {@code at}. */
    private boolean countsDue(Instant at) {
        return !at.isBefore(countsWrittenAt.plus(COUNTS_MAX_WAIT))
                || !at.truncatedTo(ChronoUnit.MINUTES).equals(countsWrittenAt.truncatedTo(ChronoUnit.MINUTES));
    }

    /** Inserts the rows as one prepared statement bound once per row. */
    private static void insert(DSLContext t, List<Triage.Stored> rows) {
        Object[] nulls = new Object[ReportRows.ROW.size()];
        BatchBindStep inserts = t.batch(t.insertInto(REPORT, ReportRows.ROW).values(nulls));
        rows.forEach(s -> inserts.bind(ReportRows.row(s)));
        inserts.execute();
    }

    /**
     * The batch's reporters' latest reports as remembered: their times from memory, their rows read back by service
     * and time and compared in full, so that a hash collision is not a duplicate. One probe of the (service, time)
     * index per pair, joined by UNION ALL: H2 scans every row of a service for {@code time in (…)}, and the whole
     * table for an OR of pairs.
     */
    private Map<String, Report> remembered(DSLContext t, List<NewReport> batch) {
        Set<Map.Entry<Integer, OffsetDateTime>> pairs = new HashSet<>();
        Map<Integer, String> slugs = new HashMap<>();
        for (NewReport r : batch) {
            Instant last = memory.lastReport(r.reporterKey(), r.serviceId(), r.kind());
            if (last != null) {
                pairs.add(Map.entry(r.serviceId(), utc(last)));
                slugs.put(r.serviceId(), r.serviceSlug());
            }
        }
        Map<String, Report> out = new HashMap<>();
        pairs.stream()
                .<Select<Record>>map(p -> ReportRows.reporterRows(t).where(REPORT.SERVICE_ID.eq(p.getKey()))
                        .and(REPORT.RECEIVED_AT.eq(p.getValue())))
                .reduce(Select::unionAll)
                .ifPresent(union -> union.forEach(r -> ReportRows.keepLatest(out, r, slugs, Instant.MIN)));
        return out;
    }

    /** When the batch's subnets had reports counted, as remembered, keyed like {@link Triage#key}. */
    private Map<String, List<Instant>> rememberedSubnets(List<NewReport> batch) {
        Map<String, List<Instant>> out = new HashMap<>();
        for (NewReport r : batch) {
            out.computeIfAbsent(Triage.key(r.subnetKey(), r.serviceId(), r.kind().label()),
                    k -> memory.counted(r.subnetKey(), r.serviceId(), r.kind()));
        }
        return out;
    }

    /**
     * The same transaction, rendering parameters without jOOQ's {@code cast(? as …)}. H2 cannot look up an IN list of
     * casts in an index, so each batch's lookups by id, reporter and subnet would scan the table, slower with every
     * report stored. (The upserts keep the casts: H2 needs them to type the MERGE that jOOQ writes for them.)
     */
    private static DSLContext withoutParamCasts(DSLContext t) {
        return DSL.using(t.configuration().derive(((Settings) t.settings().clone())
                .withParamCastMode(ParamCastMode.NEVER)));
    }

    @Override
    public Optional<Refinement> refine(UUID id, int serviceId, String reporterKey, Instant since, String problem,
            Location place) {
        lock.lock();
        try {
            writeHeld();
            return ReportRows.refine(dsl, id, serviceId, reporterKey, since, problem, place);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void writeCounts() {
        lock.lock();
        try {
            writeHeld();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Gives up after {@link #READER_WAIT}, so that a stalled database does not stall readers: they then read the
     * tables as they are, short of a second's reports at most.
     */
    @Override
    public void writeCountsForReaders() {
        try {
            if (lock.tryLock(READER_WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
                try {
                    writeHeld();
                } finally {
                    lock.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Held counts could not be written before a read; the read shows the tables as they are", e);
        }
    }

    private void writeHeld() {
        if (unwritten.isEmpty()) {
            return;
        }
        dsl.transaction(tx -> {
            add(tx.dsl(), unwritten);
            markCountsWritten(tx.dsl());
        });
        unwritten.clear();
    }

    /** Every stored row is counted now: the mark is the last row's key, or 0 when there is none. */
    private static void markCountsWritten(DSLContext t) {
        Field<Long> lastRow = DSL.field(DSL.select(DSL.max(ROW_KEY)).from(REPORT));
        t.update(COUNTS_WRITTEN).set(LAST_REPORT_ROW, DSL.coalesce(lastRow, DSL.inline(0L))).execute();
    }

    /**
     * Adds the counts of the report rows stored after the last written counts (a crash loses the counts held in
     * memory, a second's worth at most, never the rows), then fills the memory from the reports and counts of the
     * last minutes.
     */
    @Override
    public int open(Instant now) {
        lock.lock();
        try {
            int counted = countRowsAfterWrittenCounts();
            rememberRecent(now);
            return counted;
        } finally {
            lock.unlock();
        }
    }

    private int countRowsAfterWrittenCounts() {
        return dsl.transactionResult(tx -> {
            DSLContext t = tx.dsl();
            Long after = t.select(LAST_REPORT_ROW).from(COUNTS_WRITTEN).fetchOne(LAST_REPORT_ROW);
            Tally lost = new Tally();
            int[] rows = {0};
            t.select(REPORT.SERVICE_ID, REPORT.KIND, REPORT.COUNTRY, REPORT.REGION, REPORT.RECEIVED_AT)
                    .from(REPORT)
                    .where(ROW_KEY.gt(after == null ? 0L : after))
                    .and(REPORT.COUNTED.isTrue())
                    .forEach(r -> {
                        rows[0]++;
                        lost.add(r.value1(), NewReport.Kind.of(r.value2()), new Location(r.value3(), r.value4(),
                                null, null), r.value5().toInstant());
                    });
            add(t, lost);
            markCountsWritten(t);
            return rows[0];
        });
    }

    /**
     * Fills the memory from the reports stored within its windows before {@code now}, and the world-wide counts of
     * the last minutes. Without it, a reporter who reported just before a restart would be counted again just after
     * it, and answers would count the last 15 minutes from the restart.
     */
    private void rememberRecent(Instant now) {
        // Service by service through the (service, time) index (H2 keeps none on time alone), then in time order.
        List<Record7<java.util.UUID, String, String, Integer, String, OffsetDateTime, Boolean>> recent =
                new ArrayList<>();
        for (int service : dsl.select(SERVICE.ID).from(SERVICE).fetch(SERVICE.ID)) {
            recent.addAll(dsl.select(REPORT.ID, REPORT.REPORTER_KEY, REPORT.SUBNET_KEY, REPORT.SERVICE_ID, REPORT.KIND,
                            REPORT.RECEIVED_AT, REPORT.COUNTED)
                    .from(REPORT)
                    .where(REPORT.SERVICE_ID.eq(service))
                    .and(REPORT.RECEIVED_AT.gt(utc(now.minus(rules.longest()))))
                    .fetch());
        }
        recent.sort(Comparator.comparing(Record7::value6));
        recent.forEach(r -> memory.remember(r.value1(), r.value2(), r.value3(), r.value4(),
                NewReport.Kind.of(r.value5()), r.value6().toInstant(), r.value7()));
        dsl.select(MINUTE_COUNT.SERVICE_ID, MINUTE_COUNT.MINUTE_START, MINUTE_COUNT.REPORTERS)
                .from(MINUTE_COUNT)
                .where(MINUTE_COUNT.MINUTE_START.ge(utc(now.minus(RECENT).truncatedTo(ChronoUnit.MINUTES))))
                .and(MINUTE_COUNT.AREA.eq(WORLD))
                .forEach(r -> memory.rememberWorld(r.value1(), r.value2().toInstant(), r.value3()));
    }

    /** Adds counts to the two count tables: problems to {@code minute_count}, "works for me" to {@code works_count}. */
    private static void add(DSLContext t, Tally tally) {
        if (!tally.problems.isEmpty()) {
            add(t, tally.problems, MINUTE_COUNT, MINUTE_COUNT.SERVICE_ID, MINUTE_COUNT.AREA, MINUTE_COUNT.MINUTE_START,
                    MINUTE_COUNT.REPORTERS);
        }
        if (!tally.works.isEmpty()) {
            add(t, tally.works, WORKS_COUNT, WORKS_COUNT.SERVICE_ID, WORKS_COUNT.AREA, WORKS_COUNT.MINUTE_START,
                    WORKS_COUNT.REPORTERS);
        }
    }

    /**
     * Adds held counts to a per-minute count table as one prepared statement bound once per key, so that the
     * database parses it once per batch. Keys go in sorted order. Hourly totals are not written here: the detector
     * sums each hour's minutes once it is over ({@code OutageStore.rollUpHour}), off the intake's path.
     */
    private static <R extends Record> void add(DSLContext t, Map<Tally.Key, Integer> counts, Table<R> table,
            TableField<R, Integer> service, TableField<R, String> area, TableField<R, OffsetDateTime> start,
            TableField<R, Integer> reporters) {
        BatchBindStep upserts = t.batch(t.insertInto(table)
                .set(service, DSL.param("s", service))
                .set(area, DSL.param("a", area))
                .set(start, DSL.param("t", start))
                .set(reporters, DSL.param("n", reporters))
                .onConflict(service, area, start)
                .doUpdate()
                .set(reporters, reporters.plus(DSL.excluded(reporters))));
        counts.forEach((key, n) -> upserts.bind(Map.of("s", key.serviceId(), "a", key.area(), "t", utc(key.minute()),
                "n", n)));
        upserts.execute();
    }
}
