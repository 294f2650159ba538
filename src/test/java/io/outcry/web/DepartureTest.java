package io.outcry.web;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A client is gone once it closed or reset its connection; one that waits, or sends its next request, is there. */
class DepartureTest {
    /** What a test does with one connection: its client's socket, the server's side of it, and its departure. */
    private interface OnConnection {
        void run(Socket client, SocketChannel accepted, Departure departure) throws Exception;
    }

    /** Runs {@code test} on a new connection whose server side is non-blocking, as Jetty's are. */
    private static void connected(OnConnection test) throws Exception {
        connected(false, test);
    }

    private static void connected(boolean blocking, OnConnection test) throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
                Socket client = new Socket()) {
            client.connect(server.getLocalAddress());
            try (SocketChannel accepted = server.accept()) {
                accepted.configureBlocking(blocking);
                test.run(client, accepted, Departure.of(accepted));
            }
        }
    }

    @Test
    void a_client_that_waits_is_there_until_it_closes() throws Exception {
        connected((client, accepted, d) -> {
            for (int probe = 0; probe < 3; probe++) {
                assertFalse(d.gone(), "a client waiting for its answer, asked again and again");
            }
            client.shutdownOutput(); // FIN, as a client that closes
            await().atMost(Duration.ofSeconds(5)).until(d::gone);
        });
    }

    @Test
    void a_client_that_sent_its_next_request_is_there_and_nothing_of_it_is_read() throws Exception {
        connected((client, accepted, d) -> {
            byte[] next = "GET /next HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            client.getOutputStream().write(next);
            client.getOutputStream().flush();
            await().atMost(Duration.ofSeconds(5)).until(() -> accepted.socket().getInputStream().available() > 0);
            assertFalse(d.gone(), "a client that sent its next request is still there");
            assertEquals(next.length, accepted.read(java.nio.ByteBuffer.allocate(100)), "its request is left to read");
        });
    }

    @Test
    void a_client_that_resets_its_connection_is_gone() throws Exception {
        connected((client, accepted, d) -> {
            client.setSoLinger(true, 0);
            client.close(); // RST
            await().atMost(Duration.ofSeconds(5)).until(d::gone);
        });
    }

    @Test
    void a_connection_the_server_closed_is_gone() throws Exception {
        connected((client, accepted, d) -> {
            accepted.close(); // as Jetty closes the connection of a failed request
            assertTrue(d.gone());
        });
    }

    @Test
    void a_probe_that_fails_for_another_reason_leaves_a_present_client_there() throws Exception {
        // A blocking channel cannot be registered with a selector: the probe throws, the client has not left.
        connected(true, (client, accepted, d) -> {
            assertFalse(d.gone(), "a failed probe is not a departure");
            assertFalse(d.gone());
        });
    }
}
