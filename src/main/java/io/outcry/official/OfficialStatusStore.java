package io.outcry.official;

import static io.outcry.db.Tables.OFFICIAL_INCIDENT;
import static io.outcry.db.Tables.OFFICIAL_LINK;
import static io.outcry.db.Tables.OFFICIAL_SOURCE;
import static io.outcry.db.Tables.OFFICIAL_UPDATE;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.outcry.db.tables.records.OfficialSourceRecord;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.UpdateSetMoreStep;
import org.jooq.impl.DSL;

/** The SQL of official status: sources and their poll state, the services they speak for, incidents and updates. */
public final class OfficialStatusStore {
    /** Any constant shared by all nodes: the advisory lock under which one node claims the due sources. */
    private static final long POLL_LOCK = 0x6f66_6669_6369_616cL;
    /** Incidents acknowledged longer ago than this are not kept (unless still open). */
    static final Duration KEEP = Duration.ofDays(120);

    private final DSLContext dsl;
    private final boolean postgres;

    public OfficialStatusStore(DSLContext dsl, boolean postgres) {
        this.dsl = dsl;
        this.postgres = postgres;
    }

    /** A URL due for a poll, claimed by this node, with the validators of its last answer. */
    record Due(String url, String page, Format format, String etag, String lastModified, int failures) {}

    /**
     * Brings the sources and links up to date with the catalog: new URLs are due at once, known ones keep their
     * state; links of pages the catalog no longer names are removed (their incidents stay, for history).
     *
     * @param serviceIds slug to id of the live services
     */
    public void seed(List<OfficialSource> sources, Map<String, Integer> serviceIds, Instant now) {
        dsl.transaction(tx -> {
            DSLContext t = tx.dsl();
            Set<String> linked = new HashSet<>();
            for (OfficialSource s : sources) {
                Integer serviceId = serviceIds.get(s.service());
                if (serviceId == null) {
                    continue;
                }
                for (String url : s.format().urls(s.url())) {
                    t.insertInto(OFFICIAL_SOURCE)
                            .set(OFFICIAL_SOURCE.URL, url)
                            .set(OFFICIAL_SOURCE.PAGE, s.url())
                            .set(OFFICIAL_SOURCE.FORMAT, s.format().label())
                            .set(OFFICIAL_SOURCE.NEXT_POLL_AT, utc(now))
                            .onConflict(OFFICIAL_SOURCE.URL)
                            .doUpdate()
                            .set(OFFICIAL_SOURCE.FORMAT, s.format().label())
                            .execute();
                }
                String components = String.join("|", s.components());
                t.insertInto(OFFICIAL_LINK)
                        .set(OFFICIAL_LINK.SERVICE_ID, serviceId)
                        .set(OFFICIAL_LINK.PAGE, s.url())
                        .set(OFFICIAL_LINK.COMPONENTS, components)
                        .onConflict(OFFICIAL_LINK.SERVICE_ID, OFFICIAL_LINK.PAGE)
                        .doUpdate()
                        .set(OFFICIAL_LINK.COMPONENTS, components)
                        .execute();
                linked.add(serviceId + " " + s.url());
            }
            for (Record r : t.select(OFFICIAL_LINK.SERVICE_ID, OFFICIAL_LINK.PAGE).from(OFFICIAL_LINK).fetch()) {
                if (!linked.contains(r.get(OFFICIAL_LINK.SERVICE_ID) + " " + r.get(OFFICIAL_LINK.PAGE))) {
                    t.deleteFrom(OFFICIAL_LINK).where(OFFICIAL_LINK.SERVICE_ID.eq(r.get(OFFICIAL_LINK.SERVICE_ID)))
                            .and(OFFICIAL_LINK.PAGE.eq(r.get(OFFICIAL_LINK.PAGE))).execute();
                }
            }
            // A URL no page names any more is never due again.
            Set<String> urls = new HashSet<>();
            sources.forEach(s -> urls.addAll(s.format().urls(s.url())));
            t.update(OFFICIAL_SOURCE).set(OFFICIAL_SOURCE.NEXT_POLL_AT, utc(Instant.parse("9999-01-01T00:00:00Z")))
                    .where(urls.isEmpty() ? DSL.trueCondition() : OFFICIAL_SOURCE.URL.notIn(urls))
                    .execute();
        });
    }

