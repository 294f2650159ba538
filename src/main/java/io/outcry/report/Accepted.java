package io.outcry.report;

/**
 * What became of a submitted report: stored and counted, stored but not counted (its subnet reached its cap), a
 * duplicate of a recent one, or a retry of a stored id.
 */
public record Accepted(Report report, Kind kind) {
    public enum Kind {
        STORED,
        CAPPED,
        DUPLICATE,
        RETRY
    }
}
