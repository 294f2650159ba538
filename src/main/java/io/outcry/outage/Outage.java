package io.outcry.outage;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One episode of one series: possible problems (an early warning), a confirmed outage, and how it ended.
 *
 * <p>Its three figures, each with one definition, shown as such by every page, feed, webhook and API answer (through
 * {@link OutageView}), all counted in the outage's own scope (a regional outage's region, not the world):
 * <ul>
 *   <li><b>reporters</b>: the sum, over the minutes from the onset's to the last one processed (or the end), of the
 *       distinct people who reported in each minute. A person who reports in two minutes counts in both: it is
 *       "reports, at most one per person a minute", the unit of every count Outcry stores, not distinct people over
 *       the whole outage.
 *   <li><b>peak observed</b>: the largest, over the outage's minutes, of the same per-minute counts summed over the
 *       explanation window (15 minutes) ending at {@code peakAt}, cut at the onset ({@link #peakWindowMinutes}): an
 *       outage younger than the window counts its own minutes only, so peak observed ≤ reporters always.
 *   <li><b>peak expected</b>: what the detector expected over the same minutes, at that time of the week.
 * </ul>
 *
 * @param scope {@code *} world-wide, a country code ({@code FR}) or a region code ({@code FR-IDF})
 * @param startedAt the estimated onset, from the detector's change point
 * @param detectedAt the tick that first noticed it
 * @param peakObserved reports (at most one per person a minute) over the explanation window ending at the peak
 * @param peakExpected how many are usual over that window at that time of the week
 * @param reporters reports (at most one per person a minute) from the onset on
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

    /** {@link #peakExpected} as every answer and sentence shows it: to a tenth, so that words and numbers agree. */
    public double peakExpectedShown() {
        return Math.round(peakExpected * 10) / 10.0;
    }

    /**
     * The minutes the peak's figures cover: the explanation window ending at the peak, cut at the onset as the peak
     * was counted, so that a sentence never says "in the 15 minutes" of what four minutes held.
     */
    public int peakWindowMinutes(int windowMinutes) {
        return minutesCovered(startedAt, peakAt, windowMinutes);
    }

    /** The minutes of a window of {@code windowMinutes} ending with the minute {@code at}, cut at {@code start}. */
    static int minutesCovered(Instant start, Instant at, int windowMinutes) {
        long sinceStart = Duration.between(start, at).toMinutes() + 1;
        return (int) Math.max(1, Math.min(windowMinutes, sinceStart));
    }

    /** From the onset to the end, or to {@code now} while it lasts. */
    public Duration duration(Instant now) {
        return Duration.between(startedAt, endedAt != null ? endedAt : now);
    }
}
