package io.outcry.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outcry.Config;
import io.outcry.MutableClock;
import io.outcry.TestNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A client cannot hold the server's connections: headers have a deadline, and one address a number of them. */
class SlowClientsTest {
    private static TestNode node(int perAddress) {
        Config config = TestNode.freshConfig()
                .withConnections(new Connections(perAddress, Duration.ofSeconds(1), Duration.ofSeconds(30)));
        return TestNode.on(config, new MutableClock(TestNode.START));
    }

    /** True when the server closed the connection within the time: a read ends instead of waiting. */
    private static boolean closedWithin(Socket socket, Duration time) throws IOException {
        socket.setSoTimeout((int) time.toMillis());
        InputStream in = socket.getInputStream();
        try {
            while (in.read() != -1) {
                // an answer (a 408, say) before the close is fine
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** An address of this machine that is not loopback: the test needs one, as any networked machine has. */
    private static InetAddress outsideAddress() throws IOException {
        return NetworkInterface.networkInterfaces().filter(i -> {
                    try {
                        return i.isUp() && !i.isLoopback();
                    } catch (IOException e) {
                        return false;
                    }
                }).flatMap(NetworkInterface::inetAddresses).filter(a -> a instanceof Inet4Address).findFirst()
                .orElseThrow(() -> new AssertionError("this test needs a network interface besides loopback"));
    }

    @Test
    void closes_a_connection_whose_headers_trickle_in_past_the_deadline() throws Exception {
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try (TestNode node = node(100); Socket socket = new Socket("localhost", node.app.port())) {
            socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.US_ASCII));
            // One header line every 200 ms: Jetty's idle timeout alone never ends this.
            trickle.scheduleAtFixedRate(() -> {
                try {
                    socket.getOutputStream().write("X-Slow: 1\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException closed) {
                    // the server closed it: what the test waits for
                }
            }, 200, 200, TimeUnit.MILLISECONDS);
            assertTrue(closedWithin(socket, Duration.ofSeconds(8)), "closed about 1 s after the headers began");
            assertEquals(200, node.client.get("/health").status(), "the node still answers");
        } finally {
            trickle.shutdownNow();
        }
    }

    @Test
    void one_address_holds_at_most_its_share_of_connections() throws Exception {
        try (TestNode node = node(5)) {
            // Loopback is exempt (a local proxy, a load test): connect as the network sees this machine.
            InetAddress outside = outsideAddress();
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    sockets.add(new Socket(outside, node.app.port()));
                }
                // The acceptors may take them in any order: whichever three came last are closed.
                List<Socket> open = new ArrayList<>();
                for (Socket s : sockets) {
                    if (!closedWithin(s, Duration.ofSeconds(2))) {
                        open.add(s);
                    }
                }
                assertEquals(5, open.size(), "connections beyond 5 from one address are closed at once");
                for (Socket s : open) {
                    s.setSoTimeout(10_000);
                    s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                    assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
                }
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
        }
    }
}
