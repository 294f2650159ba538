package io.outcry.geo;

import com.maxmind.db.Reader;
import io.outcry.web.PublicAddress;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves an IP address to the ISO 3166-1 alpha-2 country its block is registered or geolocated
 * in, from the bundled ip-location-db file held in memory; private, loopback and other
 * non-public addresses resolve to nothing.
 */
public final class IpCountry {

    static final String RESOURCE = "/geo/ip-country.mmdb";

    private final Reader reader;

    IpCountry(Reader reader) {
        this.reader = reader;
    }

    /** Reads the bundled database from the classpath into memory. */
    public static IpCountry load() {
        try (InputStream in = IpCountry.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + RESOURCE);
            }
            return new IpCountry(new Reader(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The country of a public address, upper-case ("FR"); empty for non-public or unknown addresses. */
    public Optional<String> country(InetAddress address) {
        if (address == null || !PublicAddress.isPublic(address)) {
            return Optional.empty();
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> entry = reader.get(address, Map.class);
            if (entry == null || !(entry.get("country_code") instanceof String code) || code.length() != 2) {
                return Optional.empty();
            }
            return Optional.of(code.toUpperCase(java.util.Locale.ROOT));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
