package io.outcry.official;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Slack's status API v2.0.0, {@code /api/v2.0.0/current}: {@code status} ({@code ok} when all is well),
 * {@code active_incidents} with {@code id}, {@code title}, {@code type} (incident, notice, outage), {@code status},
 * {@code date_created}, {@code date_updated}, {@code url}, {@code services} and {@code notes}. Only active incidents
 * are listed, so one that leaves the list has ended.
 */
final class SlackFormat {
    private SlackFormat() {}

    static Snapshot read(byte[] body) throws Unreadable {
        JsonNode root = JsonReads.object(body, "status", "Slack status");
        List<OfficialIncident> incidents = new ArrayList<>();
        String worst = "none";
        for (JsonNode i : JsonReads.array(root, "active_incidents")) {
            OfficialIncident incident = incident(i);
            incidents.add(incident);
            if (incident.resolvedAt() == null && Impacts.rank(incident.impact()) > Impacts.rank(worst)) {
                worst = incident.impact();
            }
        }
        String status = JsonReads.text(root, "status");
        return new Snapshot(status.equals("ok") ? "none" : worst, null, incidents, true);
    }

    private static OfficialIncident incident(JsonNode i) throws Unreadable {
        Instant created = JsonReads.requiredTime(i, "date_created");
        Instant updated = JsonReads.time(i.get("date_updated"));
        String status = JsonReads.textOr(i, "status", "active");
        String impact = switch (JsonReads.textOr(i, "type", "")) {
            case "outage" -> "major";
            case "incident" -> "minor";
            case "notice" -> "none";
            default -> "unknown";
        };
        List<OfficialIncident.Update> updates = new ArrayList<>();
        JsonNode notes = i.get("notes");
        if (notes != null && notes.isArray()) {
            for (JsonNode n : notes) {
                updates.add(new OfficialIncident.Update(JsonReads.requiredTime(n, "date_created"), status,
                        JsonReads.textOr(n, "body", "")));
            }
        }
        updates.sort((a, b) -> a.at().compareTo(b.at()));
        List<String> services = JsonReads.names(i.get("services"), "name");
        return new OfficialIncident(JsonReads.text(i, "id"), JsonReads.text(i, "title"), impact, status, created,
                created, updated != null ? updated : created,
                status.equals("resolved") ? (updated != null ? updated : created) : null,
                JsonReads.textOr(i, "url", null), services, List.of(), updates);
    }
}
