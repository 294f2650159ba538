package io.outcry.outage;

import io.outcry.geo.Region;
import io.outcry.geo.Regions;
import java.util.function.Supplier;

/** Area names from the region catalogue of {@code geo}; an unknown code is shown as itself. */
public final class GeoAreaNames implements AreaNames {
    private final Supplier<Regions> regions;

    public GeoAreaNames(Regions regions) {
        this(() -> regions);
    }

    /** Names from a catalogue that may still be loading: the first names asked wait for it. */
    public GeoAreaNames(Supplier<Regions> regions) {
        this.regions = regions;
    }

    @Override
    public String english(String code) {
        return regions.get().byCode(code).map(Region::nameEn).orElse(code);
    }

    @Override
    public String french(String code) {
        return regions.get().byCode(code).map(Region::nameFr).orElse(code);
    }
}
