package io.outcry.report;

/**
 * Where a report comes from, at the coarsest useful grain: a country, maybe a region and a place, and how it was
 * obtained ({@code picked}, {@code device}, {@code ip}). Never coordinates or an address.
 */
public record Location(String country, String region, String place, String source) {
    public static final Location UNKNOWN = new Location(null, null, null, null);

    public boolean isKnown() {
        return country != null;
    }
}
