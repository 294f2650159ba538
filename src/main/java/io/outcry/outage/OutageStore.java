package io.outcry.outage;

import static io.outcry.db.Tables.DETECTOR_TICK;
import static io.outcry.db.Tables.HOUR_COUNT;
import static io.outcry.db.Tables.MINUTE_COUNT;
import static io.outcry.db.Tables.OUTAGE;
import static io.outcry.db.Tables.REPORT;
import static io.outcry.db.Tables.SERVICE;
import static io.outcry.db.Tables.SERVICE_STATUS;
import static io.outcry.db.Tables.WORKS_COUNT;

import io.outcry.counts.SeriesKey;
import io.outcry.db.tables.records.OutageRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

/** The SQL of detection: history for baselines, counts per tick, outages and statuses written per tick. */
public final class OutageStore {
    private static final String TICK_NAME = "detector";
    /** Any constant shared by all nodes: the advisory lock that makes one node the detector of a tick. */
    private static final long TICK_LOCK = 0x6f75_7463_7279L;

    /** The PostgreSQL channel on which committed ticks announce their changes to every node. */
    public static final String CHANNEL = "outcry_events";

    private final DSLContext dsl;
    private final boolean postgres;
    private final String node;

    public OutageStore(DSLContext dsl, boolean postgres) {
        this(dsl, postgres, null);
    }

    /** @param node this node's id, sent with each notification so that the node can skip its own */
    public OutageStore(DSLContext dsl, boolean postgres, String node) {
        this.dsl = dsl;
        this.postgres = postgres;
        this.node = node;
    }


    public Optional<Instant> lastTick() {
        return dsl.select(DETECTOR_TICK.LAST_MINUTE).from(DETECTOR_TICK).where(DETECTOR_TICK.NAME.eq(TICK_NAME))
                .fetchOptional(r -> r.value1().toInstant());
    }

    /** Sets the last tick back to {@code minute} if it is later: the wall clock was set back. */
    public void rewindTicks(Instant minute) {
        dsl.update(DETECTOR_TICK).set(DETECTOR_TICK.LAST_MINUTE, utc(minute))
                .where(DETECTOR_TICK.NAME.eq(TICK_NAME).and(DETECTOR_TICK.LAST_MINUTE.gt(utc(minute)))).execute();
    }

    /**
     * The most named problem kinds of each series since its start, largest share first, at most five: one query for
     * every series of a tick, grouped by service, country, region, kind and minute, then summed per series.
     */
    public Map<SeriesKey, List<Outage.ProblemShare>> problemShares(Map<SeriesKey, Instant> starts, Instant to) {
        Map<SeriesKey, Map<String, Integer>> kinds = new HashMap<>();
        if (starts.isEmpty()) {
            return Map.of();
        }
        Instant earliest = starts.values().stream().min(Instant::compareTo).orElseThrow();
        Set<Integer> services = new HashSet<>();
        starts.keySet().forEach(k -> services.add(k.serviceId()));
        var kind = DSL.coalesce(REPORT.PROBLEM, DSL.inline("other"));
        var minute = DSL.trunc(REPORT.RECEIVED_AT, org.jooq.DatePart.MINUTE);
        dsl.select(REPORT.SERVICE_ID, REPORT.COUNTRY, REPORT.REGION, kind, minute, DSL.count())
                .from(REPORT)
                .where(REPORT.SERVICE_ID.in(services).and(REPORT.KIND.eq("problem")).and(REPORT.COUNTED.isTrue()))
                .and(REPORT.RECEIVED_AT.ge(utc(earliest))).and(REPORT.RECEIVED_AT.lt(utc(to)))
                .groupBy(REPORT.SERVICE_ID, REPORT.COUNTRY, REPORT.REGION, kind, minute)
                .forEach(r -> {
                    Instant at = r.value5().toInstant();
                    for (String area : new String[] {SeriesKey.WORLD, r.value2(), r.value3()}) {
                        SeriesKey key = area == null ? null : new SeriesKey(r.value1(), area);
                        Instant start = key == null ? null : starts.get(key);
                        if (start != null && !at.isBefore(start)) {
                            kinds.computeIfAbsent(key, k -> new HashMap<>()).merge(r.value4(), r.value6(), Integer::sum);
                        }
                    }
                });
        Map<SeriesKey, List<Outage.ProblemShare>> out = new HashMap<>();
        kinds.forEach((key, counts) -> {
            double total = counts.values().stream().mapToInt(Integer::intValue).sum();
            out.put(key, counts.entrySet().stream()
                    .sorted((a, b) -> b.getValue().equals(a.getValue()) ? a.getKey().compareTo(b.getKey())
                            : Integer.compare(b.getValue(), a.getValue()))
                    .limit(5)
                    .map(e -> new Outage.ProblemShare(e.getKey(), Math.round(1000 * e.getValue() / total) / 1000.0))
                    .toList());
        });
        return out;
    }

