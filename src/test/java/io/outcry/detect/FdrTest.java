package io.outcry.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FdrTest {
    /** Benjamini & Hochberg (1995), section 4: 15 p-values; at q = 0.05 the four smallest are rejected. */
    @Test
    void rejects_the_four_smallest_of_the_textbook_example() {
        double[] p = {0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262,
            0.5719, 0.6528, 0.7590, 1.000};
        boolean[] expected = new boolean[15];
        expected[0] = expected[1] = expected[2] = expected[3] = true;
        assertArrayEquals(expected, Fdr.benjaminiHochberg(p, 0.05));
    }

    @Test
    void steps_up_past_a_p_value_above_its_own_line() {
        // 0.03 > 1·0.05/3 but 0.04 ≤ 3·0.05/3: step-up rejects all three.
        assertArrayEquals(new boolean[] {true, true, true}, Fdr.benjaminiHochberg(new double[] {0.04, 0.03, 0.035}, 0.05));
    }

    @Test
    void never_rejects_nan_and_accepts_empty_input() {
        assertArrayEquals(new boolean[] {true, false}, Fdr.benjaminiHochberg(new double[] {0.001, Double.NaN}, 0.05));
        assertArrayEquals(new boolean[0], Fdr.benjaminiHochberg(new double[0], 0.05));
    }

    @Test
    void rejects_a_level_outside_zero_one() {
        assertThrows(IllegalArgumentException.class, () -> Fdr.benjaminiHochberg(new double[] {0.1}, 0));
        assertThrows(IllegalArgumentException.class, () -> Fdr.benjaminiHochberg(new double[] {0.1}, 1.5));
    }
}
