package io.outcry;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** A node in a JVM of its own, as {@code java -jar outcry.jar serve} runs it: for what kills it and starts it again. */
public final class ChildNode {
    private ChildNode() {}

    /**
     * Starts {@code serve} on {@code port} over {@code dataDir}, its output appended to {@code child.log} there, with
     * the abuse defences and the official status poller off (all load comes from one address, and there is no
     * network) and {@code env} on top.
     */
    public static Process start(Path dataDir, int port, Map<String, String> env) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "io.outcry.cli.Main", "serve").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("child.log").toFile()));
        pb.environment().put("OUTCRY_DATA_DIR", dataDir.toString());
        pb.environment().put("OUTCRY_PORT", String.valueOf(port));
        pb.environment().put("OUTCRY_REPORTER_LIMIT", "0");
        pb.environment().put("OUTCRY_SUBNET_LIMIT", "0");
        pb.environment().put("OUTCRY_SUBNET_CAP", "0");
        pb.environment().put("OUTCRY_CHALLENGE", "false");
        pb.environment().put("OUTCRY_OFFICIAL_STATUS", "false");
        pb.environment().putAll(env);
        return pb.start();
    }

    /**
     * Waits until the child answers {@code /ready}: refused connections are ignored until it listens, a child that
     * exits fails at once. A JVM that loads the geography on a busy machine can take tens of seconds.
     */
    public static void awaitReady(Client client, Process child) {
        await("the child JVM is ready").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .failFast("the child JVM exited", () -> !child.isAlive())
                .ignoreExceptions()
                .until(() -> client.get("/ready").status() == 200);
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
