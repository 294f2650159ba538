package io.outcry.web;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Conditional GET for the public read endpoints: a strong ETag over the exact body, Last-Modified, 304 on
 * If-None-Match or If-Modified-Since, and a short shared Cache-Control; plus the open CORS of public GETs.
 */
public final class HttpCache {
    private static final Logger log = LoggerFactory.getLogger(HttpCache.class);
    /** Short enough that a feed reader sees an outage within seconds, long enough to absorb a burst of polls. */
    public static final String CACHE_CONTROL = "public, max-age=15";

    private HttpCache() {}

    /** Serialises {@code body} with the app's JSON mapper and answers it, or 304 when the client has it already. */
    public static void json(Context ctx, Object body, Instant lastModified) {
        String text = ctx.jsonMapper().toJsonString(body, Object.class);
        send(ctx, "application/json", text.getBytes(StandardCharsets.UTF_8), lastModified);
    }

    /** Answers {@code body} as {@code contentType}, or 304 when the client's copy is current. */
    public static void send(Context ctx, String contentType, byte[] body, Instant lastModified) {
        send(ctx, contentType, Body.of(body, lastModified));
    }

    /** Bodies smaller than this are sent as they are (as Javalin's own compression does). */
    static final int GZIP_FROM = 1_500;

    /**
     * A body with its ETag computed once and its gzip form made at most once, for answers that are cached and sent
     * many times: compressing on every request would cost more than building the answer.
     */
    public static final class Body {
        private final byte[] bytes;
        private final String etag;
        private final String gzipEtag;
        private final Instant lastModified;
        /** The Last-Modified header's value, formatted once: {@code lastModified} to the second, or null. */
        private final String lastModifiedHeader;
        private volatile byte[] gzipped;

        private Body(byte[] bytes, String etag, Instant lastModified) {
            this.bytes = bytes;
            this.etag = etag;
            this.gzipEtag = etag.substring(0, etag.length() - 1) + "-gzip\"";
            this.lastModified = lastModified == null ? null : lastModified.truncatedTo(ChronoUnit.SECONDS);
            this.lastModifiedHeader = lastModified == null ? null
                    : DateTimeFormatter.RFC_1123_DATE_TIME.format(this.lastModified.atZone(ZoneOffset.UTC));
        }

        public static Body of(byte[] bytes, Instant lastModified) {
            return new Body(bytes, "\"" + digest(bytes) + "\"", lastModified);
        }

        public byte[] bytes() {
            return bytes;
        }

        public String etag() {
            return etag;
        }

        public Instant lastModified() {
            return lastModified;
        }

        byte[] gzipped() {
            byte[] g = gzipped;
            if (g == null) {
                ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
                try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
                    gzip.write(bytes);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                g = out.toByteArray();
                gzipped = g;
            }
            return g;
        }
    }

    /**
     * Answers a prepared body as {@code contentType}, gzipped once and for all when the client accepts it, or 304 when
     * the client's copy is current. The gzip form has its own ETag, as RFC 9110 wants of another representation.
     */
    public static void send(Context ctx, String contentType, Body body) {
        boolean gzip = body.bytes().length >= GZIP_FROM && acceptsGzip(ctx.header("Accept-Encoding"));
        String etag = gzip ? body.gzipEtag : body.etag();
        if (body.bytes().length >= GZIP_FROM) {
            ctx.header("Vary", "Accept-Encoding");
        }
        ctx.header("ETag", etag);
        ctx.header("Cache-Control", CACHE_CONTROL);
        if (body.lastModifiedHeader != null) {
            ctx.header("Last-Modified", body.lastModifiedHeader);
        }
        if (notModified(ctx.header("If-None-Match"), ctx.header("If-Modified-Since"), etag, body.lastModified())) {
            ctx.status(304);
            return;
        }
        if (gzip) {
            // Javalin leaves a response that already has a Content-Encoding alone.
            ctx.header("Content-Encoding", "gzip");
            write(ctx, contentType, body.gzipped());
        } else {
            write(ctx, contentType, body.bytes());
        }
    }

    /**
     * Writes a whole body at once rather than as a result that Javalin copies to the response through a buffer of its
     * own, allocated per request: one write lets Jetty send a cached map of 100 kB without another copy.
     */
    private static void write(Context ctx, String contentType, byte[] body) {
        ctx.contentType(contentType);
        ctx.res().setContentLength(body.length);
        try {
            ctx.outputStream().write(body);
        } catch (IOException e) {
            log.debug("The client left before its answer was written: {}", e.toString());
        }
    }

    private static double weight(String q) {
        try {
            return Double.parseDouble(q.trim());
        } catch (NumberFormatException e) {
            return 1; // an unreadable weight is ignored
        }
    }

    /** True when {@code Accept-Encoding} lists gzip (or *) without {@code q=0}. */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.split(",")) {
            String[] p = part.trim().split(";");
            String coding = p[0].trim().toLowerCase(java.util.Locale.ROOT);
            if (coding.equals("gzip") || coding.equals("*")) {
                for (int i = 1; i < p.length; i++) {
                    String q = p[i].trim();
                    if (q.startsWith("q=") && weight(q.substring(2)) == 0) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    /** RFC 9110 §13.1: If-None-Match wins over If-Modified-Since; weak and strong tags compare alike for GET. */
    static boolean notModified(String ifNoneMatch, String ifModifiedSince, String etag, Instant modified) {
        if (ifNoneMatch != null) {
            for (String tag : ifNoneMatch.split(",")) {
                String t = tag.trim();
                if (t.equals("*") || (t.startsWith("W/") ? t.substring(2) : t).equals(etag)) {
                    return true;
                }
            }
            return false;
        }
        if (ifModifiedSince != null && modified != null) {
            try {
                Instant since = ZonedDateTime.parse(ifModifiedSince.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                return !modified.isAfter(since);
            } catch (DateTimeParseException e) {
                return false; // an unreadable date is ignored, as RFC 9110 asks
            }
        }
        return false;
    }

    /**
     * Before-handler: any site may read public GETs (no credentials are ever allowed); writes and the admin API get
     * no CORS header, so browsers on other origins cannot call them.
     */
    public static void cors(Context ctx) {
        boolean read = ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD;
        if (read && isPublic(ctx.path())) {
            ctx.header("Access-Control-Allow-Origin", "*");
            ctx.header("Access-Control-Expose-Headers", "ETag, Last-Modified");
        }
    }

    /**
     * A browser's CORS preflight ({@code OPTIONS} before a read that sends a header of its own, such as
     * {@code If-None-Match} with an ETag it kept): a public path that takes GET lets any origin read it with the
     * headers asked for, without credentials, as {@link #cors} lets it; anything else gets no permission, so browsers
     * on other origins still cannot write.
     */
    static void preflight(Context ctx, boolean takesGet) {
        String method = ctx.header("Access-Control-Request-Method");
        if (takesGet && isPublic(ctx.path()) && ("GET".equals(method) || "HEAD".equals(method))) {
            ctx.header("Access-Control-Allow-Origin", "*");
            ctx.header("Access-Control-Allow-Methods", "GET, HEAD");
            String headers = ctx.header("Access-Control-Request-Headers");
            if (headers != null && !headers.isBlank()) {
                ctx.header("Access-Control-Allow-Headers", headers);
            }
            ctx.header("Access-Control-Max-Age", "86400");
        }
    }

    /** Not the admin API, nor the metrics: no web page of any other site needs to read a node's internals. */
    private static boolean isPublic(String path) {
        return !path.startsWith("/api/v1/admin") && !path.equals("/metrics");
    }

    private static String digest(byte[] body) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
