package io.outcry.report;

import java.net.InetAddress;

/** Turns what a request says about where it comes from into a coarse {@link Location}. */
public interface Locator {
    /**
     * @param picked a region or place code the person chose, or null
     * @param lat the device's latitude if the person opted in, or null
     * @param lon the device's longitude, or null
     * @param client the client's address; used only to find a country, never kept
     * @throws io.outcry.web.Problem when {@code picked} names nothing known
     */
    Location locate(String picked, Double lat, Double lon, InetAddress client);
}
