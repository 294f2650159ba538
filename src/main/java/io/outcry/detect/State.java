package io.outcry.detect;

/** The detector's verdict on one series at one tick. */
public enum State {
    /** Counts are compatible with the seasonal baseline. */
    OK,
    /** Early warning: the evidence crossed the warning threshold but is not yet confirmed. */
    POSSIBLE,
    /** Confirmed outage: evidence, minimum reporters and minimum ratio are all met. */
    OUTAGE
}