    /**
     * Claims up to {@code limit} due URLs for this node by moving their next poll {@code lease} ahead, in one
     * transaction. On PostgreSQL the claim first takes an advisory lock, as the detector's tick does, so the nodes
     * claim one after the other and no URL is claimed twice; a node that dies after its claim leaves the URLs to be
     * claimed again when the lease ends.
     */
    List<Due> claimDue(Instant now, Duration lease, int limit) {
        return dsl.transactionResult(tx -> {
            DSLContext t = tx.dsl();
            if (postgres && !Boolean.TRUE.equals(
                    t.fetchValue(DSL.field("pg_try_advisory_xact_lock({0})", Boolean.class, DSL.val(POLL_LOCK))))) {
                return List.of();
            }
            List<Due> due = t.select(OFFICIAL_SOURCE.URL, OFFICIAL_SOURCE.PAGE, OFFICIAL_SOURCE.FORMAT,
                            OFFICIAL_SOURCE.ETAG, OFFICIAL_SOURCE.LAST_MODIFIED, OFFICIAL_SOURCE.FAILURES)
                    .from(OFFICIAL_SOURCE)
                    .where(OFFICIAL_SOURCE.NEXT_POLL_AT.le(utc(now)))
                    .orderBy(OFFICIAL_SOURCE.NEXT_POLL_AT, OFFICIAL_SOURCE.URL)
                    .limit(limit)
                    .forUpdate()
                    .fetch(r -> new Due(r.value1(), r.value2(), Format.of(r.value3()), r.value4(), r.value5(),
                            r.value6()));
            if (!due.isEmpty()) {
                t.update(OFFICIAL_SOURCE).set(OFFICIAL_SOURCE.NEXT_POLL_AT, utc(now.plus(lease)))
                        .where(OFFICIAL_SOURCE.URL.in(due.stream().map(Due::url).toList()))
                        .execute();
            }
            return due;
        });
    }

    /** A 304: the source answered, nothing changed. */
    void notModified(String url, Instant now, Instant next) {
        answered(dsl, now, next).where(OFFICIAL_SOURCE.URL.eq(url)).execute();
    }

    /** The update of a source that answered now: read fine, its run of failures over, read again at {@code next}. */
    private static UpdateSetMoreStep<OfficialSourceRecord> answered(DSLContext t, Instant now, Instant next) {
        return t.update(OFFICIAL_SOURCE)
                .set(OFFICIAL_SOURCE.CHECKED_AT, utc(now))
                .set(OFFICIAL_SOURCE.OK_AT, utc(now))
                .set(OFFICIAL_SOURCE.FIRST_OK_AT, DSL.coalesce(OFFICIAL_SOURCE.FIRST_OK_AT, utc(now)))
                .set(OFFICIAL_SOURCE.FAILING_SINCE, (OffsetDateTime) null)
                .set(OFFICIAL_SOURCE.FAILURES, 0)
                .set(OFFICIAL_SOURCE.ERROR, (String) null)
                .set(OFFICIAL_SOURCE.NEXT_POLL_AT, utc(next));
    }

    /** A failure: kept with its reason; the run of failures starts at the first one. */
    void failed(String url, String reason, Instant now, Instant next) {
        dsl.update(OFFICIAL_SOURCE)
                .set(OFFICIAL_SOURCE.CHECKED_AT, utc(now))
                .set(OFFICIAL_SOURCE.FAILING_SINCE, DSL.coalesce(OFFICIAL_SOURCE.FAILING_SINCE, utc(now)))
                .set(OFFICIAL_SOURCE.FAILURES, OFFICIAL_SOURCE.FAILURES.plus(1))
                .set(OFFICIAL_SOURCE.ERROR, reason.length() > 300 ? reason.substring(0, 300) : reason)
                .set(OFFICIAL_SOURCE.NEXT_POLL_AT, utc(next))
                .where(OFFICIAL_SOURCE.URL.eq(url))
                .execute();
    }

