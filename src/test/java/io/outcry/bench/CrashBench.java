package io.outcry.bench;

import static io.outcry.db.Tables.HOUR_COUNT;
import static io.outcry.db.Tables.OUTAGE;
import static io.outcry.db.Tables.REPORT;
import static io.outcry.db.Tables.SERVICE;

import io.outcry.ChildNode;
import io.outcry.Config;
import io.outcry.Db;
import io.outcry.catalog.CatalogStore;
import io.outcry.report.Intake;
import io.outcry.report.Recount;
import io.outcry.web.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.DSLContext;
import org.jooq.Query;

/**
 * Kill -9 rounds of a child JVM under report load, some while its detector ticks (one-second period, a week of
 * hourly history so every start replays and every tick has series to fit). After each round the database is opened
 * as is and checked: every acknowledged report present, none twice, none that was never sent, per-minute counts equal
 * a recount of the rows, no two open outages of one series, no outage lost, no resolved outage reopened.
 *
 * <p>Run: {@code bench/crash/run.sh [rounds] [seed]}. Prints a table, writes bench/results/crash.md.
 */
public final class CrashBench {
    private static final String[] SERVICES = {"chatgpt", "youtube", "github"};

    record Round(int round, long seed, int killAfterMs, boolean duringTicks, int acknowledged, int stored,
            int inFlightStored, int countedAtRestart, int outages, int open, String verdict) {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : System.nanoTime();
        Random master = new Random(seed);
        Path dataDir = Files.createTempDirectory("outcry-crash-bench");
        Config config = Config.from(Map.of("OUTCRY_DATA_DIR", dataDir.toString()));
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS);
        try (Db db = Db.open(config.dbUrl(), config.dbUser(), config.dbPassword(), 2)) {
            new CatalogStore(db.dsl()).seed(Json.mapper());
            seedHistory(db.dsl(), start, new Random(seed));
        }
        System.out.printf("CrashBench: %d rounds, seed %d, data in %s%n", rounds, seed, dataDir);
        Set<UUID> acknowledged = ConcurrentHashMap.newKeySet();
        Set<UUID> sent = ConcurrentHashMap.newKeySet();
        Set<UUID> outagesSeen = new HashSet<>();
        Set<UUID> resolvedSeen = new HashSet<>();
        List<Round> results = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            long roundSeed = master.nextLong();
            Random random = new Random(roundSeed);
            // Half the rounds die within a second of start, while the detector replays its warm-up hours.
            boolean duringTicks = random.nextBoolean();
            int killAfter = duringTicks ? 50 + random.nextInt(900) : 1_000 + random.nextInt(2_500);
            int ackBefore = acknowledged.size();
            String verdict;
            try (ChildNode child = ChildNode.start(dataDir, Map.of("OUTCRY_TICK_SECONDS", "1"))) {
                ChildNode.Flood flood = child.flood(6, "r" + r, thread -> {
                    Random own = new Random(roundSeed + thread);
                    return () -> {
                        UUID id = new UUID(own.nextLong(), own.nextLong());
                        sent.add(id);
                        return new ChildNode.Report(id, SERVICES[own.nextInt(4) == 0 ? 1 + own.nextInt(2) : 0]);
                    };
                }, acknowledged);
                Thread.sleep(killAfter);
                child.kill();
                flood.stop();
                verdict = "ok";
            } catch (IllegalStateException e) {
                verdict = "DID NOT START: " + e.getMessage();
            }
            try (Db db = Db.open(config.dbUrl(), config.dbUser(), config.dbPassword(), 1)) {
                DSLContext dsl = db.dsl();
                List<UUID> ids = dsl.select(REPORT.ID).from(REPORT).fetch(REPORT.ID);
                Set<UUID> stored = new HashSet<>(ids);
                List<String> problems = new ArrayList<>();
                if (!verdict.equals("ok")) {
                    problems.add(verdict);
                }
                if (stored.size() != ids.size()) {
                    problems.add("stored twice: " + (ids.size() - stored.size()));
                }
                Set<UUID> lost = new HashSet<>(acknowledged);
                lost.removeAll(stored);
                if (!lost.isEmpty()) {
                    problems.add("lost " + lost.size() + " acknowledged");
                }
                Set<UUID> phantom = new HashSet<>(stored);
                phantom.removeAll(sent);
                if (!phantom.isEmpty()) {
                    problems.add(phantom.size() + " never sent");
                }
                // As the next round's node does before it takes reports: the counts held in memory at the kill.
                int countedAtRestart = Intake.of(dsl, Duration.ofMinutes(15)).open(Instant.now());
                problems.addAll(recount(dsl));
                var outages = dsl.select(OUTAGE.ID, OUTAGE.SERVICE_ID, OUTAGE.SCOPE, OUTAGE.STATE, OUTAGE.ENDED_AT)
                        .from(OUTAGE).fetch();
                Map<String, Integer> openPerSeries = new HashMap<>();
                Set<UUID> now = new HashSet<>();
                int open = 0;
                for (var o : outages) {
                    now.add(o.value1());
                    boolean isOpen = o.value5() == null;
                    if (isOpen) {
                        open++;
                        openPerSeries.merge(o.value2() + "|" + o.value3(), 1, Integer::sum);
                        if (resolvedSeen.contains(o.value1())) {
                            problems.add("resolved outage reopened: " + o.value1());
                        }
                    } else {
                        resolvedSeen.add(o.value1());
                    }
                }
                openPerSeries.forEach((series, n) -> {
                    if (n > 1) {
                        problems.add(n + " open outages for series " + series);
                    }
                });
                Set<UUID> gone = new HashSet<>(outagesSeen);
                gone.removeAll(now);
                if (!gone.isEmpty()) {
                    problems.add(gone.size() + " outages lost");
                }
                outagesSeen.addAll(now);
                Set<UUID> inFlight = new HashSet<>(stored);
                inFlight.removeAll(acknowledged);
                Round row = new Round(r + 1, roundSeed, killAfter, duringTicks, acknowledged.size() - ackBefore,
                        stored.size(), inFlight.size(), countedAtRestart, outages.size(), open,
                        problems.isEmpty() ? "ok" : String.join("; ", problems));
                results.add(row);
                System.out.printf("round %2d seed %20d kill %4d ms %-7s acked %5d stored %6d in-flight %3d counted at"
                        + " restart %3d outages %d open %d  %s%n", row.round(), row.seed(), row.killAfterMs(),
                        duringTicks ? "(ticks)" : "", row.acknowledged(), row.stored(), row.inFlightStored(),
                        row.countedAtRestart(), row.outages(), row.open(), row.verdict());
            }
        }
        write(results, seed, rounds);
    }

    /** A week of hourly history for the loaded services: the baseline the detector fits at each start. */
    private static void seedHistory(DSLContext dsl, Instant start, Random random) {
        List<Query> queries = new ArrayList<>();
        for (String slug : SERVICES) {
            int id = dsl.select(SERVICE.ID).from(SERVICE).where(SERVICE.SLUG.eq(slug)).fetchOne(SERVICE.ID);
            for (Instant h = start.minus(7, ChronoUnit.DAYS); h.isBefore(start); h = h.plus(1, ChronoUnit.HOURS)) {
                queries.add(dsl.insertInto(HOUR_COUNT).set(HOUR_COUNT.SERVICE_ID, id).set(HOUR_COUNT.AREA, "*")
                        .set(HOUR_COUNT.HOUR_START, h.atOffset(ZoneOffset.UTC))
                        .set(HOUR_COUNT.REPORTERS, 30 + random.nextInt(30)));
            }
        }
        dsl.batch(queries).execute();
    }

    /** Per-minute counts against a recount of the counted rows; hourly history is seeded, so only minutes compare. */
    private static List<String> recount(DSLContext dsl) {
        Map<String, Integer> recount = Recount.recount(dsl);
        Map<String, Integer> counts = Recount.minuteCounts(dsl);
        if (recount.equals(counts)) {
            return List.of();
        }
        Set<String> differ = new HashSet<>(recount.keySet());
        differ.addAll(counts.keySet());
        differ.removeIf(k -> java.util.Objects.equals(recount.get(k), counts.get(k)));
        return List.of("counts differ from a recount in " + differ.size() + " minutes");
    }

    private static void write(List<Round> results, long seed, int rounds) throws IOException {
        long failed = results.stream().filter(r -> !r.verdict().equals("ok")).count();
        StringBuilder md = new StringBuilder();
        md.append("# Crash bench: kill -9 under load\n\n");
        md.append("`bench/crash/run.sh ").append(rounds).append(' ').append(seed).append("` reproduces the schedule."
                + " A child JVM (`io.outcry.cli.Main serve`, H2 file, detector every second, a week of hourly history)"
                + " ingests reports with client UUIDs from 6 senders and is killed with SIGKILL; rounds marked ticks"
                + " die within a second of start, while the detector replays its warm-up hours. After each round the"
                + " database is opened as it was left and checked, once the counts the dead node held in memory are"
                + " added from the rows, as the next node does when it starts (counted at restart).\n\n");
        md.append("| round | seed | kill after ms | during ticks | acknowledged | stored (total) | stored, not acked |"
                + " counted at restart | outages | open | verdict |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Round r : results) {
            md.append(String.format("| %d | %d | %d | %s | %d | %d | %d | %d | %d | %d | %s |%n", r.round(),
                    r.seed(), r.killAfterMs(), r.duringTicks() ? "yes" : "", r.acknowledged(), r.stored(),
                    r.inFlightStored(), r.countedAtRestart(), r.outages(), r.open(), r.verdict()));
        }
        md.append("\n").append(rounds - failed).append(" of ").append(rounds).append(" rounds passed every check.\n");
        Path out = Path.of("bench/results/crash.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md);
        System.out.printf("%d of %d rounds passed; wrote %s%n", rounds - failed, rounds, out);
    }
}
