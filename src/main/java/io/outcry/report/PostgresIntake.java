package io.outcry.report;

import static io.outcry.counts.CountTime.utc;
import static io.outcry.counts.SeriesKey.WORLD;
import static io.outcry.db.Tables.MINUTE_COUNT;
import static io.outcry.db.Tables.REPORT;
import static io.outcry.db.Tables.WORKS_COUNT;

import java.lang.reflect.Array;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.QueryPart;
import org.jooq.Record;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.jooq.impl.DSL;

/**
 * The intake on PostgreSQL, which several nodes share. Each batch asks the database for its reporters' and subnets'
 * recent reports in one query, then inserts the rows and adds their counts in one statement, atomic on its own: a
 * transaction around them would be a round trip more (its commit) and protect nothing more. No count is held in
 * memory, so no node's crash can lose any: opening, writing held counts and the memory figures are the
 * interface's defaults, which do nothing.
 */
final class PostgresIntake implements Intake {
    /** How old, by report time, {@link #sharedWorld} gets before it is read again. */
    static final Duration SHARED_WORLD_MAX_AGE = Duration.ofSeconds(1);

    private final DSLContext dsl;
    private final DSLContext writes;
    private final Triage.Rules rules;
    /**
     * Each service's world-wide reporters per recent minute as every node's counts stood when they were last read,
     * plus this node's batches since. They are read again by the first batch a second later by report time, in a
     * later minute, or with a service not read yet, rather than with every batch, which would cost a query per
     * batch. An answer can miss the reports other nodes stored in the last second.
     */
    private WorldMinutes sharedWorld = new WorldMinutes();
    /**
     * The services {@link #sharedWorld} holds, with the latest report of each this node stored. One without a report
     * for {@link #RECENT} is not read again until it has one.
     */
    private final Map<Integer, Instant> sharedWorldServices = new HashMap<>();
    private Instant sharedWorldReadAt = Instant.MIN;

    PostgresIntake(DSLContext dsl, DSLContext writes, Triage.Rules rules) {
        this.dsl = dsl;
        this.writes = writes;
        this.rules = rules;
    }

    /** One statement per batch (see the class). */
    @Override
    public synchronized List<Accepted> write(List<NewReport> batch) {
        try {
            return store(batch, false);
        } catch (IntegrityConstraintViolationException e) {
            // A retry of a report stored before, by this node or another: nothing was written; ask every id. Retries
            // are rare, so ids are not asked with every batch.
            return store(batch, true);
        }
    }

    /**
     * @param askEveryClientId whether every id a client chose is looked up as a possible retry, or none; the report's
     *     unique id refuses a retry not looked up
     */
    private List<Accepted> store(List<NewReport> batch, boolean askEveryClientId) {
        Instant latest = Triage.latestOf(batch);
        boolean readsSharedWorld = sharedWorldDue(batch, latest);
        // Read before the write: a read that fails stores nothing.
        WorldMinutes world = readsSharedWorld ? readWorld(servicesToRead(batch, latest), latest) : sharedWorld;
        Map<String, Report> latestReports = new HashMap<>();
        Map<String, List<Instant>> countedBySubnet = new HashMap<>();
        readRecent(batch, latestReports, countedBySubnet);
        List<java.util.UUID> asked = askEveryClientId
                ? batch.stream().filter(NewReport::idFromClient).map(NewReport::id).toList() : List.of();
        Triage triage = Triage.of(batch, new Triage.Known(ReportRows.byId(writes, asked), latestReports,
                countedBySubnet), rules);
        if (!triage.inserted.isEmpty()) {
            insertWithCounts(triage.inserted, triage.counts);
        }
        List<Accepted> answers = triage.accepted(world::sum);
        if (readsSharedWorld) {
            sharedWorld = world;
            sharedWorldReadAt = latest;
            sharedWorldServices.values().removeIf(last -> last.isBefore(latest.minus(RECENT))); // not read
        }
        sharedWorld.add(triage.counts);
        batch.forEach(r -> sharedWorldServices.merge(r.serviceId(), r.receivedAt(), (a, b) -> a.isAfter(b) ? a : b));
        return answers;
    }

    /** The services {@link #sharedWorld} is read for: the batch's, and those with a report within {@link #RECENT}. */
    private Set<Integer> servicesToRead(List<NewReport> batch, Instant latest) {
        Set<Integer> services = Triage.servicesOf(batch);
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
                || !sharedWorldServices.keySet().containsAll(Triage.servicesOf(batch));
    }

    /**
     * Distinct reporters world-wide per minute of the services, in the minutes that start within {@link #RECENT} before
     * {@code latest}, up to its own, as the count table holds them.
     */
    private WorldMinutes readWorld(Collection<Integer> services, Instant latest) {
        WorldMinutes out = new WorldMinutes();
        writes.select(MINUTE_COUNT.SERVICE_ID, MINUTE_COUNT.MINUTE_START, MINUTE_COUNT.REPORTERS)
                .from(MINUTE_COUNT)
                .where(MINUTE_COUNT.SERVICE_ID.in(services))
                .and(MINUTE_COUNT.AREA.eq(WORLD))
                .and(MINUTE_COUNT.MINUTE_START.ge(utc(latest.minus(RECENT))))
                .and(MINUTE_COUNT.MINUTE_START.lt(utc(latest.plus(Duration.ofMinutes(1)))))
                .forEach(r -> out.add(r.value1(), r.value2().toInstant(), r.value3()));
        return out;
    }