    /**
     * The most counted problem reports one network (/24 or /48) made to these areas of a service in [from, to): what
     * the largest source added to them. One person is within one network, so this bounds one person too.
     */
    public long largestSubnet(int serviceId, Collection<String> areas, Instant from, Instant to) {
        var n = DSL.count();
        return dsl.select(REPORT.SUBNET_KEY, n)
                .from(REPORT)
                .where(REPORT.SERVICE_ID.eq(serviceId).and(REPORT.KIND.eq("problem")).and(REPORT.COUNTED.isTrue()))
                .and(REPORT.REGION.in(areas).or(REPORT.COUNTRY.in(areas)))
                .and(REPORT.RECEIVED_AT.ge(utc(from))).and(REPORT.RECEIVED_AT.lt(utc(to)))
                .groupBy(REPORT.SUBNET_KEY)
                .orderBy(n.desc())
                .limit(1)
                .fetchOptional(r -> (long) r.value2())
                .orElse(0L);
    }

    public List<Outage> open() {
        return select(OUTAGE.STATE.in("possible", "outage"), 10_000);
    }

    public Optional<Outage> byId(UUID id) {
        return select(OUTAGE.ID.eq(id), 1).stream().findFirst();
    }

    /** A page of episodes, newest first. */
    public List<Outage> find(List<Outage.State> states, Integer serviceId, Instant since, int limit) {
        Condition where = OUTAGE.STATE.in(states.stream().map(Outage.State::label).toList());
        if (serviceId != null) {
            where = where.and(OUTAGE.SERVICE_ID.eq(serviceId));
        }
        if (since != null) {
            where = where.and(OUTAGE.ENDED_AT.isNull().or(OUTAGE.ENDED_AT.ge(utc(since))));
        }
        return select(where, limit);
    }

    /** The newest change to any episode, for ETags and Last-Modified. */
    public Optional<Instant> lastChange() {
        return Optional.ofNullable(dsl.select(DSL.max(OUTAGE.UPDATED_AT)).from(OUTAGE).fetchOne(0, OffsetDateTime.class))
                .map(OffsetDateTime::toInstant);
    }

    private List<Outage> select(Condition where, int limit) {
        return dsl.select(OUTAGE.fields()).select(SERVICE.SLUG)
                .from(OUTAGE).join(SERVICE).on(SERVICE.ID.eq(OUTAGE.SERVICE_ID))
                .where(where)
                .orderBy(OUTAGE.STARTED_AT.desc(), OUTAGE.ID)
                .limit(limit)
                .fetch(OutageStore::outage);
    }

    public List<ServiceStatus> statuses() {
        return dsl.selectFrom(SERVICE_STATUS).fetch(r -> new ServiceStatus(r.getServiceId(),
                Outage.State.valueOf(r.getState().toUpperCase(Locale.ROOT)), r.getObserved(), r.getExpected(),
                r.getUpdatedAt().toInstant()));
    }

    /**
     * The last tick written, the episodes open after it and those that closed within {@code closedWithin} before it,
     * read in that order: a node's view of the others' work.
     */
    public record View(Optional<Instant> lastTick, List<Outage> open, List<Outage> recentlyClosed) {}

