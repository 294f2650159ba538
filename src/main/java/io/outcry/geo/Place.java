package io.outcry.geo;

/**
 * A populated place from GeoNames cities1000: its name, country, region (Outcry code, or empty when
 * unknown), coordinates rounded to 0.01° and population (0 when unknown).
 */
public record Place(String name, String country, String region, double lat, double lon, int population) {}
