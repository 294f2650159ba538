package io.outcry.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;

/**
 * What one client may hold of the server, watched on every connection the connector opens: at most
 * {@code perAddress} open connections per client address (trusted proxies, which carry everyone, and this machine
 * itself, where a local proxy or a load test runs, are exempt), and a
 * request's headers whole within {@code headerTimeout} however slowly they trickle in (Jetty's idle timeout is reset
 * by every byte, so a client sending one byte a second held a connection for ever).
 */
public final class SlowClients implements Connection.Listener, AutoCloseable {
    private final int perAddress;
    private final long headerTimeoutNanos;
    private final Set<InetAddress> exempt;
    private final LongSupplier nanos;
    private final Map<InetAddress, AtomicInteger> open = new ConcurrentHashMap<>();
    /** Connections in the middle of a request's headers, and since when (monotonic ns). */
    private final Map<Connection, Long> inHeaders = new ConcurrentHashMap<>();
    private final Set<Connection> watched = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("slow-clients").daemon().factory());

    public SlowClients(Connections limits, Set<InetAddress> exempt, LongSupplier nanos) {
        this.perAddress = limits.perAddress();
        this.headerTimeoutNanos = limits.headerTimeout().toNanos();
        this.exempt = exempt;
        this.nanos = nanos;
        long every = Math.max(50, limits.headerTimeout().toMillis() / 4);
        sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onOpened(Connection connection) {
        InetAddress address = addressOf(connection);
        if (limited(address)) {
            int n = open.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
            if (perAddress > 0 && n > perAddress) {
                connection.getEndPoint().close();
                return;
            }
        }
        watched.add(connection);
    }

    @Override
    public void onClosed(Connection connection) {
        watched.remove(connection);
        inHeaders.remove(connection);
        InetAddress address = addressOf(connection);
        if (limited(address)) {
            open.computeIfPresent(address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
        }
    }

    /** Closes the connections whose current request's headers started arriving longer than the timeout ago. */
    private void sweep() {
        long now = nanos.getAsLong();
        for (Connection c : watched) {
            if (c instanceof HttpConnection http && http.getParser().inHeaderState() && !http.getParser().isStart()) {
                long since = inHeaders.computeIfAbsent(c, k -> now);
                if (now - since > headerTimeoutNanos) {
                    c.getEndPoint().close();
                }
            } else {
                inHeaders.remove(c);
            }
        }
        inHeaders.keySet().retainAll(watched); // a connection that closed during the sweep
    }

    /** Open connections of one address now, for tests. */
    int openFrom(InetAddress address) {
        AtomicInteger n = open.get(address);
        return n == null ? 0 : n.get();
    }

    private boolean limited(InetAddress address) {
        return address != null && !address.isLoopbackAddress() && !exempt.contains(address);
    }

    private static InetAddress addressOf(Connection connection) {
        SocketAddress remote = connection.getEndPoint().getRemoteSocketAddress();
        return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
