package io.outcry;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.outcry.web.Compression;
import io.outcry.web.Errors;
import io.outcry.web.SlowClients;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;

/** The HTTP server of a node: virtual threads, the connector's limits, JSON, errors and the route table. */
final class Server {
    /** Connections the kernel holds for the node to accept; it caps this at net.core.somaxconn (4096 by default). */
    static final int ACCEPT_QUEUE = 1_024;

    private Server() {}

    static Javalin create(Config config, SlowClients slowClients, Controllers controllers, ObjectMapper json,
            Metrics metrics, Runnable databaseUnreachable) {
        return Javalin.create(javalin -> {
            javalin.concurrency.useVirtualThreads = true;
            javalin.jetty.addConnector((server, httpConfig) -> {
                ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(httpConfig));
                connector.setPort(config.port());
                // Jetty leaves the listen queue to Java's default of 50: in a burst of new connections (an outage sends
                // everyone to the page at once) the kernel dropped those beyond it, and each waited a second to retry.
                connector.setAcceptQueueSize(ACCEPT_QUEUE);
                connector.setIdleTimeout(config.connections().idleTimeout().toMillis());
                connector.addBean(slowClients);
                return connector;
            });
            javalin.http.maxRequestSize = 1_000_000;
            javalin.http.prefer405over404 = true;
            // The buffer Javalin copies each result through, allocated per response: Jetty's 32 kB made most of the
            // garbage of an ingest load. Answers are smaller; cached bodies are written at once (HttpCache).
            javalin.http.responseBufferSize = 4_096;
            javalin.jsonMapper(new JavalinJackson(json, true));
            javalin.startup.showJavalinBanner = false;
            javalin.http.compressionStrategy = Compression.gzipButStreams();
            Errors.register(javalin, metrics::reportRejected, databaseUnreachable);
            Routes.register(javalin, controllers, config.benchEndpoint(), config.hsts());
        });
    }
}