    /** Moves every other URL of the same host to no earlier than {@code until}: backoff is per host. */
    void deferHost(String scheme, String host, Instant until) {
        String prefix = scheme + "://" + host;
        dsl.update(OFFICIAL_SOURCE)
                .set(OFFICIAL_SOURCE.NEXT_POLL_AT, utc(until))
                .where(OFFICIAL_SOURCE.URL.eq(prefix).or(OFFICIAL_SOURCE.URL.startsWith(prefix + "/"))
                        .or(OFFICIAL_SOURCE.URL.startsWith(prefix + ":")))
                .and(OFFICIAL_SOURCE.NEXT_POLL_AT.lt(utc(until)))
                .execute();
    }

    /**
     * Stores a new answer: the source's state, its new and changed incidents with their updates, and, when the
     * answer lists every open incident, the end of those it no longer lists. Returns what changed.
     */
    List<OfficialChange> read(String url, String page, Snapshot s, String etag, String lastModified, Instant now,
            Instant next) {
        return dsl.transactionResult(tx -> {
            DSLContext t = tx.dsl();
            answered(t, now, next)
                    .set(OFFICIAL_SOURCE.ETAG, cut(etag, 200))
                    .set(OFFICIAL_SOURCE.LAST_MODIFIED, cut(lastModified, 100))
                    .set(OFFICIAL_SOURCE.INDICATOR, s.indicator())
                    .set(OFFICIAL_SOURCE.DESCRIPTION, cut(s.description(), 300))
                    .where(OFFICIAL_SOURCE.URL.eq(url))
                    .execute();
            Map<String, Record> known = new HashMap<>();
            for (Record r : t.select(OFFICIAL_INCIDENT.EXTERNAL_ID, OFFICIAL_INCIDENT.UPDATED_AT,
                    OFFICIAL_INCIDENT.RESOLVED_AT, OFFICIAL_INCIDENT.STATUS).from(OFFICIAL_INCIDENT)
                    .where(OFFICIAL_INCIDENT.PAGE.eq(page)).fetch()) {
                known.put(r.get(OFFICIAL_INCIDENT.EXTERNAL_ID), r);
            }
            List<OfficialChange> changes = new ArrayList<>();
            Set<String> listed = new HashSet<>();
            for (OfficialIncident i : s.incidents()) {
                String id = cut(i.id(), 200);
                listed.add(id);
                Record before = known.get(id);
                if (before == null && i.resolvedAt() != null && i.acknowledgedAt().isBefore(now.minus(KEEP))) {
                    continue;
                }
                if (before != null && instant(before.get(OFFICIAL_INCIDENT.UPDATED_AT)).equals(i.updatedAt())
                        && i.status().equals(before.get(OFFICIAL_INCIDENT.STATUS))) {
                    continue;
                }
                write(t, page, id, i, now);
                boolean wasOpen = before != null && before.get(OFFICIAL_INCIDENT.RESOLVED_AT) == null;
                changes.add(new OfficialChange(before == null ? (i.resolvedAt() == null ? OfficialChange.Kind.OPENED
                        : OfficialChange.Kind.RESOLVED) : wasOpen && i.resolvedAt() != null
                        ? OfficialChange.Kind.RESOLVED : OfficialChange.Kind.UPDATED, page, i));
            }
            if (s.complete()) {
                for (Map.Entry<String, Record> e : known.entrySet()) {
                    if (!listed.contains(e.getKey()) && e.getValue().get(OFFICIAL_INCIDENT.RESOLVED_AT) == null) {
                        // Gone from a list of every open incident: it ended, at the latest now.
                        t.update(OFFICIAL_INCIDENT).set(OFFICIAL_INCIDENT.RESOLVED_AT, utc(now))
                                .set(OFFICIAL_INCIDENT.STATUS, "resolved")
                                .set(OFFICIAL_INCIDENT.UPDATED_AT, utc(now))
                                .where(OFFICIAL_INCIDENT.PAGE.eq(page))
                                .and(OFFICIAL_INCIDENT.EXTERNAL_ID.eq(e.getKey()))
                                .execute();
                        incident(t, page, e.getKey()).ifPresent(i -> changes.add(
                                new OfficialChange(OfficialChange.Kind.RESOLVED, page, i)));
                    }
                }
            }
            return changes;
        });
    }

