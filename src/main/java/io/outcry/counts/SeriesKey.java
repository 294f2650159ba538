package io.outcry.counts;

import java.util.ArrayList;
import java.util.List;

/** One series the detector watches: a service in an area ({@code *} world, a country or a region code). */
public record SeriesKey(int serviceId, String area) implements Comparable<SeriesKey> {
    public static final String WORLD = "*";

    /** The areas a report counts in: the world, and its country and region when known. */
    public static List<String> areasOf(String country, String region) {
        List<String> areas = new ArrayList<>(3);
        areas.add(WORLD);
        if (country != null) {
            areas.add(country);
        }
        if (region != null) {
            areas.add(region);
        }
        return areas;
    }

    public boolean isWorld() {
        return WORLD.equals(area);
    }

    /** The area this one belongs to: a region's country, a country's world; null for the world. */
    public SeriesKey parent() {
        if (isWorld()) {
            return null;
        }
        return new SeriesKey(serviceId, area.contains("-") ? area.substring(0, area.indexOf('-')) : WORLD);
    }

    /** The detector's key, stable across restarts. */
    public String id() {
        return serviceId + "|" + area;
    }

    public static SeriesKey parse(String id) {
        int bar = id.indexOf('|');
        return new SeriesKey(Integer.parseInt(id.substring(0, bar)), id.substring(bar + 1));
    }

    /**
     * The service spread by a large odd multiplier: a record's 31·service + hash(area) gave the same hash to (s, US-TX)
     * and (s + 1, US-SX), whose codes differ by one letter one place from the end, and a node's keys fell in long runs
     * of equal hashes (a tick of 100,000 series spent most of its time comparing keys in hash sets).
     */
    @Override
    public int hashCode() {
        return serviceId * 0x9E3779B9 + area.hashCode();
    }

    @Override
    public int compareTo(SeriesKey o) {
        int c = Integer.compare(serviceId, o.serviceId);
        return c != 0 ? c : area.compareTo(o.area);
    }
}
