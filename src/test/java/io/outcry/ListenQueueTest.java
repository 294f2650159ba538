package io.outcry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The node's listening socket holds a burst of new connections: the kernel's accept queue for it is {@link
 * Server#ACCEPT_QUEUE}, not Java's default of 50, beyond which connections were dropped and retried a second later.
 * Read from the kernel with {@code ss} (iproute2), which shows a listening socket's queue limit as its Send-Q.
 */
class ListenQueueTest {
    @Test
    void the_kernel_queues_a_burst_of_new_connections() throws Exception {
        try (TestNode node = TestNode.fresh()) {
            List<String> lines = ss("-ltnH", "sport = :" + node.app.port());
            assertEquals(1, lines.size(), "one listening socket: " + lines);
            String[] columns = lines.get(0).trim().split("\\s+"); // State Recv-Q Send-Q Local Peer
            int limit = Integer.parseInt(columns[2]);
            // (readString stops short on /proc files, which say they are empty)
            int somaxconn = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/core/somaxconn")).get(0).trim());
            assertEquals(Math.min(Server.ACCEPT_QUEUE, somaxconn), limit, lines.get(0));
            assertTrue(limit > 50, "more than Java's default");
        }
    }

    private static List<String> ss(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ss"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "ss answers");
        assertEquals(0, p.exitValue(), out);
        return out.lines().filter(l -> !l.isBlank()).toList();
    }
}
