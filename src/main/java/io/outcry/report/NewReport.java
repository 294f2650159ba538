package io.outcry.report;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * A validated report waiting for its batch to commit, with the keys that dedupe and cap it.
 *
 * @param idFromClient the client chose the id, so this may be a retry of a stored report; ids Outcry mints are new
 */
public record NewReport(
        UUID id,
        boolean idFromClient,
        int serviceId,
        String serviceSlug,
        Instant receivedAt,
        String problem,
        Location location,
        String reporterKey,
        String subnetKey,
        String channel,
        boolean demo,
        Kind kind) {

    /** Times are kept to the microsecond, as the database stores them, so that a time read back equals this one. */
    public NewReport {
        receivedAt = receivedAt.truncatedTo(ChronoUnit.MICROS);
    }

    /** What a person says: the service fails for them, or it works for them (a counter-report). */
    public enum Kind {
        PROBLEM,
        WORKS;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The kind a stored label names. */
        public static Kind of(String label) {
            return valueOf(label.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** A problem report, the usual kind. */
    public NewReport(UUID id, boolean idFromClient, int serviceId, String serviceSlug, Instant receivedAt,
            String problem, Location location, String reporterKey, String subnetKey, String channel, boolean demo) {
        this(id, idFromClient, serviceId, serviceSlug, receivedAt, problem, location, reporterKey, subnetKey, channel,
                demo, Kind.PROBLEM);
    }

    Report toReport() {
        return new Report(id, serviceSlug, receivedAt, problem, location, channel, demo);
    }
}
