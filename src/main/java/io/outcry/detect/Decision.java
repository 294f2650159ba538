package io.outcry.detect;

import java.time.Instant;

/**
 * The detector's output for one series at one tick, with what is needed to explain it.
 *
 * @param key series key as passed to {@link Detector#tick}
 * @param minute start of the tick
 * @param observed distinct reporters in the tick
 * @param expected expected reporters in the tick after the floor rate was applied
 * @param score the rule's statistic: CUSUM in nats for {@link DecisionRule#NB_CUSUM}, −ln p for the tail rules
 * @param pValue calibrated p-value fed to Benjamini–Hochberg (1 when there is no evidence)
 * @param state state after this tick
 * @param previous state before this tick
 * @param transition what changed, {@link Transition#NONE} if nothing
 * @param onset estimated first minute of the anomaly while POSSIBLE or OUTAGE, else {@code null}
 * @param windowObserved reporters over the explanation window (last {@link DetectorSettings#windowMinutes()})
 * @param windowExpected expected reporters over the same window
 */
public record Decision(
        String key,
        Instant minute,
        long observed,
        double expected,
        double score,
        double pValue,
        State state,
        State previous,
        Transition transition,
        Instant onset,
        long windowObserved,
        double windowExpected) {

    /** True while an outage is confirmed and not yet resolved. */
    public boolean alert() {
        return state == State.OUTAGE;
    }
}
