package io.outcry.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.SocketChannelEndPoint;

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
    private static final String ATTRIBUTE = Departure.class.getName();
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

    /** True once the client closed or reset its connection. */
    public boolean gone() {
        if (gone || channel == null) {
            return gone;
        }
        // A selector of its own: the channel stays registered with Jetty's, and nothing is read from it.
        try (Selector probe = Selector.open()) {
            channel.register(probe, SelectionKey.OP_READ);
            gone = probe.selectNow() > 0 && channel.socket().getInputStream().available() == 0;
        } catch (IOException | RuntimeException closed) {
            gone = true; // closed by Jetty, reset by the client
        }
        return gone;
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
