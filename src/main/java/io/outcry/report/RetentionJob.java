package io.outcry.report;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the data from growing for ever, once an hour: raw reports older than the retention are deleted; per-minute
 * counts older than {@code minuteCounts} are deleted hour by hour once that hour's totals are checked (and repaired if
 * needed) in the hourly counts; hourly counts are kept only as long as baselines read them. Every delete takes at
 * most {@code batchSize} rows and the job pauses between them, so the report writer never waits long for it.
 */
public final class RetentionJob implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

    /** What one run removed. */
    public record Pruned(long reports, long minuteCounts, long hourCounts, long hoursRolledUp) {}

    private final RetentionStore store;
    private final Clock clock;
    private final Duration reports;
    private final Duration minuteCounts;
    private final Duration hourCounts;
    private final int batchSize;
    private final Duration pause;
    private ScheduledExecutorService scheduler;

    /**
     * @param reports how long raw reports are kept ({@code OUTCRY_RETENTION_DAYS})
     * @param minuteCounts how long per-minute counts are kept; older minutes live on in the hourly totals
     * @param hourCounts how long hourly totals are kept: what baselines read, plus a margin
     */
    public RetentionJob(RetentionStore store, Clock clock, Duration reports, Duration minuteCounts,
            Duration hourCounts, int batchSize, Duration pause) {
        if (minuteCounts.compareTo(Duration.ofHours(1)) < 0 || hourCounts.compareTo(minuteCounts) < 0) {
            throw new IllegalArgumentException("keep minute counts at least an hour and hourly totals longer: "
                    + minuteCounts + ", " + hourCounts);
        }
        this.store = store;
        this.clock = clock;
        this.reports = reports;
        this.minuteCounts = minuteCounts;
        this.hourCounts = hourCounts;
        this.batchSize = batchSize;
        this.pause = pause;
    }

    /** Runs {@link #runOnce} every hour on its own thread, the first time a few minutes after start. */
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("retention").daemon()
                .unstarted(r));
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                Pruned p = runOnce();
                if (p.reports() + p.minuteCounts() + p.hourCounts() > 0) {
                    log.info("Retention removed {} reports, {} minute counts and {} hourly totals ({} hours rolled up)",
                            p.reports(), p.minuteCounts(), p.hourCounts(), p.hoursRolledUp());
                }
            } catch (RuntimeException e) {
                log.error("Retention run failed; it will be retried in an hour", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, 5, 60, TimeUnit.MINUTES);
    }

    /** Deletes everything past its retention now, batch after batch. */
    public Pruned runOnce() throws InterruptedException {
        Instant now = clock.instant();
        long reportRows = 0;
        for (int n = batchSize; n == batchSize; reportRows += n) {
            n = store.deleteReportsBefore(now.minus(reports), batchSize);
            rest(n);
        }
        // Whole hours only, so that an hour is never half gone from the per-minute counts.
        Instant minuteCutoff = now.minus(minuteCounts).truncatedTo(ChronoUnit.HOURS);
        long minuteRows = 0;
        long hours = 0;
        for (Optional<Instant> oldest = store.oldestMinuteBefore(minuteCutoff); oldest.isPresent();
                oldest = store.oldestMinuteBefore(minuteCutoff)) {
            Instant hour = oldest.get().truncatedTo(ChronoUnit.HOURS);
            hours += store.rollUpHour(hour) > 0 ? 1 : 0;
            Instant end = hour.plus(1, ChronoUnit.HOURS);
            long before = minuteRows;
            for (int n = batchSize; n == batchSize; minuteRows += n) {
                n = store.deleteMinuteCountsBefore(end.isBefore(minuteCutoff) ? end : minuteCutoff, batchSize);
                rest(n);
            }
            if (minuteRows == before) {
                break; // nothing could be deleted: never spin
            }
        }
        long hourRows = 0;
        Instant hourCutoff = now.minus(hourCounts).truncatedTo(ChronoUnit.HOURS);
        for (int n = batchSize; n == batchSize; hourRows += n) {
            n = store.deleteHourCountsBefore(hourCutoff, batchSize);
            rest(n);
        }
        return new Pruned(reportRows, minuteRows, hourRows, hours);
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
