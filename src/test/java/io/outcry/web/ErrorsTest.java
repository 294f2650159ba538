package io.outcry.web;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import io.javalin.Javalin;
import io.outcry.CapturedLog;
import io.javalin.http.Context;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ErrorsTest {

    /**
     * Javalin resumes an asynchronous request (a live stream) when its handler returns. If Jetty has recycled the
     * request by then (its client left, the node stopped), every call on the context fails; an error handler that
     * throws there makes Javalin handle its exception again, for ever: a busy core and gigabytes of log until the
     * process ends. Here the request is completed behind Javalin's back, which recycles it the same way, and Javalin
     * resumes it on a thread of the test's own, which goes idle only if the handling ends.
     */
    @Test
    void a_request_resumed_after_jetty_recycled_it_ends_without_a_storm_of_errors() throws Exception {
        CapturedLog logged = CapturedLog.root();
        ExecutorService resumer = Executors.newSingleThreadExecutor();
        Javalin server = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.startup.showJavalinBanner = false;
            Errors.register(config, type -> {}, () -> {});
            config.routes.get("/stream", ctx -> ctx.future(() -> CompletableFuture.runAsync(() -> {
                ctx.req().getAsyncContext().complete();
                awaitRecycled(ctx);
            }, resumer)));
        });
        try {
            server.start(0);
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port()
                    + "/stream")).build(), HttpResponse.BodyHandlers.discarding());
            resumer.shutdown();
            assertTrue(resumer.awaitTermination(5, TimeUnit.SECONDS), "Javalin's handling of the request ended");
            List<String> warnings = logged.atLeast(Level.WARN);
            assertTrue(warnings.size() < 3, warnings.size() + " warnings: " + warnings.stream().limit(4).toList());
        } finally {
            logged.close();
            resumer.shutdownNow();
            server.stop();
        }
    }

    /** Until Jetty has recycled the response: from then on, asking its status fails. */
    private static void awaitRecycled(Context ctx) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            try {
                ctx.res().getStatus();
            } catch (IllegalStateException recycled) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("Jetty did not recycle the completed request");
    }
}
