package io.outcry.detect;

/** What changed for one series at one tick; {@link #NONE} when the state is unchanged. */
public enum Transition {
    NONE,
    /** OK → POSSIBLE. */
    OPENED_POSSIBLE,
    /** OK or POSSIBLE → OUTAGE. */
    CONFIRMED,
    /** OUTAGE → OK. */
    RESOLVED,
    /** POSSIBLE → OK without confirmation. */
    DISMISSED;

    static Transition between(State from, State to) {
        if (from == to) {
            return NONE;
        }
        return switch (to) {
            case POSSIBLE -> OPENED_POSSIBLE;
            case OUTAGE -> CONFIRMED;
            case OK -> from == State.OUTAGE ? RESOLVED : DISMISSED;
        };
    }
}
