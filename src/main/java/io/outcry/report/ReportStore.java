package io.outcry.report;

import static io.outcry.db.Tables.MINUTE_COUNT;
import static io.outcry.db.Tables.REPORT;
import static io.outcry.db.Tables.SERVICE;
import static io.outcry.db.Tables.WORKS_COUNT;

import io.outcry.db.tables.records.ReportRecord;
import java.lang.reflect.Array;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jooq.BatchBindStep;
import org.jooq.DSLContext;
import org.jooq.DatePart;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.QueryPart;
import org.jooq.Record;
import org.jooq.Record7;
import org.jooq.SQLDialect;
import org.jooq.Select;
import org.jooq.SelectJoinStep;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.conf.ParamCastMode;
import org.jooq.conf.Settings;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The SQL of report intake and of the report series: raw rows and per-minute counts of distinct reporters. */
public final class ReportStore {
    private static final Logger log = LoggerFactory.getLogger(ReportStore.class);

    /** The area of world-wide counts; countries and regions use their ISO codes. */
    public static final String WORLD = "*";

    private final DSLContext dsl;
    private final DSLContext writes;
    private final Duration dedupeWindow;
    private final int subnetCap;
    private final Duration subnetWindow;
    /**
     * On embedded H2 this process is the database's only writer and remembers the recent reporters and subnets itself;
     * several nodes share a PostgreSQL database, so there they are asked of it (indexed only there).
     */
    private final RecentIntake memory;
    /**
     * On embedded H2, the counts of committed reports not yet in the count tables: they are written about once a
     * second and as soon as a minute is over, not with every batch (see {@link #write}). Null on PostgreSQL, where
     * every node writes its counts with its batch, so that no node's crash can lose any.
     */
    private final Tally unwritten;
    /** The latest report of the last batch that wrote the counts. */
    private Instant countsWrittenAt = Instant.MIN;
    /**
     * On PostgreSQL, each service's world-wide reporters per recent minute as every node's counts stood when they were
     * last read, plus this node's batches since. They are read again by the first batch a second later by report time,
     * in a later minute, or with a service not read yet: read with every batch, they were a sixth of the writer's time
     * per report. An answer can miss the reports other nodes stored in the last second. Unused on H2, where the
     * intake's memory holds them.
     */
    private WorldMinutes sharedWorld = new WorldMinutes();
    /**
     * The services {@link #sharedWorld} holds, with the latest report of each this node stored. One without a report
     * for {@link #RECENT} is not read again until it has one.
     */
    private final Map<Integer, Instant> sharedWorldServices = new HashMap<>();
    private Instant sharedWorldReadAt = Instant.MIN;
    /**
     * Held while a batch or the held counts are written. Fair, so that a reader waiting to write the held counts gets
     * in between two batches.
     */
    private final ReentrantLock intake = new ReentrantLock(true);
    /** The longest a reader of the counts waits for the intake before it reads the tables as they are. */
    static final Duration READER_WAIT = Duration.ofMillis(100);

    /** A store without a subnet cap, writing through {@code dsl}. */
    public ReportStore(DSLContext dsl, Duration dedupeWindow) {
        this(dsl, dsl, dedupeWindow, 0, Duration.ofMinutes(15));
    }

    /**
     * @param writes the writer's statements ({@link io.outcry.Db#intakeDsl}: on PostgreSQL, a connection whose
     *     planner keeps to indexes); reads go through {@code dsl}
     * @param subnetCap at most this many reports of one subnet are counted per service within {@code subnetWindow};
     *     the rest are stored with {@code counted = false}. Zero: no cap.
     */
    public ReportStore(DSLContext dsl, DSLContext writes, Duration dedupeWindow, int subnetCap,
            Duration subnetWindow) {
        this.dsl = dsl;
        this.writes = writes;
        this.dedupeWindow = dedupeWindow;
        this.subnetCap = subnetCap;
        this.subnetWindow = subnetWindow;
        this.memory = dsl.dialect() == SQLDialect.H2
                ? new RecentIntake(dedupeWindow, subnetCap, subnetWindow, MEMORY_KEYS) : null;
        this.unwritten = memory != null ? new Tally() : null;
    }

    /** The longest a committed report's counts wait in memory while reports keep coming. */
    static final Duration COUNTS_MAX_WAIT = Duration.ofSeconds(1);

    /** How old, by report time, {@link #sharedWorld} gets before it is read again. */
    static final Duration SHARED_WORLD_MAX_AGE = Duration.ofSeconds(1);

    /**
     * Keys of each kind (reporter, subnet) the intake's memory holds at most: a remembered report costs 100–125 bytes,
     * so at most about 125 MB, reached only by over 1,100 new reporters a second for 15 minutes.
     */
    static final int MEMORY_KEYS = 1_000_000;

