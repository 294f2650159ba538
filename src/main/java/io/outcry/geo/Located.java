package io.outcry.geo;

import java.util.Optional;

/** Where a point fell: its region and country codes, and the nearest known place within 50 km. */
public record Located(String regionCode, String countryCode, Optional<Place> nearestPlace) {}
