package io.outcry;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * A node in a JVM of its own, as {@code java -jar outcry.jar serve} runs it, for what kills it and starts it again.
 * Closing it kills it, if it still runs.
 */
public final class ChildNode implements AutoCloseable {
    private final Process process;
    private final Client client;

    private ChildNode(Process process, Client client) {
        this.process = process;
        this.client = client;
    }

    /**
     * Starts {@code serve} on a free port over {@code dataDir}, its output appended to {@code child.log} there, with
     * the abuse defences and the official status poller off (all load comes from one address, and there is no
     * network) and {@code env} on top; returns once it answers {@code /ready}. A JVM that loads the geography on a
     * busy machine can take tens of seconds.
     *
     * @throws IllegalStateException when the child exits or is not ready within 120 s (it is killed first)
     */
    public static ChildNode start(Path dataDir, Map<String, String> env) throws IOException {
        ChildNode node = launch(dataDir, env);
        try {
            // Refused connections are ignored until it listens; a child that exits fails at once.
            await("the child JVM is ready").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                    .failFast("the child JVM exited", () -> !node.isAlive())
                    .until(node::ready);
        } catch (RuntimeException e) {
            node.process.destroyForcibly();
            throw new IllegalStateException("the child JVM did not start: " + e.getMessage() + "\n"
                    + Files.readString(dataDir.resolve("child.log")), e);
        }
        return node;
    }

    /** As {@link #start}, without waiting for it to be ready: for what kills a node while it starts. */
    public static ChildNode launch(Path dataDir, Map<String, String> env) throws IOException {
        int port = freePort();
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
        return new ChildNode(pb.start(), new Client(port));
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Whether it answers {@code /ready} with 200 now (false while it does not listen yet). */
    public boolean ready() {
        try {
            return client.get("/ready").status() == 200;
        } catch (RuntimeException notListening) {
            return false;
        }
    }

    public Client client() {
        return client;
    }

    /** Kills it as {@code kill -9} does; true once it is reaped, within 10 s. */
    public boolean kill() throws InterruptedException {
        return process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    /** A report a sender sends: its id (which the node stores it under) and its service. */
    public record Report(UUID id, String service) {}

    /** Reports being sent until {@link #stop()}. */
    public static final class Flood {
        private final AtomicBoolean go = new AtomicBoolean(true);
        private final ExecutorService senders;

        private Flood(int threads) {
            senders = Executors.newFixedThreadPool(threads);
        }

        /** Stops sending; true once every sender has ended, within 30 s. */
        public boolean stop() throws InterruptedException {
            go.set(false);
            senders.shutdown();
            return senders.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Sends reports from {@code threads} threads until the flood is stopped, each with a User-Agent of its own
     * ({@code label}, the thread, the report's number): thread {@code t} draws its reports from
     * {@code reports.apply(t)}. The ids of the reports the node acknowledged (200 or 201) go to {@code acknowledged};
     * a request the kill cuts short is never acknowledged.
     */
    public Flood flood(int threads, String label, IntFunction<Supplier<Report>> reports, Set<UUID> acknowledged) {
        Flood flood = new Flood(threads);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            flood.senders.submit(() -> {
                Supplier<Report> next = reports.apply(thread);
                for (int i = 0; flood.go.get(); i++) {
                    Report r = next.get();
                    try {
                        var a = client.postJson("/api/v1/reports", "{\"service\":\"" + r.service() + "\",\"id\":\""
                                + r.id() + "\"}", "User-Agent", label + "t" + thread + "n" + i);
                        if (a.status() == 201 || a.status() == 200) {
                            acknowledged.add(r.id());
                        }
                    } catch (RuntimeException e) {
                        // the server died mid-request: in flight, never acknowledged
                    }
                }
            });
        }
        return flood;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