    /**
     * Fills {@code latest} with the latest report of each reporter, service and kind of the batch within the dedupe
     * window and, under a subnet cap, {@code countedBySubnet} with when its subnets had reports counted within the cap
     * window, in one query rather than two waits per batch on a server that shares the cores.
     *
     * <p>Reporters: only their keys are asked, so that the database looks them up in their index instead of scanning
     * the window; keys are salted per day, so one key has few rows. Subnets: one lookup per subnet in the (subnet,
     * time) index, joined laterally. With an IN list of subnets, or a lateral join it may flatten, the planner reads
     * the whole window by the time index and matches the subnets in a hash, a cost that grows with the window. Subnet
     * rows carry their subnet and only the service, kind and time of the reporter columns; a reporter's row has none.
     */
    private void readRecent(List<NewReport> batch, Map<String, Report> latest,
            Map<String, List<Instant>> countedBySubnet) {
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
        Select<Record> asked = writes.select(ReportRows.REPORTER_COLUMNS)
                .select(DSL.castNull(REPORT.SUBNET_KEY).as(subnetOfRow))
                .from(REPORT)
                .where(REPORT.REPORTER_KEY.in(reporters));
        if (rules.subnetCap() > 0) {
            asked = asked.unionAll(countedOfSubnets(subnets, earliest));
        }
        Instant after = earliest.minus(rules.dedupeWindow());
        asked.forEach(r -> {
            String subnet = r.get(subnetOfRow);
            if (subnet == null) {
                ReportRows.keepLatest(latest, r, slugs, after);
            } else {
                countedBySubnet.computeIfAbsent(Triage.key(subnet, r.get(REPORT.SERVICE_ID), r.get(REPORT.KIND)),
                        k -> new ArrayList<>()).add(r.get(REPORT.RECEIVED_AT).toInstant());
            }
        });
    }

    /** The counted reports of each subnet within the cap window before {@code earliest}, as rows of {@link #readRecent}. */
    private Select<Record> countedOfSubnets(Set<String> subnets, Instant earliest) {
        Table<?> keys = DSL.unnest(subnets.toArray(String[]::new)).as("batch", "subnet");
        Field<String> subnet = keys.field("subnet", String.class);
        var counted = DSL.select(REPORT.SERVICE_ID, REPORT.KIND, REPORT.RECEIVED_AT)
                .from(REPORT)
                .where(REPORT.SUBNET_KEY.eq(subnet))
                .and(REPORT.RECEIVED_AT.gt(utc(earliest.minus(rules.subnetWindow()))))
                .and(REPORT.COUNTED.isTrue())
                .offset(DSL.inline(0)) // keeps the planner from flattening the lateral join into one window scan
                .asTable("counted");
        List<Field<?>> columns = ReportRows.REPORTER_COLUMNS.stream()
                .<Field<?>>map(f -> counted.field(f) != null ? counted.field(f) : DSL.castNull(f))
                .toList();
        return writes.select(columns).select(subnet).from(keys).crossJoin(DSL.lateral(counted));
    }

    /**
     * Inserts the rows and adds their counts in one statement, each column bound as one array, so that the text is
     * the same whatever the batch's size and the server parses it once. As separate statements in a transaction (a
     * multi-row insert, two multi-row upserts and the commit) they would be four round trips to a server that shares
     * its cores, each one a wait for the writer. Count keys go in the order of {@link Tally}, which unnest keeps.
     */
    private void insertWithCounts(List<Triage.Stored> rows, Tally counts) {
        List<QueryPart> arrays = new ArrayList<>();
        arrays.addAll(columns(ReportRows.ROW, rows.stream().map(ReportRows::row).toList()));
        arrays.addAll(columns(COUNT_ROW, countRows(counts.problems)));
        arrays.addAll(columns(COUNT_ROW, countRows(counts.works)));
        writes.query(INSERT_WITH_COUNTS, arrays.toArray(QueryPart[]::new)).execute();
    }

    /**
     * The statement of {@link #insertWithCounts}: the report columns of {@link ReportRows#ROW}, then twice a count's,
     * each bound as one array and unnested into rows.
     */
    private static final String INSERT_WITH_COUNTS = """
            with reports as (
                insert into %s (%s)
                select * from unnest(%s)
            ), problems as (
            %s
            )
            %s
            """.formatted(REPORT.getName(), ReportRows.ROW.stream().map(Field::getName).collect(Collectors.joining(", ")),
                    placeholders(0, ReportRows.ROW.size()),
                    countUpsert(MINUTE_COUNT, MINUTE_COUNT.SERVICE_ID, MINUTE_COUNT.AREA, MINUTE_COUNT.MINUTE_START,
                            MINUTE_COUNT.REPORTERS, ReportRows.ROW.size()),
                    countUpsert(WORKS_COUNT, WORKS_COUNT.SERVICE_ID, WORKS_COUNT.AREA, WORKS_COUNT.MINUTE_START,
                            WORKS_COUNT.REPORTERS, ReportRows.ROW.size() + 4));

    /** Adds unnested count rows, parameters {from} to {from + 3}, to a per-minute count table. */
    private static String countUpsert(Table<?> table, Field<?> service, Field<?> area, Field<?> start,
            Field<?> reporters, int from) {
        String t = table.getName();
        String key = service.getName() + ", " + area.getName() + ", " + start.getName();
        String n = reporters.getName();
        return """
                insert into %s (%s, %s)
                select * from unnest(%s)
                on conflict (%s)
                do update set %s = %s.%s + excluded.%s""".formatted(t, key, n, placeholders(from, 4), key, n, t, n, n);
    }

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

    /** In a transaction of its own beside the writer's: the counts it adds are written by the same statements. */
    @Override
    public Optional<Refinement> refine(UUID id, int serviceId, String reporterKey, Instant since, String problem,
            Location place) {
        return ReportRows.refine(dsl, id, serviceId, reporterKey, since, problem, place);
    }
}
