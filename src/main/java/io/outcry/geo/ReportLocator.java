package io.outcry.geo;

import io.outcry.report.Location;
import io.outcry.report.Locator;
import io.outcry.web.Problem;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Locates a report, in order of preference: the place or region the person picked; the device's position if they
 * opted in, coarsened here to a region and the nearest town; the country of the IP address; else unknown. Neither
 * the coordinates nor the address leave this class.
 *
 * @param geography a geography that may still be loading: the first reports wait for it
 */
public record ReportLocator(Supplier<Geography> geography) implements Locator {
    /** Territories that IP and GeoNames data call countries but the region catalogue files under France. */
    private static final Map<String, String> FRENCH_OVERSEAS = Map.of(
            "GP", "FR-971", "MQ", "FR-972", "GF", "FR-973", "RE", "FR-974", "YT", "FR-976");

    @Override
    public Location locate(String picked, Double lat, Double lon, InetAddress client) {
        Geography geo = geography.get();
        if (picked != null) {
            return picked(geo, picked);
        }
        if (lat != null && lon != null) {
            Optional<Located> located = geo.locator().locate(lat, lon);
            if (located.isPresent()) {
                Located l = located.get();
                return new Location(l.countryCode(), l.regionCode().equals(l.countryCode()) ? null : l.regionCode(),
                        l.nearestPlace().map(Place::name).orElse(null), "device");
            }
        }
        return geo.ipCountry().country(client).map(ReportLocator::fromIpCountry).orElse(Location.UNKNOWN);
    }

    private static Location picked(Geography geo, String code) {
        String normalised = FRENCH_OVERSEAS.getOrDefault(code.toUpperCase(), code.toUpperCase());
        Region region = geo.regions().byCode(normalised).orElseThrow(() -> Problem.unknown("location",
                "location is a country or region code such as FR or FR-IDF; '"
                        + (code.length() > 20 ? code.substring(0, 20) + "…" : code) + "' is neither."));
        return region.level() == Region.Level.COUNTRY
                ? new Location(region.code(), null, null, "picked")
                : new Location(region.countryCode(), region.code(), null, "picked");
    }

    private static Location fromIpCountry(String country) {
        String overseas = FRENCH_OVERSEAS.get(country);
        return overseas != null ? new Location("FR", overseas, null, "ip") : new Location(country, null, null, "ip");
    }
}
