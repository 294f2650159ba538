package io.outcry.geo;

import io.outcry.outage.AreaNames;

/** Area names from the region catalogue; an unknown code is shown as itself. */
public final class GeoAreaNames implements AreaNames {
    private final Regions regions;

    public GeoAreaNames(Regions regions) {
        this.regions = regions;
    }

    @Override
    public String english(String code) {
        return regions.byCode(code).map(Region::nameEn).orElse(code);
    }

    @Override
    public String french(String code) {
        return regions.byCode(code).map(Region::nameFr).orElse(code);
    }
}
