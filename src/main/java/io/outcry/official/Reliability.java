package io.outcry.official;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The crowd against the company over one period: how much earlier the crowd saw outages than the official page
 * acknowledged them, what one side saw and the other never did, and minutes of outage per 30 days by each account.
 *
 * <p>A crowd event is a run of confirmed outage episodes of the service (any area) that overlap; it matches an
 * official disruption (impact other than none and maintenance) when their spans overlap within {@link #SLACK}. The
 * lead of a matched event is the first matching acknowledgement minus the time reports rose; positive when the
 * crowd was first. Crowd events that started before the official page was first read, or that still last, count
 * neither as acknowledged nor as not. Each figure carries the number of events it rests on.
 */
public final class Reliability {
    public static final Duration SLACK = Duration.ofMinutes(30);

    private Reliability() {}

    /** A crowd event: from when reports rose to when they were back to usual (null while it lasts). */
    public record Span(Instant from, Instant to) {
        Instant endOr(Instant now) {
            return to == null ? now : to;
        }
    }

    /**
     * @param medianLeadMinutes null when no event matched
     * @param leadBasedOn crowd events matched to an acknowledgement
     * @param officialNeverSeen official disruptions with no crowd event, out of {@code officialIncidents}
     * @param crowdNeverAcknowledged ended crowd events with no official disruption, out of {@code crowdJudged}
     */
    public record Figures(Instant from, Instant to, Double medianLeadMinutes, int leadBasedOn,
            int officialNeverSeen, int officialIncidents, int crowdNeverAcknowledged, int crowdJudged,
            double crowdMinutesPer30Days, int crowdEvents, double officialMinutesPer30Days) {}

    /** Merges overlapping episodes into events, in order of their start. */
    public static List<Span> events(List<Span> episodes, Instant now) {
        List<Span> sorted = new ArrayList<>(episodes);
        sorted.sort(Comparator.comparing(Span::from));
        List<Span> out = new ArrayList<>();
        for (Span s : sorted) {
            if (!out.isEmpty() && !s.from().isAfter(out.getLast().endOr(now))) {
                Span last = out.removeLast();
                Instant end = last.to() == null || s.to() == null ? null
                        : last.to().isAfter(s.to()) ? last.to() : s.to();
                out.add(new Span(last.from(), end));
            } else {
                out.add(s);
            }
        }
        return out;
    }

    /** Whether a crowd event and an official incident overlap, within the slack. */
    public static boolean matches(Span crowd, OfficialIncident official, Instant now) {
        Instant officialEnd = official.resolvedAt() == null ? now : official.resolvedAt();
        Instant officialStart = official.startedAt().isBefore(official.acknowledgedAt()) ? official.startedAt()
                : official.acknowledgedAt();
        return !officialStart.isAfter(crowd.endOr(now).plus(SLACK))
                && !crowd.from().isAfter(officialEnd.plus(SLACK));
    }

    /** Minutes the official page took after reports rose (negative: it was first); null when nothing matches. */
    public static Long leadMinutes(Span crowd, List<OfficialIncident> official, Instant now) {
        return official.stream()
                .filter(OfficialIncident::isDisruption)
                .filter(o -> matches(crowd, o, now))
                .map(OfficialIncident::acknowledgedAt)
                .min(Comparator.naturalOrder())
                .map(ack -> Duration.between(crowd.from(), ack).toMinutes())
                .orElse(null);
    }

    /**
     * @param watchedSince when the official page was first read; null when never
     */
    public static Figures of(List<Span> crowdEpisodes, List<OfficialIncident> official, Instant watchedSince,
            Instant from, Instant to) {
        List<Span> events = events(crowdEpisodes, to).stream()
                .filter(e -> e.endOr(to).isAfter(from) && e.from().isBefore(to))
                .toList();
        List<OfficialIncident> disruptions = official.stream().filter(OfficialIncident::isDisruption)
                .filter(o -> (o.resolvedAt() == null || o.resolvedAt().isAfter(from))
                        && o.acknowledgedAt().isBefore(to))
                .toList();
        List<Long> leads = new ArrayList<>();
        int judged = 0;
        int never = 0;
        for (Span e : events) {
            Long lead = leadMinutes(e, disruptions, to);
            if (lead != null) {
                leads.add(lead);
            } else if (watchedSince != null && !e.from().isBefore(watchedSince) && e.to() != null) {
                never++;
            }
            if (watchedSince != null && !e.from().isBefore(watchedSince) && (e.to() != null || lead != null)) {
                judged++;
            }
        }
        int unseen = (int) disruptions.stream().filter(o -> events.stream().noneMatch(e -> matches(e, o, to)))
                .count();
        double days = Math.max(1, Duration.between(from, to).toMinutes()) / 1440.0;
        double crowdMinutes = events.stream().mapToLong(e -> clipped(e.from(), e.endOr(to), from, to)).sum();
        double officialMinutes = disruptions.stream().mapToLong(o -> clipped(o.startedAt(),
                o.resolvedAt() == null ? to : o.resolvedAt(), from, to)).sum();
        return new Figures(from, to, median(leads), leads.size(), unseen, disruptions.size(), never, judged,
                round(crowdMinutes * 30 / days), events.size(), round(officialMinutes * 30 / days));
    }

    private static long clipped(Instant a, Instant b, Instant from, Instant to) {
        Instant start = a.isBefore(from) ? from : a;
        Instant end = b.isAfter(to) ? to : b;
        return end.isAfter(start) ? Duration.between(start, end).toMinutes() : 0;
    }

    static Double median(List<Long> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Long> s = values.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2.0;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
