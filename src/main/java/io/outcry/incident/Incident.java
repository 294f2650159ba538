package io.outcry.incident;

import io.outcry.outage.Outage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Outages that overlap in time (and, for regional ones, in country), with their likely common cause.
 *
 * @param id the id of the earliest member, so the incident keeps its id while later outages join it
 * @param members the outages, earliest first
 * @param regions areas (countries or regions) affected for at least two of the services, most specific last
 * @param startedAt the earliest onset of a member
 * @param endedAt the last end of a member, null while one is open
 * @param startSpreadMinutes latest onset minus earliest onset, in minutes
 * @param scope the likely common cause
 * @param confidence how sure that cause is, in [0, 1]
 * @param cause the provider's slug for {@link Scope#SHARED_PROVIDER}, the area code for {@link Scope#REGIONAL_ACCESS},
 *     else null
 * @param spillovers members that are probably people blaming their provider for another member
 * @param explanation one sentence in English ({@code en}) and French ({@code fr})
 */
public record Incident(
        UUID id,
        List<Outage> members,
        List<String> regions,
        Instant startedAt,
        Instant endedAt,
        long startSpreadMinutes,
        Scope scope,
        double confidence,
        String cause,
        List<Spillover> spillovers,
        Map<String, String> explanation) {

    /** What the members probably have in common. */
    public enum Scope {
        /** One service (possibly with spillover onto access providers). */
        SINGLE_SERVICE,
        /** The members run on a common provider (cloud, CDN). */
        SHARED_PROVIDER,
        /** Many unrelated services in one area: a regional network problem. */
        REGIONAL_ACCESS,
        /** Unrelated services failing at about the same time. */
        COINCIDENCE;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public boolean isOpen() {
        return endedAt == null;
    }

    /** Distinct services among the members. */
    public long serviceCount() {
        return members.stream().mapToInt(Outage::serviceId).distinct().count();
    }
}
