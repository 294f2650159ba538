package io.outcry.web;

/**
 * An answer that explains what was wrong with a request, rendered as RFC 9457 problem details. Thrown anywhere a
 * request can be refused; {@link Errors} turns it into the response.
 */
public final class Problem extends RuntimeException {
    private final int status;
    private final String type;
    private final String title;
    private final String field;
    private final Integer retryAfterSeconds;

    private Problem(int status, String type, String title, String detail, String field, Integer retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static Problem badRequest(String field, String detail) {
        return new Problem(400, "invalid-field", "Invalid request", detail, field, null);
    }

    public static Problem unknown(String field, String detail) {
        return new Problem(400, "unknown-" + field, "Unknown " + field, detail, field, null);
    }

    public static Problem malformed(String detail) {
        return new Problem(400, "malformed-body", "Malformed body", detail, null, null);
    }

    public static Problem notFound(String detail) {
        return new Problem(404, "not-found", "Not found", detail, null, null);
    }

    public static Problem unsupportedMediaType(String detail) {
        return new Problem(415, "unsupported-media-type", "Unsupported media type", detail, null, null);
    }

    public static Problem tooLarge(String detail) {
        return new Problem(413, "body-too-large", "Body too large", detail, null, null);
    }

    public static Problem unavailable(String detail, int retryAfterSeconds) {
        return new Problem(503, "unavailable", "Try again shortly", detail, null, retryAfterSeconds);
    }

    public static Problem tooManyRequests(String detail, int retryAfterSeconds) {
        return new Problem(429, "too-many-requests", "Too many requests", detail, null, retryAfterSeconds);
    }

    /** 428: the request must carry a solved proof-of-work challenge in the field {@code altcha}. */
    public static Problem challengeRequired(String detail) {
        return new Problem(428, "challenge-required", "Challenge required", detail, "altcha", null);
    }

    public static Problem forbidden(String detail) {
        return new Problem(403, "forbidden", "Forbidden", detail, null, null);
    }

    public static Problem of(int status, String type, String title, String detail) {
        return new Problem(status, type, title, detail, null, null);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public String field() {
        return field;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
