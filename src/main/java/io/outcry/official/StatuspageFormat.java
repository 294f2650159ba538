package io.outcry.official;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Atlassian Statuspage API v2: {@code summary.json} (page, {@code status.indicator}, components, unresolved
 * incidents) and {@code incidents.json} (the latest incidents, resolved ones included). An incident has {@code id},
 * {@code name}, {@code status} (investigating, identified, monitoring, resolved, postmortem), {@code impact} (none,
 * minor, major, critical), {@code created_at}, {@code started_at} (newer pages), {@code resolved_at},
 * {@code shortlink}, {@code components} and {@code incident_updates}, newest first.
 */
final class StatuspageFormat {
    private StatuspageFormat() {}

    static Snapshot read(byte[] body) throws Unreadable {
        JsonNode root = JsonReads.object(body, "page", "Statuspage");
        List<OfficialIncident> incidents = new ArrayList<>();
        for (JsonNode i : JsonReads.array(root, "incidents")) {
            incidents.add(incident(i));
        }
        JsonNode status = root.get("status");
        String indicator = status == null ? null : JsonReads.textOr(status, "indicator", null);
        String description = status == null ? null : JsonReads.textOr(status, "description", null);
        // The summary lists every unresolved incident; incidents.json only the latest ones.
        return new Snapshot(indicator, description, incidents, status != null && root.has("components"));
    }

    private static OfficialIncident incident(JsonNode i) throws Unreadable {
        Instant created = JsonReads.requiredTime(i, "created_at");
        Instant started = JsonReads.time(i.get("started_at"));
        Instant updated = JsonReads.time(i.get("updated_at"));
        String status = JsonReads.text(i, "status");
        Instant resolved = JsonReads.time(i.get("resolved_at"));
        if (resolved == null && (status.equals("resolved") || status.equals("postmortem"))) {
            resolved = updated != null ? updated : created;
        }
        Set<String> components = new LinkedHashSet<>(JsonReads.names(i.get("components"), "name"));
        JsonNode list = i.get("incident_updates");
        List<OfficialIncident.Update> updates = JsonReads.updates(list, "display_at", "created_at", "body");
        if (list != null && list.isArray()) {
            list.forEach(u -> components.addAll(JsonReads.names(u.get("affected_components"), "name")));
        }
        List<String> names = List.copyOf(components);
        return new OfficialIncident(JsonReads.text(i, "id"), JsonReads.text(i, "name"),
                JsonReads.textOr(i, "impact", "unknown"), status, created,
                started != null && started.isBefore(created) ? started : created, updated != null ? updated : created,
                resolved, JsonReads.textOr(i, "shortlink", null), names, Regions.named(names), updates);
    }
}
