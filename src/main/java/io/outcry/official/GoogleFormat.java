package io.outcry.official;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Google's status dashboards' {@code incidents.json} (Google Cloud, Google Workspace): a list of incidents with
 * {@code id}, {@code external_desc}, {@code created}, {@code begin}, {@code end} (absent while it lasts),
 * {@code modified}, {@code severity} (low, medium, high), {@code status_impact} (SERVICE_INFORMATION,
 * SERVICE_DISRUPTION, SERVICE_OUTAGE), {@code service_name}, {@code affected_products}, the locations, {@code uri}
 * and {@code updates}, newest first. Each product is a component.
 */
final class GoogleFormat {
    private static final String BASE = "https://status.cloud.google.com/";

    private GoogleFormat() {}

    static Snapshot read(byte[] body) throws Unreadable {
        JsonNode root = JsonReads.tree(body);
        if (!root.isArray()) {
            throw new Unreadable("not a Google incidents.json: not a list");
        }
        List<OfficialIncident> incidents = new ArrayList<>();
        for (JsonNode i : root) {
            incidents.add(incident(i));
        }
        return new Snapshot(null, null, incidents, true);
    }

    private static OfficialIncident incident(JsonNode i) throws Unreadable {
        Instant created = JsonReads.requiredTime(i, "created");
        Instant begin = JsonReads.time(i.get("begin"));
        Instant end = JsonReads.time(i.get("end"));
        Instant modified = JsonReads.time(i.get("modified"));
        List<String> components = new ArrayList<>(JsonReads.names(i.get("affected_products"), "title"));
        String serviceName = JsonReads.textOr(i, "service_name", null);
        if (serviceName != null && !components.contains(serviceName)) {
            components.add(serviceName);
        }
        List<String> locations = new ArrayList<>(JsonReads.names(i.get("currently_affected_locations"), "id"));
        locations.addAll(JsonReads.names(i.get("previously_affected_locations"), "id"));
        List<OfficialIncident.Update> updates = JsonReads.updates(i.get("updates"), "when", "created", "text");
        String impact = switch (JsonReads.textOr(i, "status_impact", "")) {
            case "SERVICE_OUTAGE" -> "major";
            case "SERVICE_DISRUPTION" -> "minor";
            case "SERVICE_INFORMATION" -> "none";
            default -> "unknown";
        };
        String status = end != null ? "resolved"
                : updates.isEmpty() ? "active" : updates.getLast().status().toLowerCase(java.util.Locale.ROOT);
        String uri = JsonReads.textOr(i, "uri", null);
        String link = uri == null ? null : uri.startsWith("http") ? uri : BASE + uri;
        return new OfficialIncident(JsonReads.text(i, "id"), JsonReads.text(i, "external_desc"), impact, status,
                created, begin != null && begin.isBefore(created) ? begin : created,
                modified != null ? modified : created, end, link, components, Regions.named(locations), updates);
    }
}
