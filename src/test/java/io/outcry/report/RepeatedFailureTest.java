package io.outcry.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.outcry.CapturedLog;
import io.outcry.web.RepeatedFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A failure that repeats many times a second (a full disk) fills the log once a minute, not once per try. */
class RepeatedFailureTest {
    @Test
    void logs_a_repeating_failure_once_per_interval_with_the_repeats_left_out() {
        try (CapturedLog log = CapturedLog.of("repeated-failure-test")) {
            AtomicLong nanos = new AtomicLong();
            RepeatedFailure failure = new RepeatedFailure(log.logger(), "Writing failed", Duration.ofMinutes(1),
                    nanos::get);
            for (int i = 0; i < 600; i++) { // ten a second for a minute
                failure.failed(new IllegalStateException("No space left on device"));
                nanos.addAndGet(100_000_000L);
            }
            failure.failed(new IllegalStateException("No space left on device"));
            List<ILoggingEvent> logged = log.events();
            assertEquals(2, logged.size());
            assertEquals("Writing failed", logged.get(0).getFormattedMessage());
            assertTrue(logged.get(1).getFormattedMessage().contains("again 599 times"),
                    logged.get(1).getFormattedMessage());
            assertTrue(logged.get(1).getThrowableProxy() != null, "with its stack");
            failure.succeeded();
            assertEquals(Level.INFO, log.events().get(2).getLevel());
            assertEquals("Recovered after 601 failures: Writing failed", log.events().get(2).getFormattedMessage());
        }
    }

    @Test
    void an_idle_writer_that_cannot_write_its_counts_logs_it_once() {
        AtomicInteger tries = new AtomicInteger();
        List<ILoggingEvent> logged;
        try (CapturedLog log = CapturedLog.of(ReportWriter.class);
                ReportWriter writer = new ReportWriter(new FullDisk(tries), 10, 10, nanos -> {})) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> tries.get() >= 20);
            logged = log.events();
        }
        assertEquals(1, logged.stream().filter(e -> e.getLevel() == Level.ERROR).count(),
                tries.get() + " failed tries");
    }

    /** An intake on a full disk: every write of its counts fails. */
    private record FullDisk(AtomicInteger tries) implements Intake {
        @Override
        public List<Accepted> write(List<NewReport> batch) {
            throw new IllegalStateException("No space left on device");
        }

        @Override
        public Optional<Refinement> refine(UUID id, int serviceId, String reporterKey, Instant since, String problem,
                Location place) {
            return Optional.empty();
        }

        @Override
        public void writeCounts() {
            tries.incrementAndGet();
            throw new IllegalStateException("No space left on device");
        }
    }
}
