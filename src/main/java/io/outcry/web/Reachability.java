package io.outcry.web;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The pool as readers see it: once the database could not be reached, every request fails at once (and answers 503)
 * instead of waiting the pool's 5 s for a connection, while a probe of its own, at most once per {@link #PROBE_EVERY},
 * tries the pool again; the first probe that gets a connection ends the outage for all.
 */
public final class Reachability implements DataSource {
    static final Duration PROBE_EVERY = Duration.ofSeconds(1);
    private final DataSource pool;
    private final LongSupplier nanos;
    private volatile boolean down;
    private volatile long probeAfter;
    private final AtomicBoolean probing = new AtomicBoolean();

    public Reachability(DataSource pool, LongSupplier nanos) {
        this.pool = pool;
        this.nanos = nanos;
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (down) {
            if (nanos.getAsLong() - probeAfter >= 0 && probing.compareAndSet(false, true)) {
                Thread.ofVirtual().name("database-probe").start(this::probe);
            }
            throw new SQLTransientConnectionException("The database cannot be reached just now", "08001");
        }
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            if (isUnreachable(e)) {
                probeAfter = nanos.getAsLong() + PROBE_EVERY.toNanos();
                down = true;
            }
            throw e;
        }
    }

    /**
     * A statement failed because the database could not be reached (on a connection the pool still held): the next
     * requests fail at once while a probe finds out, instead of each waiting the pool's timeout for a new connection.
     */
    public void unreachable() {
        probeAfter = nanos.getAsLong();
        down = true;
    }

    /**
     * Tries the pool away from any request, which would otherwise wait the pool's timeout. A connection the pool kept
     * from before may be dead without the pool knowing yet, so only one that answers ends the outage.
     */
    private void probe() {
        boolean answers = false;
        try (Connection c = pool.getConnection()) {
            answers = c.isValid(2);
        } catch (SQLException e) {
            answers = false;
        } finally {
            if (answers) {
                down = false;
            } else {
                probeAfter = nanos.getAsLong() + PROBE_EVERY.toNanos();
            }
            probing.set(false);
        }
    }

    /**
     * A connection could not be had or was lost: SQLSTATE class 08 (connection exception), PostgreSQL's 57P01–57P03
     * (shut down, starting up), H2's 90098 and 90121 (it closed the database after a write failed on a full disk; the
     * pool then opens it again), or the pool's timeout.
     */
    public static boolean isUnreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || s.getSQLState().startsWith("57P0")
                            || s.getErrorCode() == 90098 || s.getErrorCode() == 90121)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("connections come from the pool's own credentials");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || pool.isWrapperFor(type);
    }
}
