package io.outcry.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

/**
 * A small HTTP/1.1 load generator for the benchmarks: one virtual thread and one keep-alive socket per connection,
 * requests written as raw bytes and responses read just enough to find their end (Content-Length or chunked). It
 * costs the shared CPU far less than {@code java.net.http.HttpClient}, so more of the machine is left to the server.
 *
 * <p>Closed loop when {@code rate} is 0; otherwise the connections pace themselves to {@code rate} requests/s in
 * all, and latency is counted from when a request was due, not when it was sent, so a stall of the server shows in
 * the percentiles instead of silently slowing the client down (no coordinated omission).
 */
final class Load {
    private Load() {}

    /** What one run measured. Errors are keyed by HTTP status or exception class. */
    record Result(String name, long requests, Map<String, Long> errors, double seconds, long p50Micros,
            long p99Micros, long maxMicros, long bytes) {
        double rate() {
            return requests / seconds;
        }

        long errorCount() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }

        String row() {
            return String.format(Locale.ROOT, "| %s | %,.0f | %.2f | %.2f | %.1f | %s |", name, rate(),
                    p50Micros / 1000.0, p99Micros / 1000.0, maxMicros / 1000.0,
                    errors.isEmpty() ? "0" : errors.toString());
        }

        static String header() {
            return "| scenario | requests/s | p50 ms | p99 ms | max ms | errors |\n|---|---:|---:|---:|---:|---|\n";
        }
    }

    /** Builds request {@code n} (a global sequence number) as the bytes to send, head and body. */
    static byte[] get(String path) {
        return ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nUser-Agent: outcry-bench\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] getGzip(String path) {
        return ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nUser-Agent: outcry-bench\r\nAccept-Encoding: gzip\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] postJson(String path, String userAgent, String json) {
        return postJson(path, userAgent, json, "");
    }

    /** @param headers extra header lines, each ending in CRLF */
    static byte[] postJson(String path, String userAgent, String json, String headers) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n" + headers + "User-Agent: " + userAgent
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        return out;
    }

    /** One request on a fresh connection: its latency in microseconds, or -1 if it failed. */
    static long once(int port, byte[] request) {
        long t0 = System.nanoTime();
        Connection c = null;
        try {
            c = new Connection(port);
            int status = c.exchange(request, new LongAdder());
            return status < 300 ? (System.nanoTime() - t0) / 1_000 : -1;
        } catch (IOException e) {
            return -1;
        } finally {
            if (c != null) {
                c.close();
            }
        }
    }

    static Result run(String name, int port, int connections, Duration duration, double rate,
            LongFunction<byte[]> request) throws InterruptedException {
        AtomicBoolean go = new AtomicBoolean(true);
        AtomicLong sequence = new AtomicLong();
        Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        LongAdder bytes = new LongAdder();
        long[][] latencies = new long[connections][];
        int[] counts = new int[connections];
        long intervalNanos = rate > 0 ? (long) (1e9 * connections / rate) : 0;
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < connections; c++) {
                int worker = c;
                latencies[c] = new long[1 << 14];
                // Paced connections start spread over one interval, not all at once.
                long first = start + (intervalNanos * c) / connections;
                pool.submit(() -> {
                    Connection conn = null;
                    long due = first;
                    while (go.get()) {
                        long t0;
                        if (intervalNanos > 0) {
                            long wait = due - System.nanoTime();
                            if (wait > 0) {
                                LockSupport.parkNanos(wait);
                            }
                            t0 = due;
                            due += intervalNanos;
                        } else {
                            t0 = System.nanoTime();
                        }
                        byte[] req = request.apply(sequence.incrementAndGet());
                        try {
                            if (conn == null) {
                                conn = new Connection(port);
                            }
                            int status = conn.exchange(req, bytes);
                            if (status >= 300) {
                                errors.computeIfAbsent(String.valueOf(status), k -> new LongAdder()).increment();
                                continue;
                            }
                        } catch (IOException | RuntimeException e) {
                            errors.computeIfAbsent(e.getClass().getSimpleName(), k -> new LongAdder()).increment();
                            if (conn != null) {
                                conn.close();
                                conn = null;
                            }
                            continue;
                        }
                        if (!go.get()) {
                            break; // answered after the end: not counted, as the elapsed time is already taken
                        }
                        long micros = (System.nanoTime() - t0) / 1_000;
                        if (counts[worker] == latencies[worker].length) {
                            latencies[worker] = Arrays.copyOf(latencies[worker], counts[worker] * 2);
                        }
                        latencies[worker][counts[worker]++] = micros;
                    }
                    if (conn != null) {
                        conn.close();
                    }
                });
            }
            Thread.sleep(duration);
            go.set(false);
            double elapsed = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            if (!pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
            return summarise(name, latencies, counts, errors, elapsed, bytes.sum());
        }
    }

    private static Result summarise(String name, long[][] latencies, int[] counts, Map<String, LongAdder> errors,
            double elapsed, long bytes) {
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < latencies.length; c++) {
            System.arraycopy(latencies[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        long p50 = total == 0 ? 0 : all[(int) (total * 0.50)];
        long p99 = total == 0 ? 0 : all[Math.min(total - 1, (int) (total * 0.99))];
        long max = total == 0 ? 0 : all[total - 1];
        Map<String, Long> errorCounts = new TreeMap<>();
        errors.forEach((k, v) -> errorCounts.put(k, v.sum()));
        return new Result(name, total, errorCounts, elapsed, p50, p99, max, bytes);
    }

    /** One keep-alive connection; reads a response's head and skips its body. */
    private static final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private final byte[] skip = new byte[16_384];

        Connection(int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(30_000);
            out = new BufferedOutputStream(socket.getOutputStream(), 4_096);
            in = new BufferedInputStream(socket.getInputStream(), 16_384);
        }

        int exchange(byte[] request, LongAdder bytes) throws IOException {
            out.write(request);
            out.flush();
            String statusLine = line();
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            for (String h = line(); !h.isEmpty(); h = line()) {
                int colon = h.indexOf(':');
                String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = h.substring(colon + 1).trim();
                if (name.equals("content-length")) {
                    length = Long.parseLong(value);
                } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                    chunked = true;
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
                        size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                    skipFully(size);
                    bytes.add(size);
                    line();
                }
                while (!line().isEmpty()) {
                    // trailers
                }
            } else if (length > 0) {
                skipFully(length);
                bytes.add(length);
            }
            return status;
        }

        private void skipFully(long n) throws IOException {
            while (n > 0) {
                int read = in.read(skip, 0, (int) Math.min(skip.length, n));
                if (read < 0) {
                    throw new EOFException();
                }
                n -= read;
            }
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder(64);
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new EOFException();
                }
                if (c != '\r') {
                    b.append((char) c);
                }
            }
            return b.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
