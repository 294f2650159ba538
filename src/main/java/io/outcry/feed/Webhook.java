package io.outcry.feed;

import io.outcry.outage.Outage;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A registered receiver of outage events.
 *
 * @param services slugs it wants; empty for every service
 * @param regions country or region codes it wants ({@code FR} also matches {@code FR-IDF}); empty for everywhere
 */
public record Webhook(UUID id, String url, String secret, List<String> services, List<String> regions,
        Instant createdAt, boolean active) {

    /** Whether this receiver asked for events about this outage. */
    boolean wants(Outage o) {
        if (!services.isEmpty() && !services.contains(o.service())) {
            return false;
        }
        if (regions.isEmpty()) {
            return true;
        }
        return regions.stream().anyMatch(r -> covers(r, o.scope()) || o.regions().stream().anyMatch(a -> covers(r, a)));
    }

    private static boolean covers(String wanted, String area) {
        return area.equals(wanted) || area.startsWith(wanted + "-") || wanted.equals("*");
    }
}
