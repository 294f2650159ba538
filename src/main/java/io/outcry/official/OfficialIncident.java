package io.outcry.official;

import java.time.Instant;
import java.util.List;

/**
 * An incident as a company's status page published it.
 *
 * @param id the source's own id, unique within the source
 * @param impact {@code none}, {@code minor}, {@code major}, {@code critical}, {@code maintenance} or {@code unknown}
 *     (a feed that does not say)
 * @param status the source's own word for where it stands: investigating, identified, monitoring, resolved …
 * @param acknowledgedAt when the source first said it: the official acknowledgement
 * @param startedAt when the source says the trouble began; often earlier than the acknowledgement
 * @param resolvedAt when it said it was over; null while it lasts, or when a feed never says
 * @param components the affected components by name; {@code regions} the region codes they name
 */
public record OfficialIncident(
        String id,
        String title,
        String impact,
        String status,
        Instant acknowledgedAt,
        Instant startedAt,
        Instant updatedAt,
        Instant resolvedAt,
        String link,
        List<String> components,
        List<String> regions,
        List<Update> updates) {

    /** One status update, as the source wrote it. */
    public record Update(Instant at, String status, String body) {}

    /** Whether the incident concerns users at all: maintenance notes and mere information do not. */
    public boolean isDisruption() {
        return !impact.equals("none") && !impact.equals("maintenance");
    }
}