    private static void write(DSLContext t, String page, String id, OfficialIncident i, Instant now) {
        var r = t.newRecord(OFFICIAL_INCIDENT);
        r.setPage(page);
        r.setExternalId(id);
        r.setTitle(cut(i.title(), 500));
        r.setImpact(cut(i.impact(), 20));
        r.setStatus(cut(i.status(), 40));
        r.setAcknowledgedAt(utc(i.acknowledgedAt()));
        r.setStartedAt(utc(i.startedAt()));
        r.setUpdatedAt(utc(i.updatedAt()));
        r.setResolvedAt(utc(i.resolvedAt()));
        r.setLink(cut(i.link(), 500));
        r.setComponents(cut(String.join("|", i.components()), 2000));
        r.setRegions(cut(String.join("|", i.regions()), 500));
        r.setFirstSeenAt(utc(now));
        t.insertInto(OFFICIAL_INCIDENT).set(r)
                .onConflict(OFFICIAL_INCIDENT.PAGE, OFFICIAL_INCIDENT.EXTERNAL_ID)
                .doUpdate()
                .set(OFFICIAL_INCIDENT.TITLE, r.getTitle())
                .set(OFFICIAL_INCIDENT.IMPACT, r.getImpact())
                .set(OFFICIAL_INCIDENT.STATUS, r.getStatus())
                .set(OFFICIAL_INCIDENT.ACKNOWLEDGED_AT, r.getAcknowledgedAt())
                .set(OFFICIAL_INCIDENT.STARTED_AT, r.getStartedAt())
                .set(OFFICIAL_INCIDENT.UPDATED_AT, r.getUpdatedAt())
                .set(OFFICIAL_INCIDENT.RESOLVED_AT, r.getResolvedAt())
                .set(OFFICIAL_INCIDENT.LINK, r.getLink())
                .set(OFFICIAL_INCIDENT.COMPONENTS, r.getComponents())
                .set(OFFICIAL_INCIDENT.REGIONS, r.getRegions())
                .execute();
        t.deleteFrom(OFFICIAL_UPDATE).where(OFFICIAL_UPDATE.PAGE.eq(page)).and(OFFICIAL_UPDATE.EXTERNAL_ID.eq(id))
                .execute();
        int position = 0;
        for (OfficialIncident.Update u : i.updates()) {
            t.insertInto(OFFICIAL_UPDATE)
                    .set(OFFICIAL_UPDATE.PAGE, page)
                    .set(OFFICIAL_UPDATE.EXTERNAL_ID, id)
                    .set(OFFICIAL_UPDATE.POSITION, position++)
                    .set(OFFICIAL_UPDATE.AT, utc(u.at()))
                    .set(OFFICIAL_UPDATE.STATUS, cut(u.status(), 40))
                    .set(OFFICIAL_UPDATE.BODY, cut(u.body(), 4000))
                    .execute();
        }
    }

    /**
     * Every page's poll state, by page: the state of the URL the catalog names. A second URL (Statuspage's
     * incidents.json, which some pages refuse) adds resolution times when it answers; its failures are logged and do
     * not make the page unavailable.
     */
    public Map<String, PageState> pages() {
        Map<String, PageState> out = new HashMap<>();
        for (Record r : dsl.selectFrom(OFFICIAL_SOURCE).where(OFFICIAL_SOURCE.URL.eq(OFFICIAL_SOURCE.PAGE)).fetch()) {
            out.put(r.get(OFFICIAL_SOURCE.PAGE), new PageState(r.get(OFFICIAL_SOURCE.PAGE),
                    Format.of(r.get(OFFICIAL_SOURCE.FORMAT)), instant(r.get(OFFICIAL_SOURCE.CHECKED_AT)),
                    instant(r.get(OFFICIAL_SOURCE.FIRST_OK_AT)), instant(r.get(OFFICIAL_SOURCE.OK_AT)),
                    instant(r.get(OFFICIAL_SOURCE.FAILING_SINCE)), r.get(OFFICIAL_SOURCE.ERROR),
                    r.get(OFFICIAL_SOURCE.INDICATOR), r.get(OFFICIAL_SOURCE.DESCRIPTION)));
        }
        return out;
    }

