package io.outcry.web;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
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

/**
 * Conditional GET for the public read endpoints: a strong ETag over the exact body, Last-Modified, 304 on
 * If-None-Match or If-Modified-Since, and a short shared Cache-Control; plus the open CORS of public GETs.
 */
public final class HttpCache {
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

    /** A body with its ETag computed once, for answers that are cached and sent many times. */
    public record Body(byte[] bytes, String etag, Instant lastModified) {
        public static Body of(byte[] bytes, Instant lastModified) {
            return new Body(bytes, "\"" + digest(bytes) + "\"", lastModified);
        }
    }

    /** Answers a prepared body as {@code contentType}, or 304 when the client's copy is current. */
    public static void send(Context ctx, String contentType, Body body) {
        String etag = body.etag();
        Instant lastModified = body.lastModified();
        ctx.header("ETag", etag);
        ctx.header("Cache-Control", CACHE_CONTROL);
        Instant modified = lastModified == null ? null : lastModified.truncatedTo(ChronoUnit.SECONDS);
        if (modified != null) {
            ctx.header("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(modified.atZone(ZoneOffset.UTC)));
        }
        if (notModified(ctx.header("If-None-Match"), ctx.header("If-Modified-Since"), etag, modified)) {
            ctx.status(304);
            return;
        }
        ctx.contentType(contentType).result(body.bytes());
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
        if (read && !ctx.path().startsWith("/api/v1/admin")) {
            ctx.header("Access-Control-Allow-Origin", "*");
            ctx.header("Access-Control-Expose-Headers", "ETag, Last-Modified");
        }
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
