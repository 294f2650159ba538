package io.outcry.counts;

/**
 * Counts of fewer than {@value #MIN} people never leave the node, nor anything computed from them (a ratio, a share,
 * whether an area had any report at all), so that nobody's report can be singled out.
 */
public final class Anonymity {
    public static final int MIN = 5;
    /** What is shown in place of a hidden count. */
    public static final String FEWER = "<" + MIN;

    private Anonymity() {}

    public static boolean hidden(int people) {
        return people < MIN;
    }

    /** The count, or null when it is hidden. */
    public static Integer shown(int people) {
        return hidden(people) ? null : people;
    }

    /** {@link #FEWER} in place of a hidden count, null when the count is shown. */
    public static String label(int people) {
        return hidden(people) ? FEWER : null;
    }
}
