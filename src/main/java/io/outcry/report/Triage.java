package io.outcry.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What each report of a batch is, given what is stored already: a retry of a stored id, a repeat of its reporter
 * within the dedupe window, or new, counted unless its subnet had {@code subnetCap} reports counted for the service
 * within the cap window. Problem reports and "works for me" are deduped and capped apart. Both intakes decide this way;
 * they differ in how they learn what is stored and in how they write.
 */
final class Triage {
    /** The intake's rules: the dedupe window, and at most {@code subnetCap} counted per subnet (0: no cap). */
    record Rules(Duration dedupeWindow, int subnetCap, Duration subnetWindow) {
        /** The longer of the two windows: how far back the intake must know reports. */
        Duration longest() {
            return dedupeWindow.compareTo(subnetWindow) > 0 ? dedupeWindow : subnetWindow;
        }
    }

    /**
     * What is stored already: reports by the ids the batch retries, the batch's reporters' latest reports and when its
     * subnets had reports counted, the last two keyed by {@link #key}.
     */
    record Known(Map<UUID, Report> byId, Map<String, Report> latest, Map<String, List<Instant>> countedBySubnet) {}

    /** A report the batch inserts, and whether it counts. */
    record Stored(NewReport report, boolean counted) {}

    /** World-wide reporters an intake knows apart from the batch's own. */
    interface WorldSum {
        /** Adds the reporters of the services counted in the minutes starting in [from, to) to {@code out}. */
        void sum(Collection<Integer> services, Instant from, Instant to, Map<Integer, Integer> out);
    }

    private final List<NewReport> batch;
    private final List<Report> answers;
    private final List<Accepted.Kind> kinds;
    /** The reports to insert, in the batch's order. */
    final List<Stored> inserted = new ArrayList<>();
    /** The counts the inserted reports add. */
    final Tally counts = new Tally();

    private Triage(List<NewReport> batch) {
        this.batch = batch;
        this.answers = new ArrayList<>(batch.size());
        this.kinds = new ArrayList<>(batch.size());
    }

    /** Decides the batch in order: a report can be a repeat or a retry of one before it in the same batch. */
    static Triage of(List<NewReport> batch, Known known, Rules rules) {
        Triage out = new Triage(batch);
        Map<UUID, Report> byId = new HashMap<>(known.byId());
        for (NewReport r : batch) {
            String dedupeKey = key(r.reporterKey(), r.serviceId(), r.kind().label());
            Report earlier = known.latest().get(dedupeKey);
            // The reporter's latest report can be this very one, sent again: a retry, whether or not ids were asked.
            Report existing = earlier != null && earlier.id().equals(r.id()) ? earlier : byId.get(r.id());
            if (existing != null) {
                out.answer(existing, Accepted.Kind.RETRY);
                continue;
            }
            if (earlier != null && earlier.receivedAt().isAfter(r.receivedAt().minus(rules.dedupeWindow()))) {
                out.answer(earlier, Accepted.Kind.DUPLICATE);
                continue;
            }
            Report stored = r.toReport();
            byId.put(r.id(), stored);
            known.latest().put(dedupeKey, stored);
            boolean counted = rules.subnetCap() <= 0 || underCap(known.countedBySubnet().computeIfAbsent(
                    key(r.subnetKey(), r.serviceId(), r.kind().label()), k -> new ArrayList<>()), r.receivedAt(), rules);
            out.inserted.add(new Stored(r, counted));
            if (counted) {
                out.counts.add(r.serviceId(), r.kind(), r.location(), r.receivedAt());
            }
            out.answer(stored, counted ? Accepted.Kind.STORED : Accepted.Kind.CAPPED);
        }
        return out;
    }

    private void answer(Report report, Accepted.Kind kind) {
        answers.add(report);
        kinds.add(kind);
    }

    /** Counts the report in when fewer than the cap were counted in the window before it; remembers it if so. */
    private static boolean underCap(List<Instant> countedTimes, Instant at, Rules rules) {
        Instant from = at.minus(rules.subnetWindow());
        long inWindow = countedTimes.stream().filter(c -> c.isAfter(from) && !c.isAfter(at)).count();
        if (inWindow >= rules.subnetCap()) {
            return false;
        }
        countedTimes.add(at);
        return true;
    }

    /**
     * The answers, each with its service's reporters world-wide in the minutes starting within {@link Intake#RECENT}
     * before the batch's latest report, that minute included: those {@code known} holds, plus the batch's own counts.
     */
    List<Accepted> accepted(WorldSum known) {
        Map<Integer, Integer> reporters = new HashMap<>();
        Instant latest = latestOf(batch);
        Instant from = latest.minus(Intake.RECENT);
        Instant to = latest.plus(Duration.ofMinutes(1));
        known.sum(servicesOf(batch), from, to, reporters);
        counts.addWorld(from, to, reporters);
        List<Accepted> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            out.add(new Accepted(answers.get(i), kinds.get(i), reporters.getOrDefault(batch.get(i).serviceId(), 0)));
        }
        return out;
    }

    /** The key of a reporter's or a subnet's reports of one kind about one service, in the batch's lookups. */
    static String key(String reporterOrSubnet, int serviceId, String kind) {
        return reporterOrSubnet + "|" + serviceId + "|" + kind;
    }

    static Instant latestOf(List<NewReport> batch) {
        return batch.stream().map(NewReport::receivedAt).max(Instant::compareTo).orElse(Instant.MIN);
    }

    static Set<Integer> servicesOf(List<NewReport> batch) {
        Set<Integer> services = new HashSet<>();
        batch.forEach(r -> services.add(r.serviceId()));
        return services;
    }
}