    /** Reporter and subnet keys the intake's memory holds now; 0 where the database is asked instead. */
    public int rememberedKeys() {
        return memory == null ? 0 : memory.size();
    }

    /** Keys the intake's memory forgot before their window ended, to stay within {@link #MEMORY_KEYS}. */
    public long forgottenEarly() {
        return memory == null ? 0 : memory.forgottenEarly();
    }

    /** The window of {@link Accepted#recentReporters()}. */
    static final Duration RECENT = Duration.ofMinutes(15);

    /** The columns a reporter's earlier report is compared and answered with. */
    private static final List<Field<?>> REPORTER_COLUMNS = List.of(REPORT.ID, REPORT.SERVICE_ID, REPORT.RECEIVED_AT,
            REPORT.PROBLEM, REPORT.COUNTRY, REPORT.REGION, REPORT.PLACE, REPORT.LOCATION_SOURCE, REPORT.REPORTER_KEY,
            REPORT.CHANNEL, REPORT.DEMO, REPORT.KIND);

    /**
     * Stores a batch all or nothing (one transaction on H2, one statement on PostgreSQL): retried ids and repeats of
     * a reporter within the dedupe window are answered with the report already stored; the rest are inserted, and
     * counted per minute, service and area unless their subnet already had {@code subnetCap} reports counted for the
     * service within the cap window. Problem reports and "works for me" are deduped apart and counted apart: only
     * problems feed {@code minute_count}. Each answer carries its service's recent reporters, summed once per batch
     * rather than once per request.
     *
     * <p>On embedded H2 the counts are written with the first batch a second after the last batch that wrote them, or
     * in a later minute, or when the intake is idle ({@link #writeCounts()}): rewriting the same count rows' pages at
     * every group commit took 40 % of the writer's time per report. The report rows are durable at once; after a
     * crash, {@link #open} adds the counts of the rows stored after the last written counts. On PostgreSQL the rows
     * and their counts are one statement ({@link #insertWithCounts}).
     */
    public List<Accepted> write(List<NewReport> batch) {
        intake.lock();
        try {
            try {
                return store(batch, false);
            } catch (IntegrityConstraintViolationException e) {
                // A retry of a report this node does not remember storing (on H2, stored before the intake's memory
                // begins; on PostgreSQL, any, since another node may have stored it): nothing was written; ask
                // every id. Retries are rare; asking for every id of every batch was 7 % of the writer's time.
                return store(batch, true);
            }
        } finally {
            intake.unlock();
        }
    }

