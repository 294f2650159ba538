package io.outcry.geo;

import java.util.Objects;

/**
 * A country (ISO 3166-1 alpha-2 code, no parent) or one of its first-level regions (ISO 3166-2 code
 * where one exists, else a stable synthetic {@code CC-Xnn} code), with English and French names and
 * a label point in degrees.
 */
public record Region(
        String code, String parent, String nameEn, String nameFr, double labelLon, double labelLat, Level level) {

    /** Which of the two levels Outcry counts reports at, below the whole world. */
    public enum Level {
        COUNTRY,
        REGION
    }

    public Region {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(nameEn, "nameEn");
        Objects.requireNonNull(nameFr, "nameFr");
        Objects.requireNonNull(level, "level");
        if ((level == Level.COUNTRY) != (parent == null)) {
            throw new IllegalArgumentException("a country has no parent and a region has one: " + code);
        }
    }

    /** The country this region belongs to: its own code for a country. */
    public String countryCode() {
        return parent == null ? code : parent;
    }
}
