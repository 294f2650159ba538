package io.outcry.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpCountryTest {

    private final IpCountry ipCountry = Loaded.geography().ipCountry();

    @ParameterizedTest(name = "{0} is in {1}")
    @CsvSource({"8.8.8.8, US", "2001:4860:4860::8888, US", "193.51.224.1, FR", "81.2.69.142, GB"})
    void resolves_a_public_ip_to_its_country(String ip, String country) throws UnknownHostException {
        assertEquals(Optional.of(country), ipCountry.country(InetAddress.getByName(ip)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "100.64.0.1", "169.254.1.1",
        "0.0.0.0", "::1", "fd00::1", "fe80::1", "224.0.0.1"})
    void gives_no_country_for_private_or_loopback_addresses(String ip) throws UnknownHostException {
        assertTrue(ipCountry.country(InetAddress.getByName(ip)).isEmpty(), ip);
    }
}