    /** The pages of each service with the component names that are it: service id to (page to components). */
    public Map<Integer, Map<String, List<String>>> links() {
        Map<Integer, Map<String, List<String>>> out = new HashMap<>();
        for (Record r : dsl.selectFrom(OFFICIAL_LINK).fetch()) {
            out.computeIfAbsent(r.get(OFFICIAL_LINK.SERVICE_ID), k -> new LinkedHashMap<>())
                    .put(r.get(OFFICIAL_LINK.PAGE), split(r.get(OFFICIAL_LINK.COMPONENTS)));
        }
        return out;
    }

    /** A page's incidents that overlap {@code [from, to]}, oldest acknowledgement first, with their updates. */
    public List<Stored> incidents(Set<String> pages, Instant from, Instant to) {
        if (pages.isEmpty()) {
            return List.of();
        }
        List<? extends Record> rows = dsl.selectFrom(OFFICIAL_INCIDENT)
                .where(OFFICIAL_INCIDENT.PAGE.in(pages))
                .and(OFFICIAL_INCIDENT.ACKNOWLEDGED_AT.le(utc(to)))
                .and(OFFICIAL_INCIDENT.RESOLVED_AT.isNull().or(OFFICIAL_INCIDENT.RESOLVED_AT.ge(utc(from))))
                .orderBy(OFFICIAL_INCIDENT.ACKNOWLEDGED_AT, OFFICIAL_INCIDENT.EXTERNAL_ID)
                .limit(5_000)
                .fetch();
        Map<String, List<OfficialIncident.Update>> updates = new HashMap<>();
        Set<String> keys = new HashSet<>();
        rows.forEach(r -> keys.add(r.get(OFFICIAL_INCIDENT.EXTERNAL_ID)));
        if (!keys.isEmpty() && keys.size() <= 500) {
            for (Record u : dsl.selectFrom(OFFICIAL_UPDATE).where(OFFICIAL_UPDATE.PAGE.in(pages))
                    .and(OFFICIAL_UPDATE.EXTERNAL_ID.in(keys))
                    .orderBy(OFFICIAL_UPDATE.POSITION).fetch()) {
                updates.computeIfAbsent(u.get(OFFICIAL_UPDATE.PAGE) + "\n" + u.get(OFFICIAL_UPDATE.EXTERNAL_ID),
                        k -> new ArrayList<>()).add(new OfficialIncident.Update(instant(u.get(OFFICIAL_UPDATE.AT)),
                        u.get(OFFICIAL_UPDATE.STATUS), u.get(OFFICIAL_UPDATE.BODY)));
            }
        }
        return rows.stream().map(r -> new Stored(r.get(OFFICIAL_INCIDENT.PAGE), incident(r,
                updates.getOrDefault(r.get(OFFICIAL_INCIDENT.PAGE) + "\n" + r.get(OFFICIAL_INCIDENT.EXTERNAL_ID),
                        List.of())))).toList();
    }

    /** An incident with the page it came from. */
    public record Stored(String page, OfficialIncident incident) {}

    private static java.util.Optional<OfficialIncident> incident(DSLContext t, String page, String id) {
        return t.selectFrom(OFFICIAL_INCIDENT).where(OFFICIAL_INCIDENT.PAGE.eq(page))
                .and(OFFICIAL_INCIDENT.EXTERNAL_ID.eq(id)).fetchOptional(r -> incident(r, List.of()));
    }

    private static OfficialIncident incident(Record r, List<OfficialIncident.Update> updates) {
        return new OfficialIncident(r.get(OFFICIAL_INCIDENT.EXTERNAL_ID), r.get(OFFICIAL_INCIDENT.TITLE),
                r.get(OFFICIAL_INCIDENT.IMPACT), r.get(OFFICIAL_INCIDENT.STATUS),
                instant(r.get(OFFICIAL_INCIDENT.ACKNOWLEDGED_AT)), instant(r.get(OFFICIAL_INCIDENT.STARTED_AT)),
                instant(r.get(OFFICIAL_INCIDENT.UPDATED_AT)), instant(r.get(OFFICIAL_INCIDENT.RESOLVED_AT)),
                r.get(OFFICIAL_INCIDENT.LINK), split(r.get(OFFICIAL_INCIDENT.COMPONENTS)),
                split(r.get(OFFICIAL_INCIDENT.REGIONS)), updates);
    }

    private static List<String> split(String s) {
        return s == null || s.isBlank() ? List.of() : Arrays.asList(s.split("\\|"));
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime utc(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }
}
