package io.outcry.outage;

import io.outcry.geo.Region;
import io.outcry.geo.Regions;
import java.util.function.Supplier;

/**
 * Area names from the region catalogue of {@code geo}; an unknown code is shown as itself.
 *
 * @param regions a catalogue that may still be loading: the first names asked wait for it
 */
public record GeoAreaNames(Supplier<Regions> regions) implements AreaNames {
    @Override
    public String english(String code) {
        return regions.get().byCode(code).map(Region::nameEn).orElse(code);
    }

    @Override
    public String french(String code) {
        return regions.get().byCode(code).map(Region::nameFr).orElse(code);
    }
}