    public View view(Duration closedWithin) {
        Optional<Instant> last = lastTick();
        List<Outage> open = open();
        List<Outage> closed = last.map(t -> select(OUTAGE.STATE.in("resolved", "dismissed")
                .and(OUTAGE.UPDATED_AT.ge(utc(t.minus(closedWithin)))), 10_000)).orElse(List.of());
        return new View(last, open, closed);
    }

    /** Writes one tick without telling other nodes; see {@link #commitTick(Instant, Optional, List, List, List)}. */
    public boolean commitTick(Instant minute, List<Outage> changed, List<ServiceStatus> statuses) {
        return commitTick(minute, null, changed, statuses, List.of());
    }

    /**
     * Writes one tick in one transaction: the episodes that changed, the statuses, and the tick itself. On PostgreSQL
     * the tick first takes an advisory lock, so only one node writes a tick and a paused former leader cannot, and
     * the changes are announced with {@code NOTIFY} in the same transaction, so other nodes hear of a tick only once
     * it committed.
     *
     * @param basedOn the last tick the caller's open episodes reflect; the tick is refused if the table moved on since
     *     (another node wrote in between), so a stale view never opens a second episode. Null skips the check.
     * @return false when another node holds the lock, already wrote this minute, or wrote since {@code basedOn};
     *     nothing was written
     */
    public boolean commitTick(Instant minute, Optional<Instant> basedOn, List<Outage> changed,
            List<ServiceStatus> statuses, List<OutageChange> events) {
        return commitTick(minute, basedOn, changed, statuses, events, List.of());
    }

    /**
     * As {@link #commitTick(Instant, Optional, List, List, List)}, also deleting the rows of {@code merged}: records
     * that joined the record of an area above them, the same outage, so that the history shows it once.
     */
    public boolean commitTick(Instant minute, Optional<Instant> basedOn, List<Outage> changed,
            List<ServiceStatus> statuses, List<OutageChange> events, Collection<UUID> merged) {
        return dsl.transactionResult(tx -> {
            DSLContext t = tx.dsl();
            if (postgres && !Boolean.TRUE.equals(
                    t.fetchValue(DSL.field("pg_try_advisory_xact_lock({0})", Boolean.class, DSL.val(TICK_LOCK))))) {
                return false;
            }
            Optional<Instant> last = t.select(DETECTOR_TICK.LAST_MINUTE).from(DETECTOR_TICK)
                    .where(DETECTOR_TICK.NAME.eq(TICK_NAME)).forUpdate()
                    .fetchOptional(r -> r.value1().toInstant());
            if (last.isPresent() && !last.get().isBefore(minute)) {
                return false;
            }
            if (basedOn != null && !basedOn.equals(last)) {
                return false;
            }
            if (!merged.isEmpty()) {
                t.deleteFrom(OUTAGE).where(OUTAGE.ID.in(merged)).execute();
            }
            for (Outage o : changed) {
                OutageRecord r = record(t, o);
                t.insertInto(OUTAGE).set(r).onConflict(OUTAGE.ID).doUpdate().set(r).execute();
            }
            List<org.jooq.Query> upserts = new ArrayList<>(statuses.size());
            for (ServiceStatus s : statuses) {
                upserts.add(t.insertInto(SERVICE_STATUS)
                        .set(SERVICE_STATUS.SERVICE_ID, s.serviceId())
                        .set(SERVICE_STATUS.STATE, s.state().label())
                        .set(SERVICE_STATUS.OBSERVED, s.observed())
                        .set(SERVICE_STATUS.EXPECTED, s.expected())
                        .set(SERVICE_STATUS.UPDATED_AT, utc(s.updatedAt()))
                        .onConflict(SERVICE_STATUS.SERVICE_ID)
                        .doUpdate()
                        .set(SERVICE_STATUS.STATE, s.state().label())
                        .set(SERVICE_STATUS.OBSERVED, s.observed())
                        .set(SERVICE_STATUS.EXPECTED, s.expected())
                        .set(SERVICE_STATUS.UPDATED_AT, utc(s.updatedAt())));
            }
            if (!upserts.isEmpty()) {
                t.batch(upserts).execute();
            }
            t.insertInto(DETECTOR_TICK, DETECTOR_TICK.NAME, DETECTOR_TICK.LAST_MINUTE)
                    .values(TICK_NAME, utc(minute))
                    .onConflict(DETECTOR_TICK.NAME)
                    .doUpdate()
                    .set(DETECTOR_TICK.LAST_MINUTE, utc(minute))
                    .execute();
            if (postgres && node != null) {
                for (OutageChange e : events) {
                    t.execute("select pg_notify({0}, {1})", DSL.inline(CHANNEL), DSL.val(notice(node, e)));
                }
            }
            return true;
        });
    }

