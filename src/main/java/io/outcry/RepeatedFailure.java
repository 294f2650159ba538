package io.outcry;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * One failure that may repeat many times a second (a write on a full disk, retried whenever the writer is idle): logged
 * with its stack the first time, then at most once per interval, saying how many repeats were left out since. Time is
 * the JVM's monotonic clock, so a step of the wall clock neither floods nor silences the log.
 */
public final class RepeatedFailure {
    private final Logger log;
    private final String message;
    private final long intervalNanos;
    private final LongSupplier nanos;
    private long loggedAt;
    private boolean logged;
    private long leftOut;
    private long failures;

    public RepeatedFailure(Logger log, String message, Duration interval, LongSupplier nanos) {
        this.log = log;
        this.message = message;
        this.intervalNanos = interval.toNanos();
        this.nanos = nanos;
    }

    /** Logs {@code e} at ERROR now, or counts it if it was logged less than an interval ago. */
    public synchronized void failed(Throwable e) {
        long now = nanos.getAsLong();
        failures++;
        if (logged && now - loggedAt < intervalNanos) {
            leftOut++;
            return;
        }
        if (leftOut > 0) {
            log.error("{} (again {} times since it was last logged, {} s ago)", message, leftOut,
                    (now - loggedAt) / 1_000_000_000L, e);
        } else {
            log.error(message, e);
        }
        logged = true;
        loggedAt = now;
        leftOut = 0;
    }

    /** The failure stopped: said once if it had been logged, so the log tells when. */
    public synchronized void succeeded() {
        if (failures > 0) {
            log.info("Recovered after {} failures: {}", failures, message);
            logged = false;
            leftOut = 0;
            failures = 0;
        }
    }
}
