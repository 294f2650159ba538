package io.outcry.report;

/** What became of a submitted report: stored and counted, a duplicate of a recent one, or a retry of a stored id. */
public record Accepted(Report report, Kind kind) {
    public enum Kind {
        STORED,
        DUPLICATE,
        RETRY
    }
}
