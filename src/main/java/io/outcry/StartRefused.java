package io.outcry;

/**
 * A node must not start on what it found (an empty database file that had been set up, a key secret cut short): going
 * on would lose data or key people differently. The message says what happened and what the operator can do; the
 * command line prints it alone.
 */
public final class StartRefused extends IllegalStateException {
    public StartRefused(String message) {
        super(message);
    }
}
