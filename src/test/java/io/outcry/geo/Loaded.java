package io.outcry.geo;

/** The bundled geography, loaded once for all tests of this package. */
final class Loaded {
    private static Geography geography;

    private Loaded() {}

    static synchronized Geography geography() {
        if (geography == null) {
            geography = Geography.load();
        }
        return geography;
    }
}
