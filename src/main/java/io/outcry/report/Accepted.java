package io.outcry.report;

/**
 * What became of a submitted report: stored and counted, stored but not counted (its subnet reached its cap), a
 * duplicate of a recent one, or a retry of a stored id; with the distinct reporters of its service world-wide in the
 * 15 minutes up to its batch, read in the batch's transaction.
 */
public record Accepted(Report report, Kind kind, int recentReporters) {
    public enum Kind {
        STORED,
        CAPPED,
        DUPLICATE,
        RETRY
    }
}
