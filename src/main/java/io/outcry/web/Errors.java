package io.outcry.web;

import java.time.Duration;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.MethodNotAllowedResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What goes wrong and how it is shown: every error leaves as RFC 9457 problem JSON; a 5xx is logged once. */
public final class Errors {
    private static final Logger log = LoggerFactory.getLogger(Errors.class);
    public static final String PROBLEM_JSON = "application/problem+json";
    private static final String REPORTS = "/api/v1/reports";
    /** Every request fails alike while the database is down: said once a minute. */
    private static final RepeatedFailure databaseDown = new RepeatedFailure(log,
            "The database cannot be reached; requests that need it answer 503", Duration.ofMinutes(1),
            System::nanoTime);

    private Errors() {}

    /**
     * Every handler here ends normally, whatever happens: when Javalin resumes a request Jetty has already recycled (a
     * live stream whose client left while the node stopped), every call on the context fails, and a handler that
     * throws makes Javalin handle its exception again, for ever.
     *
     * @param reportRejected told the problem type of every refused {@code POST /api/v1/reports}, for the metrics
     * @param databaseUnreachable told when a statement failed because the database could not be reached
     */
    public static void register(JavalinConfig config, Consumer<String> reportRejected, Runnable databaseUnreachable) {
        config.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
        config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new JettyErrors()));
        config.routes.exception(Problem.class, (e, ctx) -> safely(() -> refuse(ctx, e, reportRejected)));
        config.routes.exception(HttpResponseException.class,
                (e, ctx) -> safely(() -> refuse(ctx, fromJavalin(e), reportRejected)));
        config.routes.exception(MethodNotAllowedResponse.class,
                (e, ctx) -> safely(() -> methodNotAllowed(ctx, e, reportRejected)));
        config.routes.exception(Exception.class, (e, ctx) -> unexpected(ctx, e, reportRejected, databaseUnreachable));
        // Its work stopped because the client left: nobody reads an answer.
        config.routes.exception(Departure.Left.class, (e, ctx) -> log.debug("{}: the client left", ctx.path()));
        config.routes.error(404, ctx -> safely(() -> {
            if (!isProblem(ctx) && !isPage(ctx)) {
                write(ctx, Problem.notFound("No resource at " + ctx.path()));
            }
        }));
    }

    /**
     * A method the path does not take: 405 with the methods it does take in {@code Allow} (RFC 9110 §15.5.6), rather
     * than "not found" for an address that exists. {@code OPTIONS} asks for exactly that list: 204 with it, and to a
     * browser's CORS preflight of a public read, the permission its reads have ({@link HttpCache#preflight}).
     */
    private static void methodNotAllowed(Context ctx, MethodNotAllowedResponse e, Consumer<String> reportRejected) {
        List<String> methods = new ArrayList<>();
        e.getDetails().values().forEach(v -> methods.addAll(List.of(v.split("\\s*,\\s*"))));
        if (methods.contains("GET") && !methods.contains("HEAD")) {
            methods.add(methods.indexOf("GET") + 1, "HEAD"); // Javalin answers HEAD for every GET
        }
        methods.add("OPTIONS");
        String allow = String.join(", ", methods);
        ctx.header("Allow", allow);
        if (ctx.method() == HandlerType.OPTIONS) {
            HttpCache.preflight(ctx, methods.contains("GET"));
            ctx.status(204);
            return;
        }
        refuse(ctx, Problem.of(405, "method-not-allowed", "Method not allowed",
                ctx.method() + " is not allowed on " + ctx.path() + "; it takes " + allow + "."), reportRejected);
    }

    /** Logs an exception no route expected and answers 500; only at debug level when the request is already gone. */
    private static void unexpected(Context ctx, Exception e, Consumer<String> reportRejected,
            Runnable databaseUnreachable) {
        String request;
        try {
            request = ctx.method() + " " + ctx.path();
        } catch (RuntimeException gone) {
            log.debug("Error after its request ended", e);
            return;
        }
        if (clientLeft(e)) {
            // Not our error, and anyone can cause it at will: no stack, not a 5xx.
            log.debug("{}: the client closed the connection before the end of its body", request);
            safely(() -> refuse(ctx, Problem.of(400, "incomplete-body", "Incomplete body",
                    "The body ended before the length it announced."), reportRejected));
            return;
        }
        if (Reachability.isUnreachable(e)) {
            databaseUnreachable.run();
            databaseDown.failed(e);
            safely(() -> refuse(ctx, Problem.unavailable("The database cannot be reached just now.", 5),
                    reportRejected));
            return;
        }
        log.error("Unhandled error on {}", request, e);
        safely(() -> refuse(ctx, Problem.of(500, "internal-error", "Internal error",
                "Something went wrong on our side."), reportRejected));
    }

    /** The connection ended while the body was being read: Jetty's end-of-file, whatever wraps it. */
    private static boolean clientLeft(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EofException) {
                return true;
            }
        }
        return false;
    }

    private static void safely(Runnable answer) {
        try {
            answer.run();
        } catch (RuntimeException gone) {
            log.debug("Could not answer: the request ended", gone);
        }
    }

    private static void refuse(Context ctx, Problem p, Consumer<String> reportRejected) {
        if (ctx.method() == HandlerType.POST && REPORTS.equals(ctx.path())) {
            reportRejected.accept(p.type());
        }
        write(ctx, p);
    }

    private static boolean isProblem(Context ctx) {
        String type = ctx.res().getContentType();
        return type != null && type.startsWith(PROBLEM_JSON);
    }

    /** A page that says itself what was not found (an unknown service or outage), for browsers. */
    private static boolean isPage(Context ctx) {
        String type = ctx.res().getContentType();
        return type != null && type.startsWith("text/html");
    }

    private static Problem fromJavalin(HttpResponseException e) {
        return switch (e.getStatus()) {
            case 413 -> Problem.tooLarge("The body is larger than this endpoint accepts.");
            case 400 -> Problem.malformed(e.getMessage());
            case 404 -> Problem.notFound(e.getMessage());
            default -> Problem.of(e.getStatus(), "http-" + e.getStatus(), e.getMessage(), e.getMessage());
        };
    }

    public static void write(Context ctx, Problem p) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://outcry.io/problems/" + p.type());
        boolean french = "fr".equals(Lang.of(ctx));
        body.put("title", french ? FrenchProblems.title(p) : p.title());
        body.put("status", p.status());
        body.put("detail", french ? FrenchProblems.detail(p, ctx.path()) : p.detail());
        ctx.header("Content-Language", french ? "fr" : "en");
        if (p.field() != null) {
            body.put("field", p.field());
        }
        body.put("instance", ctx.path());
        if (p.retryAfterSeconds() != null) {
            ctx.header("Retry-After", String.valueOf(p.retryAfterSeconds()));
        }
        ctx.status(p.status()).json(body).contentType(PROBLEM_JSON);
    }
}
