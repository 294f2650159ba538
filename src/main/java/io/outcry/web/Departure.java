package io.outcry.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.net.SocketException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the client of a request is still there, for work that computes long enough for it to leave.
 *
 * <p>Jetty reads nothing from a connection while its handler runs (it reads the next request after the answer), so
 * it only learns that the client closed or reset the connection when it writes the answer; its request failure
 * listeners are not called before. This asks the socket itself: it is readable although nothing waits to be read only
 * when the other end closed it (or reset it). Nothing is read, so a request the client sent ahead stays for Jetty; a
 * client that sent one ahead and then left is not seen to leave (its bytes are still there to be read).
 */
public final class Departure {
    private static final Logger log = LoggerFactory.getLogger(Departure.class);
    private static final String ATTRIBUTE = Departure.class.getName();
    /** A probe that cannot be made is said once: it fails the same way for every request. */
    private static final AtomicBoolean warned = new AtomicBoolean();
    /** A client never seen to leave: work run outside a request. */
    public static final Departure NEVER = new Departure(null);

    private final SocketChannel channel;
    private volatile boolean gone;

    private Departure(SocketChannel channel) {
        this.channel = channel;
    }

    /** The client of this request (one per request, made on first use). */
    public static Departure of(Context ctx) {
        if (ctx.attribute(ATTRIBUTE) instanceof Departure d) {
            return d;
        }
        Departure d = new Departure(channel(ctx));
        ctx.attribute(ATTRIBUTE, d);
        return d;
    }

    /** The client at the other end of a server-side connection. */
    static Departure of(SocketChannel channel) {
        return new Departure(channel);
    }

    private static SocketChannel channel(Context ctx) {
        try {
            var endPoint = ServletContextRequest.getServletContextRequest(ctx.req()).getConnectionMetaData()
                    .getConnection().getEndPoint();
            return endPoint instanceof SocketChannelEndPoint socket ? socket.getChannel() : null;
        } catch (RuntimeException notJetty) {
            return null;
        }
    }

    /**
     * True once the client closed or reset its connection. A probe that fails for any other reason (no selector to
     * be had, a channel Jetty handed over in another mode) says nothing of the client: it is logged once and the
     * client is taken to be there, so the work goes on and its answer is written as it would be without this check.
     */
    public boolean gone() {
        if (gone || channel == null) {
            return gone;
        }
        try {
            gone = Probe.readable(channel) && channel.socket().getInputStream().available() == 0;
        } catch (ClosedChannelException | CancelledKeyException | SocketException closed) {
            gone = true; // closed by Jetty, or its socket closed or reset
        } catch (IOException | RuntimeException notAnAnswer) {
            if (!warned.getAndSet(true)) {
                log.warn("Could not tell whether a client left; its work goes on", notAnAnswer);
            }
        }
        return gone;
    }

    /**
     * One selector for every probe, taken in turn: the channel stays registered with Jetty's selector, is registered
     * with this one only while it is asked, and nothing is read from it.
     */
    private static final class Probe {
        private static Selector selector;

        static synchronized boolean readable(SocketChannel channel) throws IOException {
            if (selector == null) {
                selector = Selector.open();
            }
            SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
            try {
                return selector.selectNow() > 0 && key.isReadable();
            } finally {
                key.cancel();
                selector.selectedKeys().clear();
                forget();
            }
        }

        /** Deregisters the cancelled key, so that the same channel can be asked again; a broken selector is dropped. */
        private static void forget() throws IOException {
            try {
                selector.selectNow();
            } catch (IOException | RuntimeException e) {
                Selector broken = selector;
                selector = null;
                broken.close();
                throw e;
            }
        }
    }

    /** Stops the work of a client that left: throws {@link Left}, which nobody answers. */
    public void check() {
        if (gone()) {
            throw new Left();
        }
    }

    /** The client left: the work stops and no answer is written. */
    public static final class Left extends RuntimeException {
        Left() {
            super("the client closed the connection", null, false, false);
        }
    }
}
