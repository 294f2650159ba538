package io.outcry;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node hears on one PostgreSQL {@code LISTEN} channel: a dedicated connection outside the pool, polled on its
 * own thread, reconnected after any failure with a growing pause. Notifications sent while it was disconnected are
 * lost (PostgreSQL keeps none for an absent listener); callers treat them as hints, the database stays the truth.
 */
public final class Notifications implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Notifications.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(30);

    private final String url;
    private final Properties properties;
    private final String channel;
    private final Consumer<String> onPayload;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean listening;
    private volatile long reconnects;
    private volatile Connection connection;

    Notifications(String url, String user, String password, String channel, Consumer<String> onPayload) {
        if (!channel.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("a channel is a plain lower-case identifier, got " + channel);
        }
        this.url = url;
        this.properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("ApplicationName", "outcry-listen");
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("tcpKeepAlive", "true");
        this.channel = channel;
        this.onPayload = onPayload;
        this.thread = Thread.ofPlatform().name("listen-" + channel).daemon().start(this::run);
    }

    /** True while the connection is up and subscribed: what is sent now will be heard. */
    public boolean listening() {
        return listening;
    }

    /** How many times the connection was lost and made again. */
    public long reconnects() {
        return reconnects;
    }

    private void run() {
        Duration pause = Duration.ofMillis(250);
        while (running) {
            try (Connection c = DriverManager.getConnection(url, properties)) {
                connection = c;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + channel);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                listening = true;
                pause = Duration.ofMillis(250);
                while (running) {
                    PGNotification[] received = pg.getNotifications((int) POLL.toMillis());
                    if (received == null) {
                        continue;
                    }
                    for (PGNotification n : received) {
                        try {
                            onPayload.accept(n.getParameter());
                        } catch (RuntimeException e) {
                            log.warn("A notification on {} could not be handled", channel, e);
                        }
                    }
                }
            } catch (SQLException e) {
                listening = false;
                if (!running) {
                    break;
                }
                reconnects++;
                log.warn("Listening on {} failed ({}); reconnecting in {} ms", channel, e.getSQLState(),
                        pause.toMillis());
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
                pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
            } finally {
                listening = false;
                connection = null;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing anyway
            }
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
