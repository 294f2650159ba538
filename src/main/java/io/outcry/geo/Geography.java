package io.outcry.geo;

import java.util.concurrent.CompletableFuture;

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

    private static CompletableFuture<Geography> loading;

    /**
     * The shared geography, loaded on a background thread started by the first call (a few seconds): a server starts
     * without waiting for it, and only what needs it waits, once.
     */
    public static synchronized CompletableFuture<Geography> sharedAsync() {
        if (loading == null) {
            CompletableFuture<Geography> future = new CompletableFuture<>();
            Thread.ofPlatform().name("geography").daemon().start(() -> {
                try {
                    future.complete(shared());
                } catch (Throwable e) {
                    future.completeExceptionally(e);
                }
            });
            loading = future;
        }
        return loading;
    }

    /** Loads all four from the classpath (a few seconds, some 100 MB of heap). */
    public static Geography load() {
        Regions regions = Regions.load();
        Gazetteer gazetteer = Gazetteer.load();
        return new Geography(regions, gazetteer, PointLocator.load(regions, gazetteer), IpCountry.load());
    }
}
