package io.outcry.incident;

import java.util.Map;
import java.util.UUID;

/**
 * An access provider's outage that is probably people blaming their provider for a bigger outage of another service.
 *
 * @param reason why, in English ({@code en}) and French ({@code fr})
 */
public record Spillover(UUID outageId, UUID causeOutageId, Map<String, String> reason) {}
