package io.outcry.web;

import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Query parameters every endpoint reads the same way: instants, durations, whole numbers, with clear 400s. */
public final class Params {
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,6})([smhd])");

    private static final Instant EARLIEST = Instant.EPOCH;
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private Params() {}

    /**
     * An ISO-8601 instant ({@code 2026-11-27T14:00:00Z}) or a duration back from now ({@code 24h}), between the years
     * 1970 and 9999: what both databases store and every computation on it can hold.
     */
    public static Instant instant(Context ctx, String name, Instant now, Instant fallback) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        Instant t;
        try {
            t = Instant.parse(value);
        } catch (DateTimeParseException e) {
            Duration back = parseDuration(value);
            if (back == null) {
                throw Problem.badRequest(name, name + " must be an ISO-8601 instant such as 2026-11-27T14:00:00Z, or a"
                        + " duration back from now such as 24h.");
            }
            t = back.compareTo(Duration.between(EARLIEST, now)) > 0 ? EARLIEST.minusSeconds(1) : now.minus(back);
        }
        if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
            throw Problem.badRequest(name, name + " is out of range: from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z.");
        }
        return t;
    }

    /** A duration: {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d} or ISO-8601 ({@code PT5M}). */
    public static Duration duration(Context ctx, String name, Duration fallback) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        Duration d = parseDuration(value);
        if (d == null || d.isNegative() || d.isZero()) {
            throw Problem.badRequest(name, name + " must be a positive duration such as 5m, 1h or PT5M.");
        }
        return d;
    }

    public static int integer(Context ctx, String name, int fallback, int min, int max) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw Problem.badRequest(name, name + " must be a whole number from " + min + " to " + max + ".");
    }

    /** true, false, or the fallback when absent. */
    public static Boolean bool(Context ctx, String name, Boolean fallback) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return switch (value.trim().toLowerCase()) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw Problem.badRequest(name, name + " must be true or false.");
        };
    }

    static Duration parseDuration(String value) {
        Matcher m = SHORT_DURATION.matcher(value.trim());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(value.trim());
        } catch (DateTimeParseException | ArithmeticException e) {
            return null;
        }
    }
}
