package io.outcry.outage;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One episode of one series: possible problems (an early warning), a confirmed outage, and how it ended.
 *
 * @param scope {@code *} world-wide, a country code ({@code FR}) or a region code ({@code FR-IDF})
 * @param startedAt the estimated onset, from the detector's change point
 * @param detectedAt the tick that first noticed it
 * @param peakObserved distinct reporters over the explanation window (15 minutes) at the peak
 * @param peakExpected how many are usual over that window at that time of the week
 * @param reporters distinct reporters since the onset
 * @param regions other areas of the same service affected at the same time
 */
public record Outage(
        UUID id,
        int serviceId,
        String service,
        String scope,
        State state,
        Instant startedAt,
        Instant detectedAt,
        Instant confirmedAt,
        Instant endedAt,
        Instant updatedAt,
        Instant peakAt,
        int peakObserved,
        double peakExpected,
        int reporters,
        List<ProblemShare> problems,
        List<String> regions) {

    /** Where an episode is in its life. */
    public enum State {
        POSSIBLE,
        OUTAGE,
        RESOLVED,
        DISMISSED;

        public String label() {
            return name().toLowerCase();
        }

        public boolean isOpen() {
            return this == POSSIBLE || this == OUTAGE;
        }
    }

    /** A problem kind and the share of reports that named it, in [0, 1]. */
    public record ProblemShare(String kind, double share) {}

    public boolean isOpen() {
        return state.isOpen();
    }

    /** From the onset to the end, or to {@code now} while it lasts. */
    public Duration duration(Instant now) {
        return Duration.between(startedAt, endedAt != null ? endedAt : now);
    }
}
