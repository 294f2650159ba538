package io.outcry.incident;

import io.outcry.catalog.Catalog;
import io.outcry.catalog.French;
import io.outcry.catalog.Service;
import io.outcry.outage.Outage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which access-provider outages are people blaming their provider for a bigger outage elsewhere: spillover, told
 * apart from the provider's own trouble by timing and scale.
 */
public final class Spillovers {
    /** A service at least this popular (1..100) draws people to blame their provider when it fails. */
    static final int BIG_POPULARITY = 70;
    /**
     * A provider's outage stands on its own when its peak ratio observed/expected is at least this many times the
     * ratio of the big outage it overlaps.
     */
    static final double OWN_RATIO = 3.0;
    /**
     * People who blame their provider are a small part of those hit by a big outage: a provider's excess (observed
     * minus expected at its peak) above this share of the big outage's excess is not explained by it.
     */
    static final double SPILL_SHARE = 0.25;
    /** Onsets are estimates: a provider's outage may start this much before the big one and still follow from it. */
    static final Duration ONSET_TOLERANCE = Duration.ofMinutes(2);
    /** People blame their provider as soon as a service fails: a provider's onset later than this is its own. */
    static final Duration FOLLOWS_WITHIN = Duration.ofMinutes(15);
    /** A provider's outage lasting longer than this after the big one ended is its own. */
    static final Duration OUTLASTS_BY = Duration.ofMinutes(15);

    private Spillovers() {}

    /**
     * Access-provider outages that are probably spillover of a bigger outage of a popular service: people blaming
     * their provider for it. A provider outage P is spillover of C only when the data shows P following from C:
     * <ul>
     *   <li>P's service is an access provider; C's has at least {@link #BIG_POPULARITY} popularity and is neither an
     *       access provider nor a cloud; C is world-wide or in P's country; their spans overlap;
     *   <li>timing: P started between {@link #ONSET_TOLERANCE} before and {@link #FOLLOWS_WITHIN} after C, and did
     *       not last more than {@link #OUTLASTS_BY} after C ended;
     *   <li>scale: P's excess (peak observed − expected) is at most {@link #SPILL_SHARE} of C's, and P's peak ratio
     *       is under {@link #OWN_RATIO} × C's;
     *   <li>and the same holds for the provider's widest outage at the time that covers P's area (its national or
     *       world-wide one): a region's small part of the provider's own outage does not make it spillover.
     * </ul>
     * Of several causes, the one with most reporters at its peak is named.
     */
    public static List<Spillover> of(List<Outage> outages, Catalog catalog, Instant now) {
        Map<Integer, Service> services = new HashMap<>();
        catalog.services().forEach(s -> services.put(s.id(), s));
        List<Spillover> out = new ArrayList<>();
        for (Outage p : outages) {
            Service provider = services.get(p.serviceId());
            if (provider == null || !IncidentGroups.ACCESS.equals(provider.category()) || p.state() == Outage.State.DISMISSED) {
                continue;
            }
            Outage cause = null;
            for (Outage c : outages) {
                Service big = services.get(c.serviceId());
                if (big == null || c.state() == Outage.State.DISMISSED || !isBig(big)
                        || !IncidentGroups.overlap(p, c, now) || !(IncidentGroups.isWorld(c)
                                || IncidentGroups.country(c).equals(IncidentGroups.country(p)))) {
                    continue;
                }
                if (explainedBy(p, c, now) && explainedBy(widest(p, outages, now), c, now)
                        && (cause == null || c.peakObserved() > cause.peakObserved())) {
                    cause = c;
                }
            }
            if (cause != null) {
                String name = services.get(cause.serviceId()).name();
                out.add(new Spillover(p.id(), cause.id(), Map.of(
                        "en", "probably people blaming their provider for the " + name + " outage",
                        "fr", "probablement des personnes qui accusent leur fournisseur pour la panne "
                                + French.of(name))));
            }
        }
        return out;
    }

    /**
     * The widest outage of {@code p}'s service at the same time that covers {@code p}'s area ({@code p} itself when
     * none does): a region's share of a provider's own national outage is not spillover because it is small.
     */
    private static Outage widest(Outage p, List<Outage> outages, Instant now) {
        Outage widest = p;
        for (Outage o : outages) {
            boolean covers = IncidentGroups.isWorld(o) || o.scope().equals(IncidentGroups.country(p));
            if (o.serviceId() == p.serviceId() && o.state() != Outage.State.DISMISSED && covers
                    && IncidentGroups.overlap(o, p, now) && IncidentGroups.breadth(o) > IncidentGroups.breadth(widest)) {
                widest = o;
            }
        }
        return widest;
    }

    /** Whether the provider outage {@code p} follows from {@code c} in timing and scale (see {@link #of}). */
    static boolean explainedBy(Outage p, Outage c, Instant now) {
        boolean timing = !p.startedAt().isBefore(c.startedAt().minus(ONSET_TOLERANCE))
                && !p.startedAt().isAfter(c.startedAt().plus(FOLLOWS_WITHIN))
                && (c.endedAt() == null || !IncidentGroups.end(p, now).isAfter(c.endedAt().plus(OUTLASTS_BY)));
        boolean scale = excess(p) <= SPILL_SHARE * excess(c) && ratio(p) < OWN_RATIO * ratio(c);
        return timing && scale;
    }

    /** Peak observed minus expected, at least 0. */
    static double excess(Outage o) {
        return Math.max(0, o.peakObserved() - o.peakExpected());
    }

    /** Peak observed over expected; an expected count under 0.5 counts as 0.5 so a zero baseline is not infinite. */
    static double ratio(Outage o) {
        return o.peakObserved() / Math.max(0.5, o.peakExpected());
    }

    private static boolean isBig(Service s) {
        return s.popularity() >= BIG_POPULARITY && !IncidentGroups.ACCESS.equals(s.category()) && !"cloud-cdn".equals(s.category());
    }
}
