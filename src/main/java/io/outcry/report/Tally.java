package io.outcry.report;

import io.outcry.counts.SeriesKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;

/**
 * Distinct reporters per service, area and minute that the count tables do not hold yet: problems for
 * {@code minute_count}, "works for me" for {@code works_count}. Keys are kept sorted, the order in which they are
 * written, so that two writers of the same keys cannot deadlock.
 */
final class Tally {
    /** A count row: one service, one area ({@code *}, a country or a region), one minute. */
    record Key(int serviceId, String area, Instant minute) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = Integer.compare(serviceId, o.serviceId);
            if (c == 0) {
                c = area.compareTo(o.area);
            }
            return c == 0 ? minute.compareTo(o.minute) : c;
        }
    }

    final Map<Key, Integer> problems = new TreeMap<>();
    final Map<Key, Integer> works = new TreeMap<>();

    /** Counts one report in the world, its country and its region, in the minute it was received. */
    void add(int serviceId, NewReport.Kind kind, Location location, Instant receivedAt) {
        Instant minute = receivedAt.truncatedTo(ChronoUnit.MINUTES);
        for (String area : SeriesKey.areasOf(location.country(), location.region())) {
            (kind == NewReport.Kind.WORKS ? works : problems).merge(new Key(serviceId, area, minute), 1, Integer::sum);
        }
    }

    void addAll(Tally other) {
        other.problems.forEach((k, n) -> problems.merge(k, n, Integer::sum));
        other.works.forEach((k, n) -> works.merge(k, n, Integer::sum));
    }

    boolean isEmpty() {
        return problems.isEmpty() && works.isEmpty();
    }

    void clear() {
        problems.clear();
        works.clear();
    }

    /** Adds the problem reporters world-wide in the minutes starting in [from, to) to {@code out}, per service. */
    void addWorld(Instant from, Instant to, Map<Integer, Integer> out) {
        problems.forEach((k, n) -> {
            if (k.area().equals(SeriesKey.WORLD) && !k.minute().isBefore(from) && k.minute().isBefore(to)) {
                out.merge(k.serviceId(), n, Integer::sum);
            }
        });
    }
}
