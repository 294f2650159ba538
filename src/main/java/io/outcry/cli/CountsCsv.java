package io.outcry.cli;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV export of counts ({@code timestamp,value} lines, an optional header) read as a regular series: a fixed step
 * at whatever offset the file's stamps have, missing steps as zeros. Lines out of time order, repeated stamps and
 * stamps off the step are errors that name their line: guessing what such a file means would change the verdicts.
 *
 * @param first the first line's stamp
 * @param stepMinutes minutes between stamps
 * @param counts one count per step from {@code first}, zeros where the file has no line
 * @param missing how many steps the file has no line for
 * @param firstMissing the first of them, {@code null} when none
 */
record CountsCsv(Instant first, int stepMinutes, int[] counts, int missing, Instant firstMissing) {
    private static final DateTimeFormatter STAMP = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH", "Z").optionalEnd()
            .toFormatter();
    /** Seconds since 1970 from 2001-09-09 (ten digits) on, with an optional fraction. */
    private static final Pattern EPOCH_SECONDS = Pattern.compile("\\d{10}(\\.\\d{1,9})?");
    private static final int MAX_STEPS = 50_000_000;

    /** One data line as read: its line number in the file, stamp and count. */
    private record Line(long number, Instant time, int value) {}

    /**
     * @param in the file's text
     * @param step minutes per line, or {@code null} to take the smallest gap between consecutive stamps
     * @throws IllegalArgumentException for a file that cannot be read as a regular series, naming the line
     */
    static CountsCsv read(Reader in, Integer step) throws IOException {
        List<Line> lines = lines(in);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("no data lines");
        }
        checkOrder(lines);
        int stepMinutes = step != null ? step : inferStep(lines);
        if (60 % stepMinutes != 0) {
            throw new IllegalArgumentException("step must divide 60 minutes, got " + stepMinutes);
        }
        return placed(lines, stepMinutes);
    }

    /** The data lines, a first line that is not a stamp taken as the header. */
    private static List<Line> lines(Reader in) throws IOException {
        List<Line> lines = new ArrayList<>();
        for (CSVRecord r : CsvFile.records(in)) {
            long number = r.getParser().getCurrentLineNumber();
            if (r.size() != 2) {
                throw new IllegalArgumentException("line " + number + ": expected timestamp,value, got: "
                        + String.join(",", r.toList()));
            }
            if (lines.isEmpty() && r.getRecordNumber() == 1 && !looksLikeTime(stripBom(r.get(0)))) {
                continue; // header
            }
            lines.add(new Line(number, time(stripBom(r.get(0)), number), count(r.get(1), number)));
        }
        return lines;
    }

    /** Lines in strictly increasing time: a repeated or earlier stamp is an error naming both lines. */
    private static void checkOrder(List<Line> lines) {
        for (int i = 1; i < lines.size(); i++) {
            Line a = lines.get(i - 1);
            Line b = lines.get(i);
            if (b.time().equals(a.time())) {
                throw new IllegalArgumentException("line " + b.number() + ": duplicate timestamp " + b.time()
                        + " (also on line " + a.number() + ")");
            }
            if (b.time().isBefore(a.time())) {
                throw new IllegalArgumentException("line " + b.number() + ": " + b.time() + " comes before line "
                        + a.number() + "'s " + a.time() + "; lines must be in time order");
            }
        }
    }

    /** Each line at its step from the first, the steps without a line as zeros. */
    private static CountsCsv placed(List<Line> lines, int stepMinutes) {
        long stepSeconds = 60L * stepMinutes;
        Instant first = lines.get(0).time();
        Line last = lines.get(lines.size() - 1);
        long span = (last.time().getEpochSecond() - first.getEpochSecond()) / stepSeconds + 1;
        if (span > MAX_STEPS) {
            throw new IllegalArgumentException(span + " steps of " + stepMinutes + " min, more than "
                    + MAX_STEPS);
        }
        int[] counts = new int[(int) span];
        boolean[] seen = new boolean[counts.length];
        for (Line l : lines) {
            long offset = l.time().getEpochSecond() - first.getEpochSecond();
            if (offset % stepSeconds != 0 || l.time().getNano() != first.getNano()) {
                throw new IllegalArgumentException("line " + l.number() + ": " + l.time() + " is not a whole number "
                        + "of " + stepMinutes + "-minute steps after the first line's " + first);
            }
            int k = (int) (offset / stepSeconds);
            counts[k] = l.value();
            seen[k] = true;
        }
        int missing = 0;
        Instant firstMissing = null;
        for (int k = 0; k < seen.length; k++) {
            if (!seen[k]) {
                missing++;
                if (firstMissing == null) {
                    firstMissing = first.plusSeconds(k * stepSeconds);
                }
            }
        }
        return new CountsCsv(first, stepMinutes, counts, missing, firstMissing);
    }

    static String stripBom(String v) {
        return v.startsWith("\uFEFF") ? v.substring(1) : v;
    }

    static boolean looksLikeTime(String v) {
        try {
            time(v, 0);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * A date and time, {@code T} or a space between them, seconds and fraction optional, with an offset in any of the
     * forms exports write ({@code Z}, {@code +01:00}, {@code +0100}, {@code +01}: PostgreSQL's {@code timestamptz}
     * text) or without one, meaning UTC; or seconds since 1970 (a fraction allowed), as Unix tools and Prometheus
     * write them.
     */
    static Instant time(String v, long line) {
        if (EPOCH_SECONDS.matcher(v).matches()) {
            BigDecimal seconds = new BigDecimal(v);
            return Instant.ofEpochSecond(seconds.longValue(),
                    seconds.remainder(BigDecimal.ONE).movePointRight(9).intValue());
        }
        try {
            TemporalAccessor t = STAMP.parseBest(v, OffsetDateTime::from, LocalDateTime::from);
            return t instanceof OffsetDateTime o ? o.toInstant() : ((LocalDateTime) t).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("line " + line + ": bad timestamp " + v
                    + " (yyyy-MM-dd HH:mm:ss or ISO-8601, UTC unless it has an offset, or seconds since 1970)");
        }
    }

    private static int count(String v, long line) {
        try {
            double d = Double.parseDouble(v);
            if (d < 0 || d != Math.rint(d) || d > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("line " + line + ": value must be a whole number >= 0: " + v);
            }
            return (int) d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("line " + line + ": value is not a number: " + v);
        }
    }

    /** The smallest gap between consecutive stamps: a file with gaps still shows its step between most lines. */
    private static int inferStep(List<Line> lines) {
        if (lines.size() < 2) {
            return 1;
        }
        long smallest = Long.MAX_VALUE;
        for (int i = 1; i < lines.size(); i++) {
            smallest = Math.min(smallest, lines.get(i).time().getEpochSecond() - lines.get(i - 1).time().getEpochSecond());
        }
        if (smallest % 60 != 0) {
            throw new IllegalArgumentException("the smallest gap between two lines is " + smallest
                    + " s, not whole minutes; use --step");
        }
        return (int) (smallest / 60);
    }
}