    /** The payload of one change on {@value #CHANNEL}: small and fixed in size, receivers load the episode by id. */
    static String notice(String node, OutageChange e) {
        return "{\"node\":\"" + node + "\",\"kind\":\"" + e.kind() + "\",\"outage\":\"" + e.outage().id() + "\"}";
    }

    private static OutageRecord record(DSLContext t, Outage o) {
        OutageRecord r = t.newRecord(OUTAGE);
        r.setId(o.id());
        r.setServiceId(o.serviceId());
        r.setScope(o.scope());
        r.setState(o.state().label());
        r.setStartedAt(utc(o.startedAt()));
        r.setDetectedAt(utc(o.detectedAt()));
        r.setConfirmedAt(utc(o.confirmedAt()));
        r.setEndedAt(utc(o.endedAt()));
        r.setUpdatedAt(utc(o.updatedAt()));
        r.setPeakAt(utc(o.peakAt()));
        r.setPeakObserved(o.peakObserved());
        r.setPeakExpected(o.peakExpected());
        r.setReporters(o.reporters());
        r.setProblems(String.join(",", o.problems().stream().map(p -> p.kind() + ":" + p.share()).toList()));
        r.setRegions(joinWithin(o.regions(), REGIONS_LENGTH));
        return r;
    }

    /** The width of {@code outage.regions}: a mass outage lists its first areas, not a value the column refuses. */
    static final int REGIONS_LENGTH = 2_000;

    static String joinWithin(List<String> codes, int max) {
        StringBuilder b = new StringBuilder();
        for (String code : codes) {
            if (b.length() + (b.isEmpty() ? 0 : 1) + code.length() > max) {
                break;
            }
            if (!b.isEmpty()) {
                b.append(',');
            }
            b.append(code);
        }
        return b.toString();
    }

    private static Outage outage(Record r) {
        List<Outage.ProblemShare> problems = new ArrayList<>();
        String p = r.get(OUTAGE.PROBLEMS);
        if (p != null && !p.isBlank()) {
            for (String part : p.split(",")) {
                int colon = part.lastIndexOf(':');
                problems.add(new Outage.ProblemShare(part.substring(0, colon),
                        Double.parseDouble(part.substring(colon + 1))));
            }
        }
        String regions = r.get(OUTAGE.REGIONS);
        return new Outage(
                r.get(OUTAGE.ID),
                r.get(OUTAGE.SERVICE_ID),
                r.get(SERVICE.SLUG),
                r.get(OUTAGE.SCOPE),
                Outage.State.valueOf(r.get(OUTAGE.STATE).toUpperCase(Locale.ROOT)),
                instant(r.get(OUTAGE.STARTED_AT)),
                instant(r.get(OUTAGE.DETECTED_AT)),
                instant(r.get(OUTAGE.CONFIRMED_AT)),
                instant(r.get(OUTAGE.ENDED_AT)),
                instant(r.get(OUTAGE.UPDATED_AT)),
                instant(r.get(OUTAGE.PEAK_AT)),
                r.get(OUTAGE.PEAK_OBSERVED),
                r.get(OUTAGE.PEAK_EXPECTED),
                r.get(OUTAGE.REPORTERS),
                problems,
                regions == null || regions.isBlank() ? List.of() : Arrays.asList(regions.split(",")));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
