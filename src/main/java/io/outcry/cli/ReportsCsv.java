package io.outcry.cli;

import java.io.IOException;
import java.io.Reader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

    static List<Report> read(Reader in) throws IOException {
        List<Report> out = new ArrayList<>();
        long previousLine = 0;
        for (CSVRecord r : CsvFile.records(in)) {
            long line = r.getParser().getCurrentLineNumber();
            if (r.size() < 1 || r.size() > 3) {
                throw new IllegalArgumentException("line " + line + ": expected timestamp[,region][,problem], got: "
                        + String.join(",", r.toList()));
            }
            String stamp = CountsCsv.stripBom(r.get(0));
            if (r.getRecordNumber() == 1 && !CountsCsv.looksLikeTime(stamp)) {
                continue; // header
            }
            Instant at = CountsCsv.time(stamp, line);
            String region = r.size() > 1 && !r.get(1).isEmpty() ? r.get(1) : null;
            if (region != null && !REGION.matcher(region).matches()) {
                throw new IllegalArgumentException("line " + line + ": region " + region
                        + " is not a region code such as US or US-TX");
            }
            String problem = r.size() > 2 && !r.get(2).isEmpty() ? r.get(2) : null;
            if (!out.isEmpty() && at.isBefore(out.get(out.size() - 1).at())) {
                throw new IllegalArgumentException("line " + line + ": " + at + " comes before line " + previousLine
                        + "'s " + out.get(out.size() - 1).at() + "; lines must be in time order");
            }
            out.add(new Report(at, region, problem));
            previousLine = line;
        }
        return out;
    }
}
