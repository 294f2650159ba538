package io.outcry.geo;

/**
 * Everything the geography layer knows, loaded once at start-up and shared read-only: the region
 * catalogue, the place gazetteer, point → region and IP → country.
 */
public record Geography(Regions regions, Gazetteer gazetteer, PointLocator locator, IpCountry ipCountry) {

    /** Loads all four from the classpath (a few seconds, some 100 MB of heap). */
    public static Geography load() {
        Regions regions = Regions.load();
        Gazetteer gazetteer = Gazetteer.load();
        return new Geography(regions, gazetteer, PointLocator.load(regions, gazetteer), IpCountry.load());
    }
}
