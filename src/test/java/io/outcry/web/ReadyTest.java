package io.outcry.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outcry.Client;
import io.outcry.TestDirs;
import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Ready means ready: once /ready says so, a report is answered in normal time. */
class ReadyTest {
    @Test
    void the_first_report_after_ready_is_answered_at_once() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path dir = TestDirs.create("outcry-ready");
        // A process of its own: in this JVM the geography may already be loaded by another test.
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.outcry.cli.Main", "serve")
                .redirectErrorStream(true).redirectOutput(new File(dir.toFile(), "node.log"));
        pb.environment().put("OUTCRY_PORT", String.valueOf(port));
        pb.environment().put("OUTCRY_DATA_DIR", dir.toString());
        Process node = pb.start();
        try {
            Client client = new Client(port);
            OpenWebTest.until(Duration.ofSeconds(120), () -> {
                try {
                    return client.get("/ready").status() == 200;
                } catch (RuntimeException notYet) {
                    return false;
                }
            });
            long start = System.nanoTime();
            Client.Answer a = client.postJson("/api/v1/reports", "{\"service\":\"chatgpt\"}");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(201, a.status(), a.body());
            assertTrue(millis < 2_000, "the first report after ready took " + millis + " ms");
        } finally {
            node.destroy();
            node.waitFor();
        }
    }
}
