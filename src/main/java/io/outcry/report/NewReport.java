package io.outcry.report;

import java.time.Instant;
import java.util.UUID;

/** A validated report waiting for its batch to commit, with the keys that dedupe and cap it. */
public record NewReport(
        UUID id,
        int serviceId,
        String serviceSlug,
        Instant receivedAt,
        String problem,
        Location location,
        String reporterKey,
        String subnetKey,
        String channel,
        boolean demo) {

    Report toReport() {
        return new Report(id, serviceSlug, receivedAt, problem, location, channel, demo);
    }
}
