package io.outcry.outage;

import java.time.Instant;

/** A service's world-wide state after the last tick, with reporters over the window and how many are usual. */
public record ServiceStatus(int serviceId, Outage.State state, int observed, double expected, Instant updatedAt) {}
