package io.outcry.report;

import com.carrotsearch.hppc.IntIntHashMap;
import io.outcry.counts.SeriesKey;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Problem reporters counted world-wide per service and minute over the last {@link Intake#RECENT}: the recent
 * part of minute_count's '*' rows, for the reporters of the last 15 minutes that each answer carries. Not
 * thread-safe: its owner (the report writer, or the intake's memory) guards it.
 */
final class WorldMinutes {
    private final TreeMap<Instant, IntIntHashMap> perMinute = new TreeMap<>();

    /** Adds reporters of a service in a minute; forgets minutes more than 15 before the latest. */
    void add(int serviceId, Instant minute, int reporters) {
        perMinute.computeIfAbsent(minute, m -> new IntIntHashMap()).addTo(serviceId, reporters);
        perMinute.headMap(perMinute.lastKey().minus(Intake.RECENT)).clear();
    }

    /** Adds the problem reporters a tally counted world-wide. */
    void add(Tally counted) {
        counted.problems.forEach((k, n) -> {
            if (k.area().equals(SeriesKey.WORLD)) {
                add(k.serviceId(), k.minute(), n);
            }
        });
    }

    /** Adds the reporters of the services in the minutes starting in [from, to) to {@code out}. */
    void sum(Collection<Integer> services, Instant from, Instant to, Map<Integer, Integer> out) {
        for (IntIntHashMap minute : perMinute.subMap(from, true, to, false).values()) {
            for (int service : services) {
                int n = minute.get(service);
                if (n > 0) {
                    out.merge(service, n, Integer::sum);
                }
            }
        }
    }
}
