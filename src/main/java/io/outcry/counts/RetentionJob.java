package io.outcry.counts;

import static io.outcry.counts.CountTime.hourOf;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each hour's totals once it is over, and keeps the data from growing for ever.
 *
 * <p>The intake writes only per-minute counts; baselines read hourly totals. So the totals of an hour are summed from
 * its minutes a few seconds after it ends, and again five minutes later for reports still queued then (a roll-up only
 * writes totals that differ); at start, every hour since the last total written is summed, so a node that was down
 * leaves no hour without its total.
 *
 * <p>Once an hour: raw reports older than the retention are deleted; per-minute
 * counts older than {@code minuteCounts} are deleted hour by hour once that hour's totals are checked (and repaired if
 * needed) in the hourly counts, and "works for me" minute counts at the same age (nothing rolls them up); hourly
 * counts are kept only as long as baselines read them. Every delete takes at
 * most {@code batchSize} rows and the job pauses between them, so the report writer never waits long for it.
 */
public final class RetentionJob implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

    /** What one run removed. */
    public record Pruned(long reports, long minuteCounts, long worksCounts, long hourCounts, long hoursRolledUp) {}

    /** An hour's totals are summed this long after it ends, once the reports of its last minute are committed. */
    private static final Duration ROLL_UP_DELAY = Duration.ofSeconds(5);
    /** ...and again this long after it ends, for reports that were still queued. */
    private static final Duration ROLL_UP_AGAIN = Duration.ofMinutes(5);

    private final RetentionStore store;
    /** The count tables' reads, which also write the counts the intake holds before the minutes are summed. */
    private final CountStore counts;
    private final Clock clock;
    private final Duration reports;
    private final Duration minuteCounts;
    private final Duration hourCounts;
    private final int batchSize;
    private final Duration pause;
    private ScheduledExecutorService scheduler;
    /** The last hour summed by {@link #rollUpEndedHours}, null before its first run. */
    private Instant rolledUpTo;

    /**
     * @param reports how long raw reports are kept ({@code OUTCRY_RETENTION_DAYS})
     * @param minuteCounts how long per-minute counts are kept, "works for me" ones too; older problem reports live on
     *     in the hourly totals
     * @param hourCounts how long hourly totals are kept: what baselines read, plus a margin
     */
    public RetentionJob(RetentionStore store, CountStore counts, Clock clock, Duration reports,
            Duration minuteCounts, Duration hourCounts, int batchSize, Duration pause) {
        if (minuteCounts.compareTo(Duration.ofHours(1)) < 0 || hourCounts.compareTo(minuteCounts) < 0) {
            throw new IllegalArgumentException("keep minute counts at least an hour and hourly totals longer: "
                    + minuteCounts + ", " + hourCounts);
        }
        this.store = store;
        this.counts = counts;
        this.clock = clock;
        this.reports = reports;
        this.minuteCounts = minuteCounts;
        this.hourCounts = hourCounts;
        this.batchSize = batchSize;
        this.pause = pause;
    }

    /**
     * Sums the hours not summed yet at once, then each hour as it ends; runs {@link #runOnce} every hour, the first
     * time a few minutes after start. All on one thread of its own, beside the detector's ticks.
     */
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("retention").daemon()
                .unstarted(r));
        scheduler.execute(this::rollUpLogged);
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                Pruned p = runOnce();
                if (p.reports() + p.minuteCounts() + p.worksCounts() + p.hourCounts() > 0) {
                    log.info("Retention removed {} reports, {} minute counts, {} \"works for me\" minute counts and {}"
                            + " hourly totals ({} hours rolled up)", p.reports(), p.minuteCounts(), p.worksCounts(),
                            p.hourCounts(), p.hoursRolledUp());
                }
            } catch (RuntimeException e) {
                log.error("Retention run failed; it will be retried in an hour", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, 5, 60, TimeUnit.MINUTES);
    }

    private void rollUpLogged() {
        try {
            rollUpEndedHours();
        } catch (RuntimeException e) {
            log.warn("Summing the last hours' totals failed; trying again at the next roll-up", e);
        }
        scheduler.schedule(this::rollUpLogged, untilNextRollUp().toMillis(), TimeUnit.MILLISECONDS);
    }

    private Duration untilNextRollUp() {
        Instant now = clock.instant();
        Instant hour = hourOf(now);
        for (Instant at : List.of(hour.plus(ROLL_UP_DELAY), hour.plus(ROLL_UP_AGAIN), hour.plus(Duration.ofHours(1))
                .plus(ROLL_UP_DELAY))) {
            if (at.isAfter(now)) {
                return Duration.between(now, at);
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /**
     * Makes the totals of every hour that ended since the last total written (at least the last hour and the one
     * before it, at most as far back as per-minute counts are kept) the sums of their minutes; returns how many
     * totals were written.
     */
    public synchronized int rollUpEndedHours() {
        counts.writeHeld();
        Instant now = clock.instant();
        Instant lastEnded = hourOf(now).minus(Duration.ofHours(1));
        Instant oldest = hourOf(now.minus(minuteCounts));
        // The latest total is read once (it scans the totals); later runs start from the last hour they summed.
        Instant summed = rolledUpTo != null ? rolledUpTo : store.latestHourTotal().orElse(lastEnded);
        Instant from = (summed.isBefore(lastEnded) ? summed : lastEnded).minus(Duration.ofHours(1));
        int written = 0;
        for (Instant h = from.isBefore(oldest) ? oldest : from; !h.isAfter(lastEnded); h = h.plus(Duration.ofHours(1))) {
            written += store.rollUpHour(h);
        }
        rolledUpTo = lastEnded;
        return written;
    }

    /** Deletes everything past its retention now, batch after batch. */
    public Pruned runOnce() throws InterruptedException {
        Instant now = clock.instant();
        long reportRows = 0;
        for (int n = batchSize; n >= batchSize; reportRows += n) {
            n = store.deleteReportsBefore(now.minus(reports), batchSize);
            rest(n);
        }
        // Whole hours only, so that an hour is never half gone from the per-minute counts.
        Instant minuteCutoff = hourOf(now.minus(minuteCounts));
        long minuteRows = 0;
        long hours = 0;
        for (Optional<Instant> oldest = store.oldestMinuteBefore(minuteCutoff); oldest.isPresent();
                oldest = store.oldestMinuteBefore(minuteCutoff)) {
            Instant hour = hourOf(oldest.get());
            counts.writeHeld();
            hours += store.rollUpHour(hour) > 0 ? 1 : 0;
            Instant end = hour.plus(1, ChronoUnit.HOURS);
            long before = minuteRows;
            for (int n = batchSize; n >= batchSize; minuteRows += n) {
                n = store.deleteMinuteCountsBefore(end.isBefore(minuteCutoff) ? end : minuteCutoff, batchSize);
                rest(n);
            }
            if (minuteRows == before) {
                break; // nothing could be deleted: never spin
            }
        }
        long worksRows = 0; // kept as long as the problem reports' minutes they are read beside
        for (int n = batchSize; n >= batchSize; worksRows += n) {
            n = store.deleteWorksCountsBefore(minuteCutoff, batchSize);
            rest(n);
        }
        long hourRows = 0;
        Instant hourCutoff = hourOf(now.minus(hourCounts));
        for (int n = batchSize; n >= batchSize; hourRows += n) {
            n = store.deleteHourCountsBefore(hourCutoff, batchSize);
            rest(n);
        }
        return new Pruned(reportRows, minuteRows, worksRows, hourRows, hours);
    }

    private void rest(int deleted) throws InterruptedException {
        if (deleted > 0 && pause.isPositive()) {
            Thread.sleep(pause); // a breath between batches, so ingest always gets the database back quickly
        }
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
