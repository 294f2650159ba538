package io.outcry.report;

import io.outcry.RepeatedFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: reports wait in a bounded queue, one thread commits them in batches (each batch's rows in one
 * transaction, with their counts on PostgreSQL; see Intake), and each submitter learns its outcome only
 * after its batch committed. A full queue refuses at once instead of growing.
 */
public final class ReportWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReportWriter.class);
    static final Duration LOG_INTERVAL = Duration.ofMinutes(1);

    /** Thrown by {@link #submit} when the queue is full: the caller answers 503 at once. */
    public static final class Full extends RuntimeException {
        Full() {
            super("the ingest queue is full", null, false, false);
        }
    }

    private record Pending(NewReport report, CompletableFuture<Accepted> done) {}

    private final Intake store;
    private final BlockingQueue<Pending> queue;
    private final int batchSize;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long lastCommitNanos;

    private final LongConsumer commitNanos;
    /** Retried every idle tenth of a second while it fails (a full disk): logged once a minute. */
    private final RepeatedFailure countsFailure = new RepeatedFailure(log,
            "The counts of committed reports could not be written; they are kept and tried again", LOG_INTERVAL,
            System::nanoTime);
    private final RepeatedFailure commitFailure = new RepeatedFailure(log,
            "A batch of reports could not be committed; their senders are told to retry", LOG_INTERVAL,
            System::nanoTime);

    /** @param commitNanos told the duration of each committed batch (a metrics timer) */
    public ReportWriter(Intake store, int queueSize, int batchSize, LongConsumer commitNanos) {
        this.store = store;
        this.commitNanos = commitNanos;
        this.queue = new ArrayBlockingQueue<>(queueSize);
        this.batchSize = batchSize;
        this.thread = Thread.ofPlatform().name("report-writer").daemon().start(this::run);
    }

    /** Queues a report; the future completes after its batch committed, or fails if the commit failed. */
    public CompletableFuture<Accepted> submit(NewReport report) {
        CompletableFuture<Accepted> done = new CompletableFuture<>();
        if (!running || !queue.offer(new Pending(report, done))) {
            throw new Full();
        }
        return done;
    }

    /** Adds a problem kind and a place to a report its reporter just sent, beside the queue (see {@link Intake#refine}). */
    public Optional<Refinement> refine(UUID id, int serviceId, String reporterKey, Instant since, String problem,
            Location place) {
        return store.refine(id, serviceId, reporterKey, since, problem, place);
    }

    public int depth() {
        return queue.size();
    }

    public long lastCommitNanos() {
        return lastCommitNanos;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(batchSize);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    writeCounts();
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, batchSize - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } finally {
                batch.clear();
            }
        }
        queue.forEach(p -> p.done().completeExceptionally(new Full()));
        writeCounts();
    }

    /** Writes the counts the intake holds in memory, when no report is waiting or the writer stops. */
    private void writeCounts() {
        try {
            store.writeCounts();
            countsFailure.succeeded();
        } catch (RuntimeException e) {
            countsFailure.failed(e);
        }
    }

    private void commit(List<Pending> batch) {
        long start = System.nanoTime();
        try {
            List<Accepted> outcomes = store.write(batch.stream().map(Pending::report).toList());
            lastCommitNanos = System.nanoTime() - start;
            commitNanos.accept(lastCommitNanos);
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).done().complete(outcomes.get(i));
            }
            commitFailure.succeeded();
        } catch (RuntimeException e) {
            commitFailure.failed(e);
            batch.forEach(p -> p.done().completeExceptionally(e));
        }
    }

    /** Stops taking reports, commits what is queued, and waits for the thread to finish. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
