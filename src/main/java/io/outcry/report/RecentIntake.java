package io.outcry.report;

import com.carrotsearch.hppc.LongArrayDeque;
import com.carrotsearch.hppc.LongHashSet;
import com.carrotsearch.hppc.LongLongHashMap;
import com.carrotsearch.hppc.LongObjectHashMap;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the intake remembers of the last minutes when its node is the database's only writer (embedded H2): when each
 * reporter last reported about each service, which report ids were stored, when each subnet's counted reports were,
 * and how many reporters each service counted world-wide in each minute. It answers the dedupe and the subnet cap in
 * place of two database indexes on random keys (reporter, subnet), whose pages every commit would rewrite, the
 * largest cost of a report on a single writer; each answer's reporters of the last 15 minutes in
 * place of a query per batch; and which client-chosen ids need looking up as retries. Filled from the report and count
 * tables at start-up, then by the writer after each commit.
 *
 * <p>Keys are 64-bit hashes of (reporter or subnet, service, kind). Two keys collide with a probability of about
 * n²/2⁶⁵ (10⁻⁸ at a million keys); a reporter's earlier report is read back and compared before a report is called
 * a duplicate. At most {@code maxKeys} keys of each kind are kept; past that the oldest are forgotten early, which can
 * let a reporter count twice, rather than let memory grow without end (counted in {@link #forgottenEarly}).
 */
final class RecentIntake {
    private final long dedupeMicros;
    private final long subnetMicros;
    private final int subnetCap;
    private final int maxKeys;
    /** Latest report time (epoch µs) per reporter key. */
    private final LongLongHashMap lastReport = new LongLongHashMap();
    /** Every remembered report's key and time, oldest first, to forget them in order. */
    private final Order reportOrder = new Order();
    /** Hashes of the remembered reports' ids, in the order of {@link #reportOrder}: the ids a retry can repeat. */
    private final LongHashSet ids = new LongHashSet();
    private final LongArrayDeque idOrder = new LongArrayDeque();
    /** Times (epoch µs, ascending) of the counted reports per subnet key, at most {@code subnetCap}. */
    private final LongObjectHashMap<long[]> counted = new LongObjectHashMap<>();
    private final Order countedOrder = new Order();
    private final WorldMinutes world = new WorldMinutes();
    private long forgottenEarly;

    RecentIntake(Duration dedupeWindow, int subnetCap, Duration subnetWindow, int maxKeys) {
        this.dedupeMicros = micros(dedupeWindow);
        this.subnetMicros = micros(subnetWindow);
        this.subnetCap = subnetCap;
        this.maxKeys = maxKeys;
    }

    /** When this reporter last reported this kind about this service, if it is still remembered. */
    synchronized Instant lastReport(String reporterKey, int serviceId, NewReport.Kind kind) {
        long key = KeyHash.of(reporterKey, serviceId, kind);
        return lastReport.containsKey(key) ? instant(lastReport.get(key)) : null;
    }

    /**
     * Whether a report with this id may have been stored within the dedupe window (false positives are rare hash
     * collisions): only those are looked up as retries. An id stored earlier than that is found by its unique key.
     */
    synchronized boolean mayHaveStored(UUID id) {
        return ids.contains(KeyHash.of(id));
    }

    /** When this subnet's counted reports of this kind about this service were, oldest first, as a list to add to. */
    synchronized List<Instant> counted(String subnetKey, int serviceId, NewReport.Kind kind) {
        List<Instant> out = new ArrayList<>(subnetCap + 1);
        long[] times = counted.get(KeyHash.of(subnetKey, serviceId, kind));
        if (times != null) {
            for (long t : times) {
                out.add(instant(t));
            }
        }
        return out;
    }

    /** Remembers a stored report, then forgets what has left the windows at its time. */
    synchronized void remember(UUID id, String reporterKey, String subnetKey, int serviceId, NewReport.Kind kind,
            Instant receivedAt, boolean wasCounted) {
        long at = micros(receivedAt);
        long reporter = KeyHash.of(reporterKey, serviceId, kind);
        if (lastReport.get(reporter) < at) {
            lastReport.put(reporter, at);
        }
        reportOrder.addLast(reporter, at);
        long idHash = KeyHash.of(id);
        ids.add(idHash);
        idOrder.addLast(idHash);
        if (wasCounted && subnetCap > 0) {
            long subnet = KeyHash.of(subnetKey, serviceId, kind);
            long[] times = counted.get(subnet);
            long[] kept = times == null ? new long[0]
                    : Arrays.stream(times).filter(t -> t > at - subnetMicros).toArray();
            if (kept.length >= subnetCap) { // only the latest matter to the cap
                kept = Arrays.copyOfRange(kept, kept.length - subnetCap + 1, kept.length);
            }
            long[] grown = Arrays.copyOf(kept, kept.length + 1);
            grown[kept.length] = at;
            Arrays.sort(grown);
            counted.put(subnet, grown);
            countedOrder.addLast(subnet, at);
        }
        forgetBefore(at);
    }

    /** Adds reporters counted world-wide for a service in a minute (from the count table at start-up). */
    synchronized void rememberWorld(int serviceId, Instant minute, int reporters) {
        world.add(serviceId, minute, reporters);
    }

    /** Adds the problem reporters counted world-wide in a tally. */
    synchronized void rememberWorld(Tally counted) {
        world.add(counted);
    }

    /** Adds the reporters of the services counted world-wide in the minutes starting in [from, to) to {@code out}. */
    synchronized void addWorld(Collection<Integer> services, Instant from, Instant to, Map<Integer, Integer> out) {
        world.sum(services, from, to, out);
    }

    /** Keys forgotten before their window ended because {@code maxKeys} was reached. */
    synchronized long forgottenEarly() {
        return forgottenEarly;
    }

    /** Reporter and subnet keys remembered now. */
    synchronized int size() {
        return lastReport.size() + counted.size();
    }

    private void forgetBefore(long now) {
        while (!reportOrder.isEmpty()
                && (reportOrder.firstTime() <= now - dedupeMicros || lastReport.size() > maxKeys)) {
            long key = reportOrder.firstKey();
            long at = reportOrder.removeFirst();
            ids.remove(idOrder.removeFirst());
            if (lastReport.get(key) == at) {
                lastReport.remove(key);
                forgottenEarly += at > now - dedupeMicros ? 1 : 0;
            }
        }
        while (!countedOrder.isEmpty()
                && (countedOrder.firstTime() <= now - subnetMicros || counted.size() > maxKeys)) {
            long key = countedOrder.firstKey();
            long at = countedOrder.removeFirst();
            long[] times = counted.get(key);
            if (times != null) {
                long[] left = Arrays.stream(times).filter(t -> t > at).toArray();
                if (left.length == 0) {
                    counted.remove(key);
                    forgottenEarly += at > now - subnetMicros ? 1 : 0;
                } else {
                    counted.put(key, left);
                }
            }
        }
    }

    /** Keys with their times in the order they were remembered, oldest first. */
    private static final class Order {
        private final LongArrayDeque keys = new LongArrayDeque();
        private final LongArrayDeque times = new LongArrayDeque();

        void addLast(long key, long at) {
            keys.addLast(key);
            times.addLast(at);
        }

        boolean isEmpty() {
            return keys.isEmpty();
        }

        long firstKey() {
            return keys.getFirst();
        }

        long firstTime() {
            return times.getFirst();
        }

        /** Drops the oldest and returns its time. */
        long removeFirst() {
            keys.removeFirst();
            return times.removeFirst();
        }
    }

    private static long micros(Duration d) {
        return d.toNanos() / 1_000;
    }

    private static long micros(Instant at) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, at);
    }

    private static Instant instant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }
}
