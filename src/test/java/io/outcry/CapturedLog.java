package io.outcry;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** What a logger, and every logger under it, logs while a test holds this: kept in memory until it is closed. */
public final class CapturedLog implements AutoCloseable {
    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private CapturedLog(Logger logger) {
        this.logger = logger;
        appender.start();
        logger.addAppender(appender);
    }

    public static CapturedLog of(String name) {
        return new CapturedLog((Logger) LoggerFactory.getLogger(name));
    }

    public static CapturedLog of(Class<?> type) {
        return of(type.getName());
    }

    /** Everything any logger logs. */
    public static CapturedLog root() {
        return of(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    /** The logger, for code under test that is given one. */
    public Logger logger() {
        return logger;
    }

    /** Every event so far, in order. */
    public List<ILoggingEvent> events() {
        synchronized (appender) { // AppenderBase appends under its own lock
            return List.copyOf(appender.list);
        }
    }

    /** "logger: message" of every event at {@code level} or above so far. */
    public List<String> atLeast(Level level) {
        return events().stream().filter(e -> e.getLevel().isGreaterOrEqual(level))
                .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
    }
}
