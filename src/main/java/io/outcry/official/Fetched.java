package io.outcry.official;

import java.time.Duration;

/** What one conditional GET of a source gave. */
public sealed interface Fetched {
    /** A new answer, with the validators to send next time. */
    record Body(byte[] bytes, String etag, String lastModified) implements Fetched {}

    /** {@code 304 Not Modified}: the last answer still holds. */
    record NotModified() implements Fetched {}

    /**
     * No usable answer; {@code retryAfter} is what a 429 or 503 asked for (null when it did not say).
     *
     * @param reason a short sentence for the operator, without the body
     */
    record Failed(String reason, Duration retryAfter) implements Fetched {}
}