    /**
     * @param askEveryClientId whether every id a client chose is looked up as a possible retry, or only those the
     *     intake's memory (H2) stored within its window; the report's unique id refuses any other
     */
    private List<Accepted> store(List<NewReport> batch, boolean askEveryClientId) {
        List<Stored> inserted = new ArrayList<>();
        Tally counts = new Tally();
        Instant latest = latestOf(batch);
        boolean writesHeldCounts = unwritten != null && countsDue(latest);
        boolean readsSharedWorld = memory == null && sharedWorldDue(batch, latest);
        // Read before the write (PostgreSQL has no transaction around a batch): a read that fails stores nothing.
        WorldMinutes world = readsSharedWorld ? readWorld(writes, servicesToRead(batch, latest), latest) : sharedWorld;
        Function<DSLContext, List<Accepted>> storeIn = t -> {
            inserted.clear();
            counts.clear();
            DSLContext lookups = withoutParamCasts(t);
            Map<UUID, Report> known = byId(lookups, batch.stream().filter(NewReport::idFromClient).map(NewReport::id)
                    .filter(id -> askEveryClientId || memory != null && memory.mayHaveStored(id)).toList());
            Recent asked = memory == null ? recentOf(lookups, batch) : new Recent(remembered(lookups, batch),
                    subnetCap <= 0 ? new HashMap<>() : rememberedSubnets(batch));
            Map<String, Report> recent = asked.reports();
            Map<String, List<Instant>> countedBySubnet = asked.countedBySubnet();
            List<Report> answers = new ArrayList<>(batch.size());
            List<Accepted.Kind> kinds = new ArrayList<>(batch.size());
            for (NewReport r : batch) {
                Report existing = known.get(r.id());
                if (existing != null) {
                    answers.add(existing);
                    kinds.add(Accepted.Kind.RETRY);
                    continue;
                }
                String dedupeKey = key(r.reporterKey(), r.serviceId(), r.kind().label());
                Report earlier = recent.get(dedupeKey);
                if (earlier != null && earlier.receivedAt().isAfter(r.receivedAt().minus(dedupeWindow))) {
                    answers.add(earlier);
                    kinds.add(Accepted.Kind.DUPLICATE);
                    continue;
                }
                Report stored = r.toReport();
                known.put(r.id(), stored);
                recent.put(dedupeKey, stored);
                boolean counted = subnetCap <= 0 || underCap(countedBySubnet.computeIfAbsent(
                        key(r.subnetKey(), r.serviceId(), r.kind().label()), k -> new ArrayList<>()),
                        r.receivedAt());
                inserted.add(new Stored(r, counted));
                if (counted) {
                    counts.add(r.serviceId(), r.kind(), r.location(), r.receivedAt());
                }
                answers.add(stored);
                kinds.add(counted ? Accepted.Kind.STORED : Accepted.Kind.CAPPED);
            }
            if (!inserted.isEmpty()) {
                if (memory == null) {
                    insertWithCounts(t, inserted, counts);
                } else {
                    insert(t, inserted); // the counts are held (below)
                }
            }
            if (writesHeldCounts) {
                // A copy: if this transaction rolls back, the held counts stay as they were.
                Tally all = new Tally();
                all.addAll(unwritten);
                all.addAll(counts);
                add(t, all);
                markCountsWritten(t);
            }
            Map<Integer, Integer> recentReporters = reporters(memory != null ? memory::addWorld : world::sum, batch,
                    latest, counts);
            List<Accepted> out = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                out.add(new Accepted(answers.get(i), kinds.get(i),
                        recentReporters.getOrDefault(batch.get(i).serviceId(), 0)));
            }
            return out;
        };
        // PostgreSQL: the lookups read, and one statement writes the rows and their counts, atomic on its own: a
        // transaction around them was a round trip more (its commit) and protected nothing more.
        List<Accepted> written = memory == null ? storeIn.apply(writes)
                : writes.transactionResult(tx -> storeIn.apply(tx.dsl()));
        if (memory != null) {
            inserted.forEach(s -> memory.remember(s.report().id(), s.report().reporterKey(), s.report().subnetKey(),
                    s.report().serviceId(), s.report().kind(), s.report().receivedAt(), s.counted()));
            memory.rememberWorld(counts);
            if (writesHeldCounts) {
                unwritten.clear();
                countsWrittenAt = latest;
            } else {
                unwritten.addAll(counts);
            }
        } else {
            if (readsSharedWorld) {
                sharedWorld = world;
                sharedWorldReadAt = latest;
                sharedWorldServices.values().removeIf(last -> last.isBefore(latest.minus(RECENT))); // not read
            }
            sharedWorld.add(counts);
            batch.forEach(r -> sharedWorldServices.merge(r.serviceId(), r.receivedAt(),
                    (a, b) -> a.isAfter(b) ? a : b));
        }
        return written;
    }

    /** The services {@link #sharedWorld} is read for: the batch's, and those with a report within {@link #RECENT}. */
    private Set<Integer> servicesToRead(List<NewReport> batch, Instant latest) {
        Set<Integer> services = servicesOf(batch);
        sharedWorldServices.forEach((service, last) -> {
            if (!last.isBefore(latest.minus(RECENT))) {
                services.add(service);
            }
        });
        return services;
    }

    /** Whether {@link #sharedWorld} is read again with a batch whose latest report is at {@code latest}. */
    private boolean sharedWorldDue(List<NewReport> batch, Instant latest) {
        return !latest.isBefore(sharedWorldReadAt.plus(SHARED_WORLD_MAX_AGE))
                || !latest.truncatedTo(ChronoUnit.MINUTES).equals(sharedWorldReadAt.truncatedTo(ChronoUnit.MINUTES))
                || !sharedWorldServices.keySet().containsAll(servicesOf(batch));
    }

    /** Whether counts held since {@link #countsWrittenAt} are due with a batch whose latest report is at {@code at}. */
    private boolean countsDue(Instant at) {
        return !at.isBefore(countsWrittenAt.plus(COUNTS_MAX_WAIT))
                || !at.truncatedTo(ChronoUnit.MINUTES).equals(countsWrittenAt.truncatedTo(ChronoUnit.MINUTES));
    }

    private static Instant latestOf(List<NewReport> batch) {
        return batch.stream().map(NewReport::receivedAt).max(Instant::compareTo).orElse(Instant.MIN);
    }

    /** Writes the counts held in memory to the count tables, at once: when the intake is idle, or stops. */
    public void writeCounts() {
        intake.lock();
        try {
            writeHeld();
        } finally {
            intake.unlock();
        }
    }

    /**
     * Writes the counts held in memory unless the intake is busy with them for longer than {@link #READER_WAIT}.
     * Readers of the counts call it first, so that they see every committed report, and a stalled database does not
     * stall them: they then read the tables as they are, short of a second's reports at most.
     */
    public void writeCountsForReaders() {
        if (unwritten == null) {
            return;
        }
        try {
            if (intake.tryLock(READER_WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
                try {
                    writeHeld();
                } finally {
                    intake.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Held counts could not be written before a read; the read shows the tables as they are", e);
        }
    }

    private void writeHeld() {
        if (unwritten == null || unwritten.isEmpty()) {
            return;
        }
        dsl.transaction(tx -> {
            add(tx.dsl(), unwritten);
            markCountsWritten(tx.dsl());
        });
        unwritten.clear();
    }

    /**
     * The last report row, by H2's internal row key, whose counts are in the count tables. H2 numbers a table's rows
     * in insertion order when their primary key is not an integer, and this node is the database's only writer.
     */
    private static final Table<?> COUNTS_WRITTEN = DSL.table(DSL.name("counts_written"));
    private static final Field<Long> LAST_REPORT_ROW = DSL.field(DSL.name("last_report_row"), Long.class);
    private static final Field<Long> ROW_KEY = DSL.field(DSL.name("_ROWID_"), Long.class);

    /** Every stored row is counted now: the mark is the last row's key, or 0 when there is none. */
    private static void markCountsWritten(DSLContext t) {
        Field<Long> lastRow = DSL.field(DSL.select(DSL.max(ROW_KEY)).from(REPORT));
        t.update(COUNTS_WRITTEN).set(LAST_REPORT_ROW, DSL.coalesce(lastRow, DSL.inline(0L))).execute();
    }

    /**
     * Readies the store when its node starts, before it takes reports. On embedded H2: adds the counts of the report
     * rows stored after the last written counts (a crash loses the counts held in memory, a second's worth at most,
     * never the rows), then fills the intake's memory from the reports and counts of the last minutes. Returns the
     * rows whose counts were added.
     */
    public int open(Instant now) {
        if (memory == null) {
            return 0;
        }
        intake.lock();
        try {
            int counted = countRowsAfterWrittenCounts();
            rememberRecent(now);
            return counted;
        } finally {
            intake.unlock();
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
     * The same transaction, rendering parameters without jOOQ's {@code cast(? as …)} on H2. H2 cannot look up an IN
     * list of casts in an index, so each batch's lookups by id, reporter and subnet scanned the table, slower with
     * every report stored. (The upserts keep the casts: H2 needs them to type the MERGE that jOOQ writes for them.)
     */
    private static DSLContext withoutParamCasts(DSLContext t) {
        if (t.dialect() != SQLDialect.H2) {
            return t;
        }
        return DSL.using(t.configuration().derive(((Settings) t.settings().clone())
                .withParamCastMode(ParamCastMode.NEVER)));
    }

    /**
     * Distinct reporters world-wide per minute of the services, in the minutes that start within {@link #RECENT} before
     * {@code latest}, up to its own, as the count table holds them.
     */
    private static WorldMinutes readWorld(DSLContext t, Collection<Integer> services, Instant latest) {
        WorldMinutes out = new WorldMinutes();
        t.select(MINUTE_COUNT.SERVICE_ID, MINUTE_COUNT.MINUTE_START, MINUTE_COUNT.REPORTERS)
                .from(MINUTE_COUNT)
                .where(MINUTE_COUNT.SERVICE_ID.in(services))
                .and(MINUTE_COUNT.AREA.eq(WORLD))
                .and(MINUTE_COUNT.MINUTE_START.ge(utc(latest.minus(RECENT))))
                .and(MINUTE_COUNT.MINUTE_START.lt(utc(latest.plus(Duration.ofMinutes(1)))))
                .forEach(r -> out.add(r.value1(), r.value2().toInstant(), r.value3()));
        return out;
    }

    /** World-wide reporters held in memory: the intake's on H2, or {@link #sharedWorld} on PostgreSQL. */
    private interface WorldSum {
        /** Adds the reporters of the services counted in the minutes starting in [from, to) to {@code out}. */
        void sum(Collection<Integer> services, Instant from, Instant to, Map<Integer, Integer> out);
    }

    /**
     * Distinct reporters world-wide of each service of the batch in the minutes starting within {@link #RECENT} before
     * its latest report, that minute included: those {@code known} holds, plus the batch's own {@code counts}.
     */
    private static Map<Integer, Integer> reporters(WorldSum known, List<NewReport> batch, Instant latest,
            Tally counts) {
        Map<Integer, Integer> out = new HashMap<>();
        Instant from = latest.minus(RECENT);
        Instant to = latest.plus(Duration.ofMinutes(1));
        known.sum(servicesOf(batch), from, to, out);
        counts.addWorld(from, to, out);
        return out;
    }

    private static Set<Integer> servicesOf(List<NewReport> batch) {
        Set<Integer> services = new HashSet<>();
        batch.forEach(r -> services.add(r.serviceId()));
        return services;
    }

    /** The count areas a report adds to: the world, and its country and region when known. */
    public static List<String> areasOf(Location location) {
        List<String> areas = new ArrayList<>(3);
        areas.add(WORLD);
        if (location.country() != null) {
            areas.add(location.country());
        }
        if (location.region() != null) {
            areas.add(location.region());
        }
        return areas;
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
     * H2: adds held counts to a per-minute count table (problems or "works for me"), as one prepared statement bound
     * once per key: the database parses it once per batch, not once per key. Keys go in sorted order. Hourly totals
     * are not written here: the detector sums each hour's minutes once it is over ({@code OutageStore.rollUpHour}),
     * which took a quarter of the writer's time per report off the intake.
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
        counts.forEach((key, n) -> upserts.bind(binds(key, n)));
        upserts.execute();
    }

    private static Map<String, Object> binds(Tally.Key key, int n) {
        return Map.of("s", key.serviceId(), "a", key.area(), "t", utc(key.minute()), "n", n);
    }

    /** Counts the report in when fewer than the cap were counted in the window before it; remembers it if so. */
    private boolean underCap(List<Instant> countedTimes, Instant at) {
        Instant from = at.minus(subnetWindow);
        long inWindow = countedTimes.stream().filter(c -> c.isAfter(from) && !c.isAfter(at)).count();
        if (inWindow >= subnetCap) {
            return false;
        }
        countedTimes.add(at);
        return true;
    }

    /** The columns a report row is written with, in the order of {@link #row}. */
    private static final List<TableField<ReportRecord, ?>> ROW = List.of(REPORT.ID, REPORT.SERVICE_ID,
            REPORT.RECEIVED_AT, REPORT.PROBLEM, REPORT.COUNTRY, REPORT.REGION, REPORT.PLACE, REPORT.LOCATION_SOURCE,
            REPORT.REPORTER_KEY, REPORT.SUBNET_KEY, REPORT.CHANNEL, REPORT.DEMO, REPORT.KIND, REPORT.COUNTED);

    /** The key of a reporter's or a subnet's reports of one kind about one service, in the batch's lookups. */
    private static String key(String reporterOrSubnet, int serviceId, String kind) {
        return reporterOrSubnet + "|" + serviceId + "|" + kind;
    }

    /** A report the batch inserts, and whether it counts. */
    private record Stored(NewReport report, boolean counted) {}

    private static Object[] row(NewReport r, boolean counted) {
        return new Object[] {r.id(), r.serviceId(), utc(r.receivedAt()), r.problem(), r.location().country(),
            r.location().region(), r.location().place(), r.location().source(), r.reporterKey(), r.subnetKey(),
            r.channel(), r.demo(), r.kind().label(), counted};
    }

    /**
     * PostgreSQL: inserts the rows and adds their counts in one statement, each column bound as one array, so that the
     * text is the same whatever the batch's size and the server parses it once. As three statements in a transaction
     * (a multi-row insert, two multi-row upserts and the commit) they were four round trips to a server that shares
     * its cores, and the writer waited on each: 65-68 -> 51-53 µs of writer time per report. Count keys go in the
     * order of {@link Tally}, which unnest keeps.
     */
    private static void insertWithCounts(DSLContext t, List<Stored> rows, Tally counts) {
        List<QueryPart> arrays = new ArrayList<>();
        arrays.addAll(columns(ROW, rows.stream().map(s -> row(s.report(), s.counted())).toList()));
        arrays.addAll(columns(COUNT_ROW, countRows(counts.problems)));
        arrays.addAll(columns(COUNT_ROW, countRows(counts.works)));
        t.query(INSERT_WITH_COUNTS, arrays.toArray(QueryPart[]::new)).execute();
    }

    /** The statement of {@link #insertWithCounts}: the report columns of {@link #ROW}, then twice those of a count. */
    private static final String INSERT_WITH_COUNTS = """
            with reports as (
                insert into report (%s)
                select * from unnest(%s)
            ), problems as (
                insert into minute_count (service_id, area, minute_start, reporters)
                select * from unnest(%s)
                on conflict (service_id, area, minute_start)
                do update set reporters = minute_count.reporters + excluded.reporters
            )
            insert into works_count (service_id, area, minute_start, reporters)
            select * from unnest(%s)
            on conflict (service_id, area, minute_start)
            do update set reporters = works_count.reporters + excluded.reporters
            """.formatted(ROW.stream().map(Field::getName).collect(Collectors.joining(", ")),
                    placeholders(0, ROW.size()), placeholders(ROW.size(), 4), placeholders(ROW.size() + 4, 4));

    /** jOOQ's placeholders {from}, … of {@code count} parameters, for a plain SQL text. */
    private static String placeholders(int from, int count) {
        return IntStream.range(from, from + count).mapToObj(i -> "{" + i + "}").collect(Collectors.joining(", "));
    }

    /** The columns of a count row, in the order of {@link #countRows}. */
    private static final List<TableField<?, ?>> COUNT_ROW = List.of(MINUTE_COUNT.SERVICE_ID, MINUTE_COUNT.AREA,
            MINUTE_COUNT.MINUTE_START, MINUTE_COUNT.REPORTERS);

    private static List<Object[]> countRows(Map<Tally.Key, Integer> counts) {
        List<Object[]> out = new ArrayList<>(counts.size());
        counts.forEach((key, n) -> out.add(new Object[] {key.serviceId(), key.area(), utc(key.minute()), n}));
        return out;
    }

    /** One array parameter per column, of the column's type, holding that column of every row. */
    private static List<Param<?>> columns(List<? extends TableField<?, ?>> fields, List<Object[]> rows) {
        List<Param<?>> out = new ArrayList<>(fields.size());
        for (int c = 0; c < fields.size(); c++) {
            Object column = Array.newInstance(fields.get(c).getType(), rows.size());
            for (int r = 0; r < rows.size(); r++) {
                Array.set(column, r, rows.get(r)[c]);
            }
            out.add(DSL.val(column, fields.get(c).getDataType().array()));
        }
        return out;
    }

    /** H2: inserts the rows as one prepared statement bound once per row. */
    private static void insert(DSLContext t, List<Stored> rows) {
        Object[] nulls = new Object[ROW.size()];
        BatchBindStep inserts = t.batch(t.insertInto(REPORT, ROW).values(nulls));
        rows.forEach(s -> inserts.bind(row(s.report(), s.counted())));
        inserts.execute();
    }

    /** The stored reports among ids that clients chose; ids Outcry minted cannot be retries, so none are asked. */
    private Map<UUID, Report> byId(DSLContext t, List<UUID> ids) {
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
                .<Select<Record>>map(p -> reporterRows(t).where(REPORT.SERVICE_ID.eq(p.getKey()))
                        .and(REPORT.RECEIVED_AT.eq(p.getValue())))
                .reduce(Select::unionAll)
                .ifPresent(union -> union.forEach(r -> keepLatest(out, r, slugs, Instant.MIN)));
        return out;
    }

    /** When the batch's subnets had reports counted, as remembered, keyed like {@link #recentOf}. */
    private Map<String, List<Instant>> rememberedSubnets(List<NewReport> batch) {
        Map<String, List<Instant>> out = new HashMap<>();
        for (NewReport r : batch) {
            out.computeIfAbsent(key(r.subnetKey(), r.serviceId(), r.kind().label()),
                    k -> memory.counted(r.subnetKey(), r.serviceId(), r.kind()));
        }
        return out;
    }

    /**
     * Fills the intake's memory from the reports stored within its windows before {@code now}, and the world-wide
     * counts of the last minutes. Without it, a reporter who reported just before a restart would be counted again
     * just after it, and answers would count the last 15 minutes from the restart.
     */
    private void rememberRecent(Instant now) {
        Duration longest = dedupeWindow.compareTo(subnetWindow) > 0 ? dedupeWindow : subnetWindow;
        // Service by service through the (service, time) index (H2 keeps none on time alone), then in time order.
        List<Record7<UUID, String, String, Integer, String, OffsetDateTime, Boolean>> recent = new ArrayList<>();
        for (int service : dsl.select(SERVICE.ID).from(SERVICE).fetch(SERVICE.ID)) {
            recent.addAll(dsl.select(REPORT.ID, REPORT.REPORTER_KEY, REPORT.SUBNET_KEY, REPORT.SERVICE_ID, REPORT.KIND,
                            REPORT.RECEIVED_AT, REPORT.COUNTED)
                    .from(REPORT)
                    .where(REPORT.SERVICE_ID.eq(service))
                    .and(REPORT.RECEIVED_AT.gt(utc(now.minus(longest))))
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

    /** The batch's reporters' latest reports, and when its subnets had reports counted, keyed as the batch asks. */
    private record Recent(Map<String, Report> reports, Map<String, List<Instant>> countedBySubnet) {}

    /**
     * PostgreSQL: the latest report of each reporter, service and kind of the batch within the dedupe window and,
     * under a subnet cap, when its subnets had reports counted within the cap window, in one query: as two, they were
     * two waits per batch on a server that shares the cores.
     *
     * <p>Reporters: only their keys are asked, so that the database looks them up in their index instead of scanning
     * the window; keys are salted per day, so one key has few rows. Subnets: one lookup per subnet in the (subnet,
     * time) index, joined laterally: with an IN list of subnets, or a lateral join it may flatten, the planner read
     * the whole window by the time index and matched the subnets in a hash: 10 ms a batch at 80,000 reports and
     * growing, against 0.5 ms. Subnet rows carry their subnet and only the service, kind and time of the reporter
     * columns; a reporter's row has no subnet.
     */
    private Recent recentOf(DSLContext t, List<NewReport> batch) {
        Set<String> reporters = new HashSet<>();
        Set<String> subnets = new HashSet<>();
        Map<Integer, String> slugs = new HashMap<>();
        Instant earliest = Instant.MAX;
        for (NewReport r : batch) {
            reporters.add(r.reporterKey());
            subnets.add(r.subnetKey());
            slugs.put(r.serviceId(), r.serviceSlug());
            earliest = r.receivedAt().isBefore(earliest) ? r.receivedAt() : earliest;
        }
        Field<String> subnetOfRow = DSL.field(DSL.name("subnet"), String.class);
        Select<Record> asked = t.select(REPORTER_COLUMNS).select(DSL.castNull(REPORT.SUBNET_KEY).as(subnetOfRow))
                .from(REPORT)
                .where(REPORT.REPORTER_KEY.in(reporters));
        if (subnetCap > 0) {
            Table<?> keys = DSL.unnest(subnets.toArray(String[]::new)).as("batch", "subnet");
            Field<String> subnet = keys.field("subnet", String.class);
            var counted = DSL.select(REPORT.SERVICE_ID, REPORT.KIND, REPORT.RECEIVED_AT)
                    .from(REPORT)
                    .where(REPORT.SUBNET_KEY.eq(subnet))
                    .and(REPORT.RECEIVED_AT.gt(utc(earliest.minus(subnetWindow))))
                    .and(REPORT.COUNTED.isTrue())
                    .offset(DSL.inline(0)) // keeps the planner from flattening the lateral join into one window scan
                    .asTable("counted");
            List<Field<?>> columns = REPORTER_COLUMNS.stream()
                    .<Field<?>>map(f -> counted.field(f) != null ? counted.field(f) : DSL.castNull(f))
                    .toList();
            asked = asked.unionAll(t.select(columns).select(subnet).from(keys).crossJoin(DSL.lateral(counted)));
        }
        Recent out = new Recent(new HashMap<>(), new HashMap<>());
        Instant after = earliest.minus(dedupeWindow);
        asked.forEach(r -> {
            String subnet = r.get(subnetOfRow);
            if (subnet == null) {
                keepLatest(out.reports(), r, slugs, after);
            } else {
                out.countedBySubnet().computeIfAbsent(key(subnet, r.get(REPORT.SERVICE_ID), r.get(REPORT.KIND)),
                        k -> new ArrayList<>()).add(r.get(REPORT.RECEIVED_AT).toInstant());
            }
        });
        return out;
    }

    private static SelectJoinStep<Record> reporterRows(DSLContext t) {
        return t.select(REPORTER_COLUMNS).from(REPORT);
    }

    /** Keeps {@code r} in {@code out} if it is its reporter's latest so far, after {@code after}, of a wanted service. */
    private static void keepLatest(Map<String, Report> out, Record r, Map<Integer, String> slugs, Instant after) {
        String slug = slugs.get(r.get(REPORT.SERVICE_ID));
        if (slug != null && r.get(REPORT.RECEIVED_AT).toInstant().isAfter(after)) {
            out.merge(key(r.get(REPORT.REPORTER_KEY), r.get(REPORT.SERVICE_ID), r.get(REPORT.KIND)), report(r, slug),
                    (a, b) -> a.receivedAt().isAfter(b.receivedAt()) ? a : b);
        }
    }

    private static Report report(Record r, String slug) {
        Location location = new Location(r.get(REPORT.COUNTRY), r.get(REPORT.REGION), r.get(REPORT.PLACE),
                r.get(REPORT.LOCATION_SOURCE));
        return new Report(r.get(REPORT.ID), slug, r.get(REPORT.RECEIVED_AT).toInstant(),
                r.get(REPORT.PROBLEM), location, r.get(REPORT.CHANNEL), r.get(REPORT.DEMO));
    }

    /** What a refinement changed: the problem kind, the region (and the country when it was unknown). */
    public record Refined(boolean problem, boolean place) {}

    /**
     * Adds what a reporter tells after a one-tap report: its problem kind and its place, each only while still unset,
     * only by the same reporter and only for a report received since {@code since}. A place refines within the
     * report's country (or sets the country when it was unknown); the minute's counts gain the new areas, so the
     * report then counts in its region as if it had been sent with it. Held counts are written first, so a restart's
     * recount never counts the refined row twice. Empty when no such report is open to refinement.
     */
    public java.util.Optional<Refined> refine(UUID id, int serviceId, String reporterKey, Instant since,
            String problem, Location place) {
        intake.lock();
        try {
            writeHeld();
            return dsl.transactionResult(tx -> {
                DSLContext t = tx.dsl();
                ReportRecord row = t.selectFrom(REPORT)
                        .where(REPORT.ID.eq(id), REPORT.SERVICE_ID.eq(serviceId), REPORT.REPORTER_KEY.eq(reporterKey),
                                REPORT.RECEIVED_AT.ge(utc(since)), REPORT.KIND.eq(NewReport.Kind.PROBLEM.label()))
                        .forUpdate()
                        .fetchOne();
                if (row == null) {
                    return java.util.Optional.<Refined>empty();
                }
                boolean setProblem = problem != null && row.getProblem() == null;
                if (setProblem) {
                    row.setProblem(problem);
                }
                boolean samePlace = place != null && place.region() != null && row.getRegion() == null
                        && (row.getCountry() == null || row.getCountry().equals(place.country()));
                List<String> added = new ArrayList<>();
                if (samePlace) {
                    if (row.getCountry() == null) {
                        added.add(place.country());
                    }
                    added.add(place.region());
                    row.setCountry(place.country());
                    row.setRegion(place.region());
                    row.setPlace(place.place());
                    row.setLocationSource(place.source());
                }
                if (setProblem || samePlace) {
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
                return java.util.Optional.of(new Refined(setProblem, samePlace));
            });
        } finally {
            intake.unlock();
        }
    }

    /** Distinct reporters of one service and area per minute in [from, to), only the minutes that have any. */
    public Map<Instant, Integer> minuteCounts(int serviceId, String area, Instant from, Instant to) {
        writeCountsForReaders();
        Map<Instant, Integer> out = new TreeMap<>();
        dsl.select(MINUTE_COUNT.MINUTE_START, MINUTE_COUNT.REPORTERS)
                .from(MINUTE_COUNT)
                .where(MINUTE_COUNT.SERVICE_ID.eq(serviceId))
                .and(MINUTE_COUNT.AREA.eq(area))
                .and(MINUTE_COUNT.MINUTE_START.ge(utc(from)))
                .and(MINUTE_COUNT.MINUTE_START.lt(utc(to)))
                .forEach(r -> out.put(r.value1().toInstant(), r.value2()));
        return out;
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

    /** People who said a service works for them, per minute in [from, to), in one area; only minutes that have any. */
    public Map<Instant, Integer> worksCounts(int serviceId, String area, Instant from, Instant to) {
        writeCountsForReaders();
        Map<Instant, Integer> out = new TreeMap<>();
        dsl.select(WORKS_COUNT.MINUTE_START, WORKS_COUNT.REPORTERS)
                .from(WORKS_COUNT)
                .where(WORKS_COUNT.SERVICE_ID.eq(serviceId))
                .and(WORKS_COUNT.AREA.eq(area))
                .and(WORKS_COUNT.MINUTE_START.ge(utc(from)))
                .and(WORKS_COUNT.MINUTE_START.lt(utc(to)))
                .forEach(r -> out.put(r.value1().toInstant(), r.value2()));
        return out;
    }

    /** People who said it works, world-wide, per service in [from, to); services without any are absent. */
    public Map<Integer, Integer> worksBetween(Instant from, Instant to) {
        writeCountsForReaders();
        Map<Integer, Integer> out = new HashMap<>();
        dsl.select(WORKS_COUNT.SERVICE_ID, DSL.sum(WORKS_COUNT.REPORTERS).cast(Integer.class))
                .from(WORKS_COUNT)
                .where(WORKS_COUNT.AREA.eq(WORLD))
                .and(WORKS_COUNT.MINUTE_START.ge(utc(from)))
                .and(WORKS_COUNT.MINUTE_START.lt(utc(to)))
                .groupBy(WORKS_COUNT.SERVICE_ID)
                .forEach(r -> out.put(r.value1(), r.value2()));
        return out;
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
