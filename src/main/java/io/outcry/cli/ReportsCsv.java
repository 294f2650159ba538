package io.outcry.cli;

import java.io.IOException;
import java.io.Reader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV export of single reports, {@code timestamp[,region][,problem]} per line, for backtesting the server's whole
 * detection: the region as the API's codes ({@code US}, {@code US-TX}), empty when unknown; a first line that is not a
 * stamp is the header. Lines must be in time order (reports of the same second in any order); anything else is an
 * error naming its line.
 */
final class ReportsCsv {
    private static final Pattern REGION = Pattern.compile("[A-Z]{2}(-[A-Z0-9]{1,3})?");

    /** One report: when, where (null: unknown) and what (null: not said). */
    record Report(Instant at, String region, String problem) {}

    private ReportsCsv() {}

    /** Every report of the text, read at once (a file of a few days; tests). */
    static List<Report> read(Reader in) throws IOException {
        List<Report> out = new ArrayList<>();
        reports(in).forEachRemaining(out::add);
        return out;
    }

    /**
     * The reports of the text one at a time, each line checked as it is read, so that a file of any length is read in
     * constant memory.
     *
     * @throws IllegalArgumentException from {@code next()} for a line that is not a report, or out of time order
     */
    static Iterator<Report> reports(Reader in) throws IOException {
        return new Lines(CsvFile.records(in).iterator());
    }

    /** The lines of a reports file, the header skipped, each checked against the one before. */
    private static final class Lines implements Iterator<Report> {
        private final Iterator<CSVRecord> records;
        private Report next;
        private Report previous;
        private long previousLine;

        Lines(Iterator<CSVRecord> records) {
            this.records = records;
            next = read();
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public Report next() {
            if (next == null) {
                throw new NoSuchElementException();
            }
            Report r = next;
            next = read();
            return r;
        }

        /** The next report, or null at the end. */
        private Report read() {
            while (records.hasNext()) {
                CSVRecord r = records.next();
                long line = r.getParser().getCurrentLineNumber();
                if (r.size() < 1 || r.size() > 3) {
                    throw new IllegalArgumentException("line " + line
                            + ": expected timestamp[,region][,problem], got: " + String.join(",", r.toList()));
                }
                String stamp = CountsCsv.stripBom(r.get(0));
                if (r.getRecordNumber() == 1 && !CountsCsv.looksLikeTime(stamp)) {
                    continue; // header
                }
                Report report = report(r, stamp, line);
                if (previous != null && report.at().isBefore(previous.at())) {
                    throw new IllegalArgumentException("line " + line + ": " + report.at() + " comes before line "
                            + previousLine + "'s " + previous.at() + "; lines must be in time order");
                }
                previous = report;
                previousLine = line;
                return report;
            }
            return null;
        }

        private static Report report(CSVRecord r, String stamp, long line) {
            Instant at = CountsCsv.time(stamp, line);
            String region = r.size() > 1 && !r.get(1).isEmpty() ? r.get(1) : null;
            if (region != null && !REGION.matcher(region).matches()) {
                throw new IllegalArgumentException("line " + line + ": region " + region
                        + " is not a region code such as US or US-TX");
            }
            String problem = r.size() > 2 && !r.get(2).isEmpty() ? r.get(2) : null;
            return new Report(at, region, problem);
        }
    }
}
