package io.outcry.web;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Reads that compute for long (a map of every region, a year of a series, a baseline) take turns, fewer at once than
 * the cores, so that a burst of them leaves a core to the cheap requests ({@code /health}, reports, cached answers)
 * instead of the operating system sharing every core among all of them. A read waits for its turn while its client
 * is there, at most {@code maxWait} (then 503 with Retry-After); a client that leaves gives up its place at once.
 */
public final class HeavyReads {
    private static final long POLL_MILLIS = 50;
    /** A read already in its turn that starts another (a page that draws a map) does not wait for a second one. */
    private static final ThreadLocal<Boolean> inTurn = ThreadLocal.withInitial(() -> false);

    private final Semaphore turns;
    private final int size;
    private final Duration maxWait;
    private final AtomicLong abandoned = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicInteger waiting = new AtomicInteger();

    public HeavyReads(int turns, Duration maxWait) {
        this.turns = new Semaphore(turns, true);
        this.size = turns;
        this.maxWait = maxWait;
    }

    /** One turn less than the cores, at least one: with two cores, one computes and one answers the rest. */
    public static HeavyReads forThisMachine() {
        return new HeavyReads(Math.max(1, Runtime.getRuntime().availableProcessors() - 1), Duration.ofSeconds(20));
    }

    /** Runs {@code read} in its turn; throws {@link Departure.Left} if the client leaves while it waits. */
    public <T> T run(Departure client, Supplier<T> read) {
        if (inTurn.get()) {
            return read.get();
        }
        wait(client);
        inTurn.set(true);
        try {
            client.check();
            return read.get();
        } catch (Departure.Left e) {
            abandoned.incrementAndGet();
            throw e;
        } finally {
            inTurn.set(false);
            turns.release();
        }
    }

    /** A handler whose whole work is one heavy read. */
    public Handler wrap(Handler handler) {
        return ctx -> run(Departure.of(ctx), () -> {
            handle(handler, ctx);
            return null;
        });
    }

    private static void handle(Handler handler, Context ctx) {
        try {
            handler.handle(ctx);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void wait(Departure client) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        waiting.incrementAndGet();
        try {
            while (!turns.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (client.gone()) {
                    abandoned.incrementAndGet();
                    throw new Departure.Left();
                }
                if (System.nanoTime() > deadline) {
                    refused.incrementAndGet();
                    throw Problem.unavailable("Too many long reads are being computed just now.", 5);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Problem.unavailable("The node is stopping.", 5);
        } finally {
            waiting.decrementAndGet();
        }
    }

    /** Reads stopped because their client left, waiting or computing. */
    public long abandoned() {
        return abandoned.get();
    }

    /** Reads refused after waiting {@code maxWait} for their turn. */
    public long refused() {
        return refused.get();
    }

    /** Reads computing now. */
    public int running() {
        return size - turns.availablePermits();
    }

    /** Reads waiting for their turn now. */
    public int waiting() {
        return waiting.get();
    }

    /** How many reads compute at once at most. */
    public int turns() {
        return size;
    }
}
