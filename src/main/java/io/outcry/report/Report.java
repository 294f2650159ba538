package io.outcry.report;

import java.time.Instant;
import java.util.UUID;

/** One accepted "it's down for me", as stored and as shown to the person who sent it. */
public record Report(
        UUID id,
        String service,
        Instant receivedAt,
        String problem,
        Location location,
        String channel,
        boolean demo) {}
