package io.outcry.cli;

import io.outcry.outage.Outage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The sparse-region target, measured through the server's whole detection ({@code replay --reports}): a region whose
 * usual rate is under one report an hour, where six or more distinct people report within an hour, shows at least
 * "possible problems" there within 30 minutes and an outage within 60, at no more than one false regional outage per
 * region per 100 days. Not a unit test: {@code bench/detection/regional.sh} writes
 * {@code bench/results/detection-regional.md}.
 *
 * <p>Generator (fixed seed): one country, {@link #REGIONS} regions, three at each usual rate of {@link #RATES} per
 * hour (the day's mean; the hour's rate follows a daily cycle of ± 50 %), each report a distinct person on a network
 * of its own, Poisson in time. After {@link #WARM_UP_DAYS} days of history, every {@link #BETWEEN_HOURS} hours one
 * region (in turn) gets six more people, at uniformly random times within one hour: the target's condition and no
 * more. Delays run from the start of that hour. A regional episode that overlaps no such hour (from 30 minutes
 * before to 2 hours after) is false; those in the warm-up days are not counted.
 */
public final class RegionalBench {
    static final long SEED = 20261205L;
    static final Instant START = Instant.parse("2026-09-07T00:00:00Z"); // a Monday
    static final int DAYS = 42;
    static final int WARM_UP_DAYS = 7;
    static final int BETWEEN_HOURS = 12;
    static final int PEOPLE = 6;
    static final double[] RATES = {0.1, 0.25, 0.5, 0.75, 0.95};
    static final String[] REGIONS = {"US-AL", "US-AZ", "US-CA", "US-CO", "US-FL", "US-GA", "US-IL", "US-MA", "US-MI",
        "US-NY", "US-OH", "US-PA", "US-TX", "US-WA", "US-WI"};

    record Burst(String region, Instant from) {}

    record Result(double rate, int bursts, List<Long> possibleDelays, List<Long> outageDelays, int falseOutages,
            int falsePossible, double regionDays) {}

    public static void main(String[] args) throws IOException {
        long t0 = System.nanoTime();
        Random random = new Random(SEED);
        List<ReportsCsv.Report> reports = new ArrayList<>();
        for (int r = 0; r < REGIONS.length; r++) {
            background(random, REGIONS[r], rateOf(r), reports);
        }
        List<Burst> bursts = new ArrayList<>();
        int turn = 0;
        for (Instant h = START.plus(Duration.ofDays(WARM_UP_DAYS)); h.isBefore(START.plus(Duration.ofDays(DAYS - 1)));
                h = h.plus(Duration.ofHours(BETWEEN_HOURS))) {
            Instant from = h.plus(Duration.ofMinutes(random.nextInt(BETWEEN_HOURS * 60 - 180)));
            Burst b = new Burst(REGIONS[turn++ % REGIONS.length], from);
            bursts.add(b);
            for (int i = 0; i < PEOPLE; i++) {
                reports.add(new ReportsCsv.Report(from.plusSeconds(random.nextInt(3600)), b.region(), null));
            }
        }
        reports.sort(Comparator.comparing(ReportsCsv.Report::at));
        List<Outage> outages = ReplayReports.replay(reports);
        List<Result> results = new ArrayList<>();
        for (double rate : RATES) {
            results.add(score(rate, bursts, outages));
        }
        long elsewhere = outages.stream().filter(o -> !o.scope().contains("-") && o.confirmedAt() != null
                && !o.startedAt().isBefore(START.plus(Duration.ofDays(WARM_UP_DAYS)))).count();
        String md = markdown(results, elsewhere, reports.size(), (System.nanoTime() - t0) / 1e9);
        System.out.println(md);
        Path out = Path.of("bench/results/detection-regional.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md);
    }

    static double rateOf(int region) {
        return RATES[region % RATES.length];
    }

    /** Poisson reports at {@code perHour} on the day's mean, ± 50 % over the day (most at 18:00 UTC). */
    private static void background(Random random, String region, double perHour, List<ReportsCsv.Report> out) {
        double peak = perHour * 1.5;
        long seconds = DAYS * 86400L;
        double t = 0;
        while (true) {
            t += -Math.log(1 - random.nextDouble()) * 3600 / peak; // thinning: candidates at the peak rate
            if (t >= seconds) {
                return;
            }
            double hour = (t / 3600) % 24;
            double rate = perHour * (1 + 0.5 * Math.cos(2 * Math.PI * (hour - 18) / 24));
            if (random.nextDouble() * peak < rate) {
                out.add(new ReportsCsv.Report(START.plusSeconds((long) t), region, null));
            }
        }
    }

    private static Result score(double rate, List<Burst> bursts, List<Outage> outages) {
        List<Long> possible = new ArrayList<>();
        List<Long> outage = new ArrayList<>();
        int n = 0;
        List<String> regions = new ArrayList<>();
        for (int r = 0; r < REGIONS.length; r++) {
            if (rateOf(r) == rate) {
                regions.add(REGIONS[r]);
            }
        }
        for (Burst b : bursts) {
            if (!regions.contains(b.region())) {
                continue;
            }
            n++;
            Outage o = outages.stream().filter(x -> x.scope().equals(b.region()) && overlaps(x, b))
                    .min(Comparator.comparing(Outage::detectedAt)).orElse(null);
            possible.add(o == null ? Long.MAX_VALUE : Duration.between(b.from(), o.detectedAt()).toMinutes());
            Instant confirmed = outages.stream().filter(x -> x.scope().equals(b.region()) && overlaps(x, b))
                    .map(Outage::confirmedAt).filter(c -> c != null).min(Comparator.naturalOrder()).orElse(null);
            outage.add(confirmed == null ? Long.MAX_VALUE : Duration.between(b.from(), confirmed).toMinutes());
        }
        Instant scored = START.plus(Duration.ofDays(WARM_UP_DAYS));
        int falseOutages = 0;
        int falsePossible = 0;
        for (Outage o : outages) {
            if (!regions.contains(o.scope()) || o.startedAt().isBefore(scored)
                    || bursts.stream().anyMatch(b -> b.region().equals(o.scope()) && overlaps(o, b))) {
                continue;
            }
            if (o.confirmedAt() != null) {
                falseOutages++;
            } else {
                falsePossible++;
            }
        }
        return new Result(rate, n, possible, outage, falseOutages, falsePossible,
                regions.size() * (double) (DAYS - WARM_UP_DAYS));
    }

    /** Whether the episode overlaps the burst's hour, from 30 minutes before to 2 hours after its start. */
    private static boolean overlaps(Outage o, Burst b) {
        Instant end = o.endedAt() == null ? Instant.MAX : o.endedAt();
        return o.startedAt().isBefore(b.from().plus(Duration.ofHours(2)))
                && end.isAfter(b.from().minus(Duration.ofMinutes(30)));
    }

    private static String markdown(List<Result> results, long elsewhere, int reports, double seconds) {
        StringBuilder b = new StringBuilder("# Sparse regions: six people within an hour (generated)\n\n");
        b.append("Command: `bench/detection/regional.sh` (`replay --reports`, the server's whole detection, over ")
                .append(reports).append(" generated reports; seed ").append(SEED).append("). ")
                .append(REGIONS.length).append(" regions of one country, ").append(DAYS - WARM_UP_DAYS)
                .append(" days scored after ").append(WARM_UP_DAYS).append(" of history; every ").append(BETWEEN_HOURS)
                .append(" h one region in turn gets ").append(PEOPLE).append(" more people within one hour. ")
                .append("Target: possible problems within 30 min, an outage within 60, at most 1 false regional ")
                .append("outage per region per 100 days.\n\n");
        b.append("| usual reports /hour | bursts | possible ≤ 30 min | outage ≤ 60 min | median min to possible | ")
                .append("median min to outage | false outages /region/100 days | false possible /region/100 days |\n");
        b.append("|---|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            b.append(String.format(Locale.ROOT, "| %.2f | %d | %d | %d | %s | %s | %.1f (%d) | %.1f (%d) |%n", r.rate(),
                    r.bursts(), r.possibleDelays().stream().filter(d -> d <= 30).count(),
                    r.outageDelays().stream().filter(d -> d <= 60).count(), median(r.possibleDelays()),
                    median(r.outageDelays()), 100 * r.falseOutages() / r.regionDays(), r.falseOutages(),
                    100 * r.falsePossible() / r.regionDays(), r.falsePossible()));
        }
        b.append(String.format(Locale.ROOT, "%nOutages declared in the country or world-wide after the history: %d "
                + "(each burst is one region's). Run time %.0f s.%n", elsewhere, seconds));
        return b.toString();
    }

    private static String median(List<Long> delays) {
        List<Long> sorted = delays.stream().sorted().toList();
        long m = sorted.isEmpty() ? Long.MAX_VALUE : sorted.get(sorted.size() / 2);
        return m == Long.MAX_VALUE ? "–" : Long.toString(m);
    }
}
