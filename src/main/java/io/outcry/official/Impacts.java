package io.outcry.official;

/** The order of official impacts, worst last, and the words a person reads for them. */
final class Impacts {
    private Impacts() {}

    static int rank(String impact) {
        return switch (impact == null ? "" : impact) {
            case "critical" -> 4;
            case "major" -> 3;
            case "minor", "unknown" -> 2;
            case "maintenance" -> 1;
            default -> 0;
        };
    }
}
