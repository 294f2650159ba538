package io.outcry.official;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/** A status page on this machine: the JDK's HTTP server answering paths as a test tells it, and what it was asked. */
final class LocalSource implements AutoCloseable {
    /** One request as the server saw it. */
    record Seen(String path, String userAgent, String ifNoneMatch, String ifModifiedSince) {}

    private final HttpServer server;
    private final Map<String, HttpHandler> routes = new ConcurrentHashMap<>();
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    /** Handlers that hang wait on this; closing the source releases them. */
    final CountDownLatch release = new CountDownLatch(1);

    LocalSource() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            seen.add(new Seen(exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("User-Agent"),
                    exchange.getRequestHeaders().getFirst("If-None-Match"),
                    exchange.getRequestHeaders().getFirst("If-Modified-Since")));
            HttpHandler h = routes.get(exchange.getRequestURI().getPath());
            try (exchange) {
                if (h == null) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    h.handle(exchange);
                }
            } catch (IOException e) {
                // the client went away (a body it refused, a timeout): nothing to answer
            }
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    int port() {
        return server.getAddress().getPort();
    }

    void handle(String path, HttpHandler handler) {
        routes.put(path, handler);
    }

    /** Answers {@code body} with an ETag; answers 304 to a request that sends the ETag back. */
    void serve(String path, String contentType, byte[] body, String etag) {
        handle(path, ex -> {
            if (etag != null && etag.equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                ex.sendResponseHeaders(304, -1);
                return;
            }
            ex.getResponseHeaders().set("Content-Type", contentType);
            if (etag != null) {
                ex.getResponseHeaders().set("ETag", etag);
            }
            send(ex, 200, body);
        });
    }

    static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    long requests(String path) {
        return seen.stream().filter(s -> s.path().equals(path)).count();
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
