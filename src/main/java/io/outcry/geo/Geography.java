package io.outcry.geo;

/**
 * Everything the geography layer knows, loaded once at start-up and shared read-only: the region
 * catalogue, the place gazetteer, point → region and IP → country.
 */
public record Geography(Regions regions, Gazetteer gazetteer, PointLocator locator, IpCountry ipCountry) {

    private static volatile Geography shared;

    /** The one geography of this JVM, loaded on first use; every node of a process shares it read-only. */
    public static Geography shared() {
        Geography g = shared;
        if (g == null) {
            synchronized (Geography.class) {
                g = shared;
                if (g == null) {
                    g = load();
                    shared = g;
                }
            }
        }
        return g;
    }

    /** Loads all four from the classpath (a few seconds, some 100 MB of heap). */
    public static Geography load() {
        Regions regions = Regions.load();
        Gazetteer gazetteer = Gazetteer.load();
        return new Geography(regions, gazetteer, PointLocator.load(regions, gazetteer), IpCountry.load());
    }
}
