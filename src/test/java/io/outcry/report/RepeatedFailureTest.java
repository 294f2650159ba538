package io.outcry.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
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
import org.slf4j.LoggerFactory;

/** A failure that repeats many times a second (a full disk) fills the log once a minute, not once per try. */
class RepeatedFailureTest {
    @Test
    void logs_a_repeating_failure_once_per_interval_with_the_repeats_left_out() {
        Logger logger = (Logger) LoggerFactory.getLogger("repeated-failure-test");
        ListAppender<ILoggingEvent> logged = listen(logger);
        AtomicLong nanos = new AtomicLong();
        RepeatedFailure failure = new RepeatedFailure(logger, "Writing failed", Duration.ofMinutes(1), nanos::get);
        for (int i = 0; i < 600; i++) { // ten a second for a minute
            failure.failed(new IllegalStateException("No space left on device"));
            nanos.addAndGet(100_000_000L);
        }
        failure.failed(new IllegalStateException("No space left on device"));
        assertEquals(2, logged.list.size());
        assertEquals("Writing failed", logged.list.get(0).getFormattedMessage());
        assertTrue(logged.list.get(1).getFormattedMessage().contains("again 599 times"),
                logged.list.get(1).getFormattedMessage());
        assertTrue(logged.list.get(1).getThrowableProxy() != null, "with its stack");
        failure.succeeded();
        assertEquals(Level.INFO, logged.list.get(2).getLevel());
        assertEquals("Recovered after 601 failures: Writing failed", logged.list.get(2).getFormattedMessage());
        logger.detachAppender(logged);
    }

    @Test
    void an_idle_writer_that_cannot_write_its_counts_logs_it_once() {
        Logger logger = (Logger) LoggerFactory.getLogger(ReportWriter.class);
        ListAppender<ILoggingEvent> logged = listen(logger);
        AtomicInteger tries = new AtomicInteger();
        try (ReportWriter writer = new ReportWriter(new FullDisk(tries), 10, 10, nanos -> {})) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> tries.get() >= 20);
        } finally {
            logger.detachAppender(logged);
        }
        assertEquals(1, logged.list.stream().filter(e -> e.getLevel() == Level.ERROR).count(),
                tries.get() + " failed tries");
    }

    private static ListAppender<ILoggingEvent> listen(Logger logger) {
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        return logged;
    }

    /** An intake on a full disk: every write of its counts fails. */
    private record FullDisk(AtomicInteger tries) implements Intake {
        @Override
        public List<Accepted> write(List<NewReport> batch) {
            throw new IllegalStateException("No space left on device");
        }

        @Override
        public int open(Instant now) {
            return 0;
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
