package io.outcry.counts;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** The time keys of the count tables: UTC minutes and hours, stored as UTC timestamps. */
public final class CountTime {
    private CountTime() {}

    /** The start of the minute {@code t} falls in: the key of the per-minute counts. */
    public static Instant minuteOf(Instant t) {
        return t.truncatedTo(ChronoUnit.MINUTES);
    }

    /** The start of the hour {@code t} falls in: the key of the hourly totals. */
    public static Instant hourOf(Instant t) {
        return t.truncatedTo(ChronoUnit.HOURS);
    }

    /** An instant as the timestamp columns take it, at UTC whatever the JVM's zone. */
    public static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}
